import type { LeaseStore } from '../store'
import { sqliteBatches } from './batches'
import type { Db } from './connection'

export function sqliteLeases(db: Db): LeaseStore {
  const batches = sqliteBatches(db)
  const markAlive = (owner: string, until: number) =>
    db
      .prepare(
        'INSERT INTO replicas (replica_id, expires_ms) VALUES (?, ?) ON CONFLICT (replica_id) DO UPDATE SET expires_ms = excluded.expires_ms',
      )
      .run(owner, until)
  return {
    async take(lease, expiredOnly = false) {
      const at = Date.now()
      const open = `completed_at IS NULL AND batch_id IN (SELECT batch_id FROM batches WHERE status IN ('queued','running'))`
      const taken = db
        .transaction(() => {
          markAlive(lease.owner, at + lease.ttl_ms)
          const takeWhere = (where: string, ...params: unknown[]) =>
            db
              .prepare(
                `UPDATE units SET lease_owner = ?, lease_expires_ms = ? WHERE ${open} AND (${where}) RETURNING batch_id, unit_no`,
              )
              .all(lease.owner, at + lease.ttl_ms, ...params) as { batch_id: string; unit_no: number }[]
          if (!expiredOnly) {
            db.prepare('DELETE FROM stage_runs WHERE owner = ?').run(lease.owner)
            return takeWhere('lease_owner IS NULL OR lease_owner = ? OR lease_expires_ms < ?', lease.owner, at)
          }
          const dead = db
            .prepare('DELETE FROM replicas WHERE expires_ms < ? AND replica_id <> ? RETURNING replica_id')
            .pluck()
            .all(at, lease.owner) as string[]
          const endRuns = db.prepare('DELETE FROM stage_runs WHERE owner = ?')
          for (const replica of dead) endRuns.run(replica)
          if (dead.length === 0) return takeWhere('lease_owner <> ? AND lease_expires_ms < ?', lease.owner, at)
          return takeWhere(
            'NOT EXISTS (SELECT 1 FROM stage_runs r WHERE r.batch_id = units.batch_id AND r.unit_no = units.unit_no AND r.expires_ms >= ?)',
            at,
          )
        })
        .immediate()
      // Most renewals take nothing: the per-stage counts of every open unit are read only when some were taken.
      if (taken.length === 0) return []
      const keys = new Set(taken.map((u) => `${u.batch_id}/${u.unit_no}`))
      return (await batches.unfinishedUnits()).filter((u) => keys.has(`${u.batch_id}/${u.unit_no}`))
    },

    async claimRun(ref, stage, lease, runId) {
      return db
        .transaction(() => {
          const at = Date.now()
          const claimed = db
            .prepare(
              `INSERT INTO stage_runs (batch_id, unit_no, stage, owner, run_id, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (batch_id, unit_no, stage) DO UPDATE SET owner = excluded.owner, run_id = excluded.run_id,
                 expires_ms = excluded.expires_ms
               WHERE stage_runs.expires_ms < ?`,
            )
            .run(ref.batch_id, ref.unit_no, stage, lease.owner, runId, at + lease.ttl_ms, at).changes
          if (claimed === 0) return false
          db.prepare('UPDATE units SET lease_owner = ?, lease_expires_ms = ? WHERE batch_id = ? AND unit_no = ?').run(
            lease.owner,
            at + lease.ttl_ms,
            ref.batch_id,
            ref.unit_no,
          )
          return true
        })
        .immediate()
    },

    async releaseRun(ref, stage, runId) {
      db.prepare('DELETE FROM stage_runs WHERE batch_id = ? AND unit_no = ? AND stage = ? AND run_id = ?').run(
        ref.batch_id,
        ref.unit_no,
        stage,
        runId,
      )
    },

    async renew(lease) {
      return db
        .transaction(() => {
          const until = Date.now() + lease.ttl_ms
          markAlive(lease.owner, until)
          return db
            .prepare('UPDATE units SET lease_expires_ms = ? WHERE lease_owner = ? AND completed_at IS NULL')
            .run(until, lease.owner).changes
        })
        .immediate()
    },
  }
}
