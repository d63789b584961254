import { now, providerBatchClaimRow, providerBatchOf, type ProviderBatchSqlRow } from '../rows'
import type { ProviderBatchStore } from '../store'
import { numberedAll } from '../placeholders'
import { PROVIDER_BATCHES_SQL } from '../sql/provider-batches'
import { insertMany, type PgDb } from './connection'
import { insertCalls } from './llm'

const SQL = numberedAll(PROVIDER_BATCHES_SQL)

// PostgreSQL has no rowid: the id breaks ties between provider batches claimed in the same millisecond.
const OLDEST_FIRST = 'ORDER BY claimed_at, provider_batch_id'

export function pgProviderBatches(db: PgDb): ProviderBatchStore {
  return {
    async claim(batch) {
      return (
        (await insertMany(db, 'provider_batches', [providerBatchClaimRow(batch, now())], 'ON CONFLICT DO NOTHING')) ===
        1
      )
    },

    async submitted(claimId, providerBatchId) {
      await db.query(SQL.submitted, [providerBatchId, now(), claimId])
    },

    async release(claimId) {
      await db.query(SQL.release, [claimId])
    },

    async forStage(ref, stage) {
      const { rows } = await db.query<ProviderBatchSqlRow>(
        `SELECT * FROM provider_batches WHERE batch_id = $1 AND unit_no = $2 AND stage = $3 ${OLDEST_FIRST}`,
        [ref.batch_id, ref.unit_no, stage],
      )
      return rows.map(providerBatchOf)
    },

    async open(batchId) {
      const { rows } =
        batchId === undefined
          ? await db.query<ProviderBatchSqlRow>(`SELECT * FROM provider_batches WHERE ended_at IS NULL ${OLDEST_FIRST}`)
          : await db.query<ProviderBatchSqlRow>(
              `SELECT * FROM provider_batches WHERE ended_at IS NULL AND batch_id = $1 ${OLDEST_FIRST}`,
              [batchId],
            )
      return rows.map(providerBatchOf)
    },

    async end(providerBatchId, providerStatus, replies, calls) {
      return db.transaction(async (client) => {
        // Only the transaction that flips ended_at stores the calls: a second poller finds nothing to update.
        const { rows } = await client.query<{ batch_id: string; unit_no: number }>(
          `UPDATE provider_batches SET provider_status = $1, replies_json = $2, ended_at = $3
           WHERE provider_batch_id = $4 AND ended_at IS NULL RETURNING batch_id, unit_no`,
          [providerStatus, JSON.stringify(replies), now(), providerBatchId],
        )
        const row = rows[0]
        if (!row) return false
        await insertCalls(client, row, calls)
        return true
      })
    },
  }
}
