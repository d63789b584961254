import type { LeaseStore } from '../store'
import { pgBatches } from './batches'
import type { PgDb } from './connection'

export function pgLeases(db: PgDb): LeaseStore {
  const batches = pgBatches(db)
  return {
    async take(owner, ttlMs, expiredOnly = false) {
      const at = Date.now()
      // One UPDATE: two replicas starting together each get a disjoint share, never the same unit.
      const { rows: taken } = await db.query<{ batch_id: string; unit_no: number }>(
        `UPDATE units SET lease_owner = $1, lease_expires_ms = $2
         WHERE completed_at IS NULL AND batch_id IN (SELECT batch_id FROM batches WHERE status IN ('queued','running'))
           AND (${expiredOnly ? 'lease_owner <> $1 AND' : 'lease_owner IS NULL OR lease_owner = $1 OR'} lease_expires_ms < $3)
         RETURNING batch_id, unit_no`,
        [owner, at + ttlMs, at],
      )
      const keys = new Set(taken.map((u) => `${u.batch_id}/${u.unit_no}`))
      return (await batches.unfinishedUnits()).filter((u) => keys.has(`${u.batch_id}/${u.unit_no}`))
    },

    async hold(ref, owner, ttlMs) {
      await db.query('UPDATE units SET lease_owner = $1, lease_expires_ms = $2 WHERE batch_id = $3 AND unit_no = $4', [owner, Date.now() + ttlMs, ref.batch_id, ref.unit_no])
    },

    async renew(owner, ttlMs) {
      return (await db.query('UPDATE units SET lease_expires_ms = $1 WHERE lease_owner = $2 AND completed_at IS NULL', [Date.now() + ttlMs, owner])).rowCount ?? 0
    },
  }
}
