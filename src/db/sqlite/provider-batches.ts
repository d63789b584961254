import type { ProviderBatchRow, ProviderBatchStore } from '../store'
import { now } from '../rows'
import type { Db } from './connection'
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

export function sqliteProviderBatches(db: Db): ProviderBatchStore {
  return {
    async claim(batch) {
      const claimed = db
        .prepare(
          `INSERT INTO provider_batches (provider_batch_id, batch_id, unit_no, stage, provider, model, requests_json, claimed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          batch.provider_batch_id,
          batch.batch_id,
          batch.unit_no,
          batch.stage,
          batch.provider,
          batch.model,
          JSON.stringify(batch.requests),
          now(),
        )
      return claimed.changes === 1
    },

    async submitted(claimId, providerBatchId) {
      db.prepare(
        'UPDATE provider_batches SET provider_batch_id = ?, submitted_at = ? WHERE provider_batch_id = ? AND submitted_at IS NULL',
      ).run(providerBatchId, now(), claimId)
    },

    async release(claimId) {
      db.prepare('DELETE FROM provider_batches WHERE provider_batch_id = ? AND submitted_at IS NULL').run(claimId)
    },

    async forStage(ref, stage) {
      const rows = db
        .prepare(
          'SELECT * FROM provider_batches WHERE batch_id = ? AND unit_no = ? AND stage = ? ORDER BY claimed_at, rowid',
        )
        .all(ref.batch_id, ref.unit_no, stage) as Row[]
      return rows.map(parse)
    },

    async open(batchId) {
      const rows = (
        batchId === undefined
          ? db.prepare('SELECT * FROM provider_batches WHERE ended_at IS NULL ORDER BY claimed_at, rowid').all()
          : db
              .prepare(
                'SELECT * FROM provider_batches WHERE ended_at IS NULL AND batch_id = ? ORDER BY claimed_at, rowid',
              )
              .all(batchId)
      ) as Row[]
      return rows.map(parse)
    },

    async end(providerBatchId, providerStatus, replies, calls) {
      return db
        .transaction(() => {
          const row = db.prepare('SELECT * FROM provider_batches WHERE provider_batch_id = ?').get(providerBatchId) as
            Row | undefined
          if (!row || row.ended_at !== null) return false
          db.prepare(
            'UPDATE provider_batches SET provider_status = ?, replies_json = ?, ended_at = ? WHERE provider_batch_id = ?',
          ).run(providerStatus, JSON.stringify(replies), now(), providerBatchId)
          insertCalls(db, { batch_id: row.batch_id, unit_no: row.unit_no }, calls)
          return true
        })
        .immediate()
    },
  }
}
