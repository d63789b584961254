import type { LeaseStore } from '../store'
import { unfinishedUnits } from './batches'
import type { PgDb, Queryable } from './connection'

const markAlive = (db: Queryable, owner: string, until: number) =>
  db.query(
    'INSERT INTO replicas (replica_id, expires_ms) VALUES ($1, $2) ON CONFLICT (replica_id) DO UPDATE SET expires_ms = excluded.expires_ms',
    [owner, until],
  )

export function pgLeases(db: PgDb): LeaseStore {
  return {
    async take(lease, expiredOnly = false) {
      const at = Date.now()
      const taken = await db.transaction(async (client) => {
        await markAlive(client, lease.owner, at + lease.ttl_ms)
        // One UPDATE: replicas taking over at the same moment each get a disjoint share, never the same unit.
        const takeWhere = async (where: string, ...params: unknown[]) =>
          (
            await client.query<{ batch_id: string; unit_no: number }>(
              `UPDATE units SET lease_owner = $1, lease_expires_ms = $2
               WHERE completed_at IS NULL AND batch_id IN (SELECT batch_id FROM batches WHERE status IN ('queued','running'))
                 AND (${where})
               RETURNING batch_id, unit_no`,
              [lease.owner, at + lease.ttl_ms, at, ...params],
            )
          ).rows
        if (!expiredOnly) {
          await client.query('DELETE FROM stage_runs WHERE owner = $1', [lease.owner])
          return takeWhere('lease_owner IS NULL OR lease_owner = $1 OR lease_expires_ms < $3')
        }
        const { rows: dead } = await client.query<{ replica_id: string }>(
          'DELETE FROM replicas WHERE expires_ms < $1 AND replica_id <> $2 RETURNING replica_id',
          [at, lease.owner],
        )
        await client.query('DELETE FROM stage_runs WHERE owner = ANY($1)', [dead.map((r) => r.replica_id)])
        if (dead.length === 0) return takeWhere('lease_owner <> $1 AND lease_expires_ms < $3')
        return takeWhere(
          'NOT EXISTS (SELECT 1 FROM stage_runs r WHERE r.batch_id = units.batch_id AND r.unit_no = units.unit_no AND r.expires_ms >= $3)',
        )
      })
      return taken.length === 0 ? [] : unfinishedUnits(db, undefined, taken)
    },

    async claimRun(ref, stage, lease, runId) {
      return db.transaction(async (client) => {
        const at = Date.now()
        // The upsert locks the row: of two runs claiming at once, the second sees the first's live claim.
        const claimed = await client.query(
          `INSERT INTO stage_runs (batch_id, unit_no, stage, owner, run_id, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (batch_id, unit_no, stage) DO UPDATE SET owner = excluded.owner, run_id = excluded.run_id,
             expires_ms = excluded.expires_ms
           WHERE stage_runs.expires_ms < $7`,
          [ref.batch_id, ref.unit_no, stage, lease.owner, runId, at + lease.ttl_ms, at],
        )
        if (claimed.rowCount === 0) return false
        await client.query(
          'UPDATE units SET lease_owner = $1, lease_expires_ms = $2 WHERE batch_id = $3 AND unit_no = $4',
          [lease.owner, at + lease.ttl_ms, ref.batch_id, ref.unit_no],
        )
        return true
      })
    },

    async releaseRun(ref, stage, runId) {
      await db.query('DELETE FROM stage_runs WHERE batch_id = $1 AND unit_no = $2 AND stage = $3 AND run_id = $4', [
        ref.batch_id,
        ref.unit_no,
        stage,
        runId,
      ])
    },

    async renew(lease) {
      const until = Date.now() + lease.ttl_ms
      await markAlive(db, lease.owner, until)
      const units = await db.query(
        'UPDATE units SET lease_expires_ms = $1 WHERE lease_owner = $2 AND completed_at IS NULL',
        [until, lease.owner],
      )
      return units.rowCount ?? 0
    },
  }
}
