import type { ProviderBatchStore } from '../store'
import { now, providerBatchClaimRow, providerBatchOf, type ProviderBatchSqlRow } from '../rows'
import { PROVIDER_BATCHES_SQL as SQL } from '../sql/provider-batches'
import { insertRows, type Db } from './connection'
import { insertCalls } from './llm'

export function sqliteProviderBatches(db: Db): ProviderBatchStore {
  return {
    async claim(batch) {
      return insertRows(db, 'provider_batches', [providerBatchClaimRow(batch, now())], 'ON CONFLICT DO NOTHING') === 1
    },

    async submitted(claimId, providerBatchId) {
      db.prepare(SQL.submitted).run(providerBatchId, now(), claimId)
    },

    async release(claimId) {
      db.prepare(SQL.release).run(claimId)
    },

    async forStage(ref, stage) {
      const rows = db
        .prepare(
          'SELECT * FROM provider_batches WHERE batch_id = ? AND unit_no = ? AND stage = ? ORDER BY claimed_at, rowid',
        )
        .all(ref.batch_id, ref.unit_no, stage) as ProviderBatchSqlRow[]
      return rows.map(providerBatchOf)
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
      ) as ProviderBatchSqlRow[]
      return rows.map(providerBatchOf)
    },

    async end(providerBatchId, providerStatus, replies, calls) {
      return db
        .transaction(() => {
          const row = db.prepare('SELECT * FROM provider_batches WHERE provider_batch_id = ?').get(providerBatchId) as
            ProviderBatchSqlRow | undefined
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
