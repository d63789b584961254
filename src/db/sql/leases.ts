// The lease queries alike in both engines (`?` parameters; PostgreSQL numbers them).
export const LEASES_SQL = {
  markAlive:
    'INSERT INTO replicas (replica_id, expires_ms) VALUES (?, ?) ON CONFLICT (replica_id) DO UPDATE SET expires_ms = excluded.expires_ms',
  endRunsOf: 'DELETE FROM stage_runs WHERE owner = ?',
  dropDead: 'DELETE FROM replicas WHERE expires_ms < ? AND replica_id <> ? RETURNING replica_id',
  claimRun: `INSERT INTO stage_runs (batch_id, unit_no, stage, owner, run_id, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (batch_id, unit_no, stage) DO UPDATE SET owner = excluded.owner, run_id = excluded.run_id,
      expires_ms = excluded.expires_ms
    WHERE stage_runs.expires_ms < ?`,
  leaseUnit: 'UPDATE units SET lease_owner = ?, lease_expires_ms = ? WHERE batch_id = ? AND unit_no = ?',
  releaseRun: 'DELETE FROM stage_runs WHERE batch_id = ? AND unit_no = ? AND stage = ? AND run_id = ?',
  renew: 'UPDATE units SET lease_expires_ms = ? WHERE lease_owner = ? AND completed_at IS NULL',
}

/**
 * Leases the unfinished units of open batches where `where` holds, in one UPDATE (replicas taking over at the same
 * moment each get a disjoint share): parameters owner, expiry, then `where`'s.
 */
export const takeUnitsWhere = (where: string) =>
  `UPDATE units SET lease_owner = ?, lease_expires_ms = ?
   WHERE completed_at IS NULL AND batch_id IN (SELECT batch_id FROM batches WHERE status IN ('queued','running'))
     AND (${where})
   RETURNING batch_id, unit_no`

/** Which units `take` leases: any free or stale one; only expired ones; only those no live stage run holds. */
export const TAKE_WHERE = {
  free: 'lease_owner IS NULL OR lease_owner = ? OR lease_expires_ms < ?',
  expired: 'lease_owner <> ? AND lease_expires_ms < ?',
  unheld:
    'NOT EXISTS (SELECT 1 FROM stage_runs r WHERE r.batch_id = units.batch_id AND r.unit_no = units.unit_no AND r.expires_ms >= ?)',
}
