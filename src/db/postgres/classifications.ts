import { fromSqlRow, now, settledStatus, toSqlValue } from '../rows'
import { CLASSIFICATION_COLUMNS, RESULT_FIELDS, type ClassificationStore } from '../store'
import { getBatch } from './batches'
import { insertMany, type PgDb, type Queryable } from './connection'

const COLUMNS = ['batch_id', 'indicator_id', 'name', 'units', 'status', 'error', ...CLASSIFICATION_COLUMNS, 'created_at']

async function counts(db: Queryable, batchId: string): Promise<{ completed: number; failed: number }> {
  const { rows } = await db.query<{ completed: number; failed: number }>(
    `SELECT COUNT(*) FILTER (WHERE status = 'completed') AS completed, COUNT(*) FILTER (WHERE status = 'failed') AS failed
     FROM classifications WHERE batch_id = $1`,
    [batchId],
  )
  return rows[0]!
}

export function pgClassifications(db: PgDb): ClassificationStore {
  return {
    async completeUnit(ref, rows) {
      return db.transaction(async (client) => {
        // Units of one batch complete one at a time, so exactly one of them sees no open unit left and settles it.
        const batch = await client.query('SELECT 1 FROM batches WHERE batch_id = $1 FOR UPDATE', [ref.batch_id])
        if (batch.rowCount !== 1) throw new Error(`unknown batch ${ref.batch_id}`)
        const at = now()
        if (rows.length > 0) {
          await insertMany(
            client,
            'classifications',
            COLUMNS,
            rows.map((row) => [ref.batch_id, row.indicator_id, row.name, row.units, row.status, row.error, ...CLASSIFICATION_COLUMNS.map((c) => toSqlValue(row.fields?.[c])), at]),
            `ON CONFLICT (batch_id, indicator_id) DO UPDATE SET ${COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
          )
        }
        await client.query('UPDATE units SET completed_at = COALESCE(completed_at, $1) WHERE batch_id = $2 AND unit_no = $3', [at, ref.batch_id, ref.unit_no])
        const open = (await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM units WHERE batch_id = $1 AND completed_at IS NULL', [ref.batch_id])).rows[0]!.n
        if (open > 0) return { batch_finished: false, status: (await getBatch(client, ref.batch_id))!.status }
        const status = settledStatus(await counts(client, ref.batch_id))
        await client.query('UPDATE batches SET status = $1, finished_at = COALESCE(finished_at, $2) WHERE batch_id = $3', [status, at, ref.batch_id])
        return { batch_finished: true, status }
      })
    },

    async counts(batchId) {
      return counts(db, batchId)
    },

    async ofBatch(batchId) {
      const { rows } = await db.query(
        `SELECT ${RESULT_FIELDS.map((f) => `c.${f}`).join(', ')} FROM classifications c
         JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
         WHERE c.batch_id = $1 ORDER BY i.position`,
        [batchId],
      )
      return rows.map(fromSqlRow)
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
