import type { LeaseStore } from '../store'
import { sqliteBatches } from './batches'
import type { Db } from './connection'

export function sqliteLeases(db: Db): LeaseStore {
  const batches = sqliteBatches(db)
  return {
    async take(owner, ttlMs, expiredOnly = false) {
      const at = Date.now()
      const taken = db
        .prepare(
          `UPDATE units SET lease_owner = ?, lease_expires_ms = ?
           WHERE completed_at IS NULL AND batch_id IN (SELECT batch_id FROM batches WHERE status IN ('queued','running'))
             AND (${expiredOnly ? 'lease_owner <> ? AND' : 'lease_owner IS NULL OR lease_owner = ? OR'} lease_expires_ms < ?)
           RETURNING batch_id, unit_no`,
        )
        .all(owner, at + ttlMs, owner, at) as { batch_id: string; unit_no: number }[]
      const keys = new Set(taken.map((u) => `${u.batch_id}/${u.unit_no}`))
      return (await batches.unfinishedUnits()).filter((u) => keys.has(`${u.batch_id}/${u.unit_no}`))
    },

    async hold(ref, owner, ttlMs) {
      db.prepare('UPDATE units SET lease_owner = ?, lease_expires_ms = ? WHERE batch_id = ? AND unit_no = ?').run(owner, Date.now() + ttlMs, ref.batch_id, ref.unit_no)
    },

    async renew(owner, ttlMs) {
      return db.prepare('UPDATE units SET lease_expires_ms = ? WHERE lease_owner = ? AND completed_at IS NULL').run(Date.now() + ttlMs, owner).changes
    },
  }
}
