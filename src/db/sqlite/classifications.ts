import { INPUT_FIELDS, RESULT_FIELDS, type ClassificationStore } from '../store'
import {
  CLASSIFICATION_KEY,
  classificationSqlRow,
  EQUALITY_FILTERS,
  fromSqlRow,
  now,
  settledStatus,
  upsertOn,
} from '../rows'
import { CLASSIFICATIONS_SQL as SQL } from '../sql/classifications'
import { getBatch } from './batches'
import { insertRows, type Db } from './connection'

// Its taxonomy CHECKs cost ~1 ms per statement (their IN lists are built on every execution): a unit's final rows go
// in statements of many rows. 500 rows of 29 columns stay well under SQLite's 32,766 parameters.
const ROWS_PER_STATEMENT = 500

export function sqliteClassifications(db: Db): ClassificationStore {
  const counts = (batchId: string) =>
    db
      .prepare(
        `SELECT COALESCE(SUM(status = 'completed'), 0) AS completed, COALESCE(SUM(status = 'failed'), 0) AS failed,
                COALESCE(SUM(status = 'completed' AND review_status = 'flagged'), 0) AS flagged
         FROM classifications WHERE batch_id = ?`,
      )
      .get(batchId) as { completed: number; failed: number; flagged: number }

  return {
    async completeUnit(ref, rows) {
      return db
        .transaction(() => {
          const at = now()
          insertRows(
            db,
            'classifications',
            rows.map((row) => classificationSqlRow(ref, row, at)),
            upsertOn(CLASSIFICATION_KEY, RESULT_FIELDS),
            ROWS_PER_STATEMENT,
          )
          db.prepare(SQL.completeUnit).run(at, ref.batch_id, ref.unit_no)
          const open = db.prepare(SQL.openUnits).pluck().get(ref.batch_id) as number
          const batch = getBatch(db, ref.batch_id)
          if (!batch) throw new Error(`unknown batch ${ref.batch_id}`)
          if (open > 0) return { batch_finished: false, status: batch.status }
          const status = settledStatus(counts(ref.batch_id))
          db.prepare(SQL.settle).run(status, at, ref.batch_id)
          return { batch_finished: true, status }
        })
        .immediate()
    },

    async counts(batchId) {
      return counts(batchId)
    },

    async page(batchId, query = {}) {
      const where = ['c.batch_id = ?', 'i.position > ?']
      const params: unknown[] = [batchId, query.after ?? -1]
      for (const column of EQUALITY_FILTERS) {
        if (query[column] === undefined) continue
        where.push(`c.${column} = ?`)
        params.push(query[column])
      }
      for (const [bound, op] of [
        ['min_confidence', '>='],
        ['max_confidence', '<='],
      ] as const) {
        if (query[bound] === undefined) continue
        where.push(`c.confidence ${op} ?`)
        params.push(query[bound])
      }
      const rows = db
        .prepare(
          `SELECT ${RESULT_FIELDS.map((f) => `c.${f}`).join(', ')}, ${INPUT_FIELDS.map((f) => `json_extract(i.input_json, '$.${f}') AS ${f}`).join(', ')}, i.position
           FROM classifications c JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
           WHERE ${where.join(' AND ')} ORDER BY i.position ${query.limit !== undefined ? 'LIMIT ?' : ''}`,
        )
        .all(...params, ...(query.limit !== undefined ? [query.limit] : [])) as (Record<string, unknown> & {
        position: number
      })[]
      const next = query.limit !== undefined && rows.length === query.limit ? rows.at(-1)!.position : null
      return { rows: rows.map(({ position: _, ...row }) => fromSqlRow(row)), next }
    },

    async latest(indicatorId) {
      const row = db
        .prepare(
          `SELECT ${RESULT_FIELDS.join(', ')} FROM classifications WHERE indicator_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        )
        .get(indicatorId) as Record<string, unknown> | undefined
      return row && fromSqlRow(row)
    },
  }
}
