import { LEASES_SQL as SQL, TAKE_WHERE, takeUnitsWhere } from '../sql/leases'
import type { LeaseStore } from '../store'
import { sqliteBatches } from './batches'
import type { Db } from './connection'

export function sqliteLeases(db: Db): LeaseStore {
  const batches = sqliteBatches(db)
  const markAlive = (owner: string, until: number) => db.prepare(SQL.markAlive).run(owner, until)
  return {
    async take(lease, expiredOnly = false) {
      const at = Date.now()
      const taken = db
        .transaction(() => {
          markAlive(lease.owner, at + lease.ttl_ms)
          const takeWhere = (where: string, ...params: unknown[]) =>
            db.prepare(takeUnitsWhere(where)).all(lease.owner, at + lease.ttl_ms, ...params) as {
              batch_id: string
              unit_no: number
            }[]
          if (!expiredOnly) {
            db.prepare(SQL.endRunsOf).run(lease.owner)
            return takeWhere(TAKE_WHERE.free, lease.owner, at)
          }
          const dead = db.prepare(SQL.dropDead).pluck().all(at, lease.owner) as string[]
          const endRuns = db.prepare(SQL.endRunsOf)
          for (const replica of dead) endRuns.run(replica)
          if (dead.length === 0) return takeWhere(TAKE_WHERE.expired, lease.owner, at)
          return takeWhere(TAKE_WHERE.unheld, at)
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
            .prepare(SQL.claimRun)
            .run(ref.batch_id, ref.unit_no, stage, lease.owner, runId, at + lease.ttl_ms, at).changes
          if (claimed === 0) return false
          db.prepare(SQL.leaseUnit).run(lease.owner, at + lease.ttl_ms, ref.batch_id, ref.unit_no)
          return true
        })
        .immediate()
    },

    async releaseRun(ref, stage, runId) {
      db.prepare(SQL.releaseRun).run(ref.batch_id, ref.unit_no, stage, runId)
    },

    async renew(lease) {
      return db
        .transaction(() => {
          const until = Date.now() + lease.ttl_ms
          markAlive(lease.owner, until)
          return db.prepare(SQL.renew).run(until, lease.owner).changes
        })
        .immediate()
    },
  }
}
