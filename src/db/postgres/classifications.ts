import {
  CLASSIFICATION_KEY,
  classificationSqlRow,
  EQUALITY_FILTERS,
  fromSqlRow,
  JSON_COLUMNS,
  now,
  settledStatus,
  upsertOn,
} from '../rows'
import { INPUT_FIELDS, RESULT_FIELDS, type ClassificationStore } from '../store'
import { numberedAll } from '../placeholders'
import { CLASSIFICATIONS_SQL } from '../sql/classifications'
import { getBatch } from './batches'
import { insertMany, type PgDb, type Queryable } from './connection'

const SQL = numberedAll(CLASSIFICATIONS_SQL)

async function counts(db: Queryable, batchId: string) {
  const { rows } = await db.query<{ completed: number; failed: number; flagged: number }>(
    `SELECT COUNT(*) FILTER (WHERE status = 'completed') AS completed, COUNT(*) FILTER (WHERE status = 'failed') AS failed,
            COUNT(*) FILTER (WHERE status = 'completed' AND review_status = 'flagged') AS flagged
     FROM classifications WHERE batch_id = $1`,
    [batchId],
  )
  return rows[0]!
}

/** An input field read back from the stored request: JSON text for a JSON column (as SQLite's json_extract gives). */
const inputField = (field: string) =>
  JSON_COLUMNS.has(field) ? `(i.input_json::jsonb -> '${field}')::text` : `i.input_json::jsonb ->> '${field}'`

export function pgClassifications(db: PgDb): ClassificationStore {
  return {
    async completeUnit(ref, rows) {
      return db.transaction(async (client) => {
        // Units of one batch complete one at a time, so exactly one of them sees no open unit left and settles it.
        const batch = await client.query('SELECT 1 FROM batches WHERE batch_id = $1 FOR UPDATE', [ref.batch_id])
        if (batch.rowCount !== 1) throw new Error(`unknown batch ${ref.batch_id}`)
        const at = now()
        await insertMany(
          client,
          'classifications',
          rows.map((row) => classificationSqlRow(ref, row, at)),
          upsertOn(CLASSIFICATION_KEY, RESULT_FIELDS),
        )
        await client.query(SQL.completeUnit, [at, ref.batch_id, ref.unit_no])
        const { rows: open } = await client.query<{ n: number }>(SQL.openUnits, [ref.batch_id])
        if (open[0]!.n > 0) return { batch_finished: false, status: (await getBatch(client, ref.batch_id))!.status }
        const status = settledStatus(await counts(client, ref.batch_id))
        await client.query(SQL.settle, [status, at, ref.batch_id])
        return { batch_finished: true, status }
      })
    },

    async counts(batchId) {
      return counts(db, batchId)
    },

    async page(batchId, query = {}) {
      const values: unknown[] = [batchId, query.after ?? -1]
      const where = ['c.batch_id = $1', 'i.position > $2']
      for (const column of EQUALITY_FILTERS) {
        if (query[column] !== undefined) where.push(`c.${column} = $${values.push(query[column])}`)
      }
      if (query.min_confidence !== undefined) where.push(`c.confidence >= $${values.push(query.min_confidence)}`)
      if (query.max_confidence !== undefined) where.push(`c.confidence <= $${values.push(query.max_confidence)}`)
      const limit = query.limit !== undefined ? `LIMIT $${values.push(query.limit)}` : ''
      const { rows } = await db.query<Record<string, unknown> & { position: number }>(
        `SELECT ${RESULT_FIELDS.map((f) => `c.${f}`).join(', ')}, ${INPUT_FIELDS.map((f) => `${inputField(f)} AS ${f}`).join(', ')}, i.position
         FROM classifications c JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
         WHERE ${where.join(' AND ')} ORDER BY i.position ${limit}`,
        values,
      )
      const next = query.limit !== undefined && rows.length === query.limit ? rows.at(-1)!.position : null
      return { rows: rows.map(({ position: _, ...row }) => fromSqlRow(row)), next }
    },

    async latest(indicatorId) {
      const { rows } = await db.query(
        `SELECT ${RESULT_FIELDS.join(', ')} FROM classifications WHERE indicator_id = $1 ORDER BY created_at DESC, row_no DESC LIMIT 1`,
        [indicatorId],
      )
      return rows[0] && fromSqlRow(rows[0])
    },
  }
}
