import { numberedAll } from '../placeholders'
import { LEASES_SQL, TAKE_WHERE, takeUnitsWhere } from '../sql/leases'
import type { LeaseStore } from '../store'
import { unfinishedUnits } from './batches'
import type { PgDb, Queryable } from './connection'

const SQL = numberedAll(LEASES_SQL)
const TAKE = numberedAll({
  free: takeUnitsWhere(TAKE_WHERE.free),
  expired: takeUnitsWhere(TAKE_WHERE.expired),
  unheld: takeUnitsWhere(TAKE_WHERE.unheld),
})

const markAlive = (db: Queryable, owner: string, until: number) => db.query(SQL.markAlive, [owner, until])

export function pgLeases(db: PgDb): LeaseStore {
  return {
    async take(lease, expiredOnly = false) {
      const at = Date.now()
      const taken = await db.transaction(async (client) => {
        await markAlive(client, lease.owner, at + lease.ttl_ms)
        const takeWhere = async (sql: string, ...params: unknown[]) =>
          (await client.query<{ batch_id: string; unit_no: number }>(sql, [lease.owner, at + lease.ttl_ms, ...params]))
            .rows
        if (!expiredOnly) {
          await client.query(SQL.endRunsOf, [lease.owner])
          return takeWhere(TAKE.free, lease.owner, at)
        }
        const { rows: dead } = await client.query<{ replica_id: string }>(SQL.dropDead, [at, lease.owner])
        await client.query('DELETE FROM stage_runs WHERE owner = ANY($1)', [dead.map((r) => r.replica_id)])
        if (dead.length === 0) return takeWhere(TAKE.expired, lease.owner, at)
        return takeWhere(TAKE.unheld, at)
      })
      return taken.length === 0 ? [] : unfinishedUnits(db, undefined, taken)
    },

    async claimRun(ref, stage, lease, runId) {
      return db.transaction(async (client) => {
        const at = Date.now()
        // The upsert locks the row: of two runs claiming at once, the second sees the first's live claim.
        const claimed = await client.query(SQL.claimRun, [
          ref.batch_id,
          ref.unit_no,
          stage,
          lease.owner,
          runId,
          at + lease.ttl_ms,
          at,
        ])
        if (claimed.rowCount === 0) return false
        await client.query(SQL.leaseUnit, [lease.owner, at + lease.ttl_ms, ref.batch_id, ref.unit_no])
        return true
      })
    },

    async releaseRun(ref, stage, runId) {
      await db.query(SQL.releaseRun, [ref.batch_id, ref.unit_no, stage, runId])
    },

    async renew(lease) {
      const until = Date.now() + lease.ttl_ms
      await markAlive(db, lease.owner, until)
      return (await db.query(SQL.renew, [until, lease.owner])).rowCount ?? 0
    },
  }
}
