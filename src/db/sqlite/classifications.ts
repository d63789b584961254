import { fromSqlRow, now, settledStatus, toSqlValue } from '../rows'
import { CLASSIFICATION_COLUMNS, RESULT_FIELDS, type ClassificationStore } from '../store'
import { getBatch } from './batches'
import type { Db } from './connection'

export function sqliteClassifications(db: Db): ClassificationStore {
  const counts = (batchId: string) =>
    db
      .prepare(
        `SELECT COALESCE(SUM(status = 'completed'), 0) AS completed, COALESCE(SUM(status = 'failed'), 0) AS failed
         FROM classifications WHERE batch_id = ?`,
      )
      .get(batchId) as { completed: number; failed: number }

  return {
    async completeUnit(ref, rows) {
      const columns = ['batch_id', 'indicator_id', 'name', 'units', 'status', 'error', ...CLASSIFICATION_COLUMNS, 'created_at']
      const upsert = db.prepare(
        `INSERT INTO classifications (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (batch_id, indicator_id) DO UPDATE SET ${columns.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      )
      return db.transaction(() => {
        const at = now()
        for (const row of rows) {
          upsert.run(ref.batch_id, row.indicator_id, row.name, row.units, row.status, row.error, ...CLASSIFICATION_COLUMNS.map((c) => toSqlValue(row.fields?.[c])), at)
        }
        db.prepare('UPDATE units SET completed_at = COALESCE(completed_at, ?) WHERE batch_id = ? AND unit_no = ?').run(at, ref.batch_id, ref.unit_no)
        const open = db.prepare('SELECT COUNT(*) FROM units WHERE batch_id = ? AND completed_at IS NULL').pluck().get(ref.batch_id) as number
        const batch = getBatch(db, ref.batch_id)
        if (!batch) throw new Error(`unknown batch ${ref.batch_id}`)
        if (open > 0) return { batch_finished: false, status: batch.status }
        const status = settledStatus(counts(ref.batch_id))
        db.prepare('UPDATE batches SET status = ?, finished_at = COALESCE(finished_at, ?) WHERE batch_id = ?').run(status, at, ref.batch_id)
        return { batch_finished: true, status }
      }).immediate()
    },

    async counts(batchId) {
      return counts(batchId)
    },

    async ofBatch(batchId) {
      const rows = db
        .prepare(
          `SELECT ${RESULT_FIELDS.map((f) => `c.${f}`).join(', ')} FROM classifications c
           JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
           WHERE c.batch_id = ? ORDER BY i.position`,
        )
        .all(batchId) as Record<string, unknown>[]
      return rows.map(fromSqlRow)
    },

    async latest(indicatorId) {
      const row = db
        .prepare(`SELECT ${RESULT_FIELDS.join(', ')} FROM classifications WHERE indicator_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`)
        .get(indicatorId) as Record<string, unknown> | undefined
      return row && fromSqlRow(row)
    },
  }
}
