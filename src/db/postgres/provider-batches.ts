import { now } from '../rows'
import type { ProviderBatchRow, ProviderBatchStore } from '../store'
import type { PgDb } from './connection'
import { insertCalls } from './llm'

interface Row {
  provider_batch_id: string
  batch_id: string
  unit_no: number
  stage: string
  provider: string
  model: string
  requests_json: string
  replies_json: string | null
  provider_status: string | null
  claimed_at: string
  submitted_at: string | null
  ended_at: string | null
}

function parse({ requests_json, replies_json, ...row }: Row): ProviderBatchRow {
  return {
    ...row,
    requests: JSON.parse(requests_json) as ProviderBatchRow['requests'],
    replies: replies_json === null ? null : (JSON.parse(replies_json) as ProviderBatchRow['replies']),
  }
}

// PostgreSQL has no rowid: the id breaks ties between provider batches claimed in the same millisecond.
const OLDEST_FIRST = 'ORDER BY claimed_at, provider_batch_id'

export function pgProviderBatches(db: PgDb): ProviderBatchStore {
  return {
    async claim(batch) {
      const { rowCount } = await db.query(
        `INSERT INTO provider_batches (provider_batch_id, batch_id, unit_no, stage, provider, model, requests_json, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          batch.provider_batch_id,
          batch.batch_id,
          batch.unit_no,
          batch.stage,
          batch.provider,
          batch.model,
          JSON.stringify(batch.requests),
          now(),
        ],
      )
      return rowCount === 1
    },

    async submitted(claimId, providerBatchId) {
      await db.query(
        'UPDATE provider_batches SET provider_batch_id = $1, submitted_at = $2 WHERE provider_batch_id = $3 AND submitted_at IS NULL',
        [providerBatchId, now(), claimId],
      )
    },

    async release(claimId) {
      await db.query('DELETE FROM provider_batches WHERE provider_batch_id = $1 AND submitted_at IS NULL', [claimId])
    },

    async forStage(ref, stage) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM provider_batches WHERE batch_id = $1 AND unit_no = $2 AND stage = $3 ${OLDEST_FIRST}`,
        [ref.batch_id, ref.unit_no, stage],
      )
      return rows.map(parse)
    },

    async open(batchId) {
      const { rows } =
        batchId === undefined
          ? await db.query<Row>(`SELECT * FROM provider_batches WHERE ended_at IS NULL ${OLDEST_FIRST}`)
          : await db.query<Row>(
              `SELECT * FROM provider_batches WHERE ended_at IS NULL AND batch_id = $1 ${OLDEST_FIRST}`,
              [batchId],
            )
      return rows.map(parse)
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
