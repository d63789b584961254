import type { IndicatorInput } from '../../taxonomy/index'
import { numberedAll } from '../placeholders'
import { newBatchRows, now } from '../rows'
import { BATCHES_SQL } from '../sql/batches'
import type { BatchRow, BatchStore, UnfinishedUnit } from '../store'
import { insertMany, type PgDb, type Queryable } from './connection'

const SQL = numberedAll(BATCHES_SQL)

export function pgBatches(db: PgDb): BatchStore {
  return {
    async insert(batch) {
      const rows = newBatchRows(batch, now(), Date.now())
      await db.transaction(async (client) => {
        await insertMany(client, 'batches', [rows.batch])
        await insertMany(client, 'indicators', rows.indicators)
        await insertMany(client, 'units', rows.units)
      })
      return rows.unitCount
    },

    async get(batchId) {
      return getBatch(db, batchId)
    },

    async markRunning(batchId) {
      await db.query(SQL.markRunning, [now(), batchId])
    },

    async unitInputs(ref) {
      const { rows } = await db.query<{ input_json: string }>(SQL.unitInputs, [ref.batch_id, ref.unit_no])
      return rows.map((r) => JSON.parse(r.input_json) as IndicatorInput)
    },

    async indicatorKnown(indicatorId) {
      return (await db.query(SQL.indicatorKnown, [indicatorId])).rowCount === 1
    },

    async unfinishedUnits(batchId) {
      return unfinishedUnits(db, batchId)
    },

    async finishedUnits(batchId) {
      const { rows } = await db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM units WHERE batch_id = $1 AND completed_at IS NOT NULL',
        [batchId],
      )
      return rows[0]!.n
    },

    async list({ limit, after }) {
      // Byte order on batch_id, as SQLite compares text, whatever the database's collation.
      const { rows: batches } = await db.query<BatchRow>(
        `SELECT * FROM batches ${after ? 'WHERE (created_at, batch_id COLLATE "C") < ($2, $3)' : ''}
         ORDER BY created_at DESC, batch_id COLLATE "C" DESC LIMIT $1`,
        [limit, ...(after ? [after.created_at, after.batch_id] : [])],
      )
      const last = batches.length === limit ? batches.at(-1)! : undefined
      return { batches, next: last ? { created_at: last.created_at, batch_id: last.batch_id } : null }
    },

    async reopenFailed(batchId) {
      return db.transaction(async (client) => {
        // The batch row lock orders this against a unit completing at the same moment.
        await client.query('SELECT 1 FROM batches WHERE batch_id = $1 FOR UPDATE', [batchId])
        const { rows: failed } = await client.query<{ indicator_id: string; unit_no: number }>(SQL.failed, [batchId])
        if (failed.length === 0) return { indicators: 0, units: 0 }
        const ids = failed.map((f) => f.indicator_id)
        await client.query(
          'DELETE FROM stage_results WHERE batch_id = $1 AND indicator_id = ANY($2) AND error IS NOT NULL',
          [batchId, ids],
        )
        await client.query('DELETE FROM classifications WHERE batch_id = $1 AND indicator_id = ANY($2)', [batchId, ids])
        const units = [...new Set(failed.map((f) => f.unit_no))]
        await client.query(
          'UPDATE units SET completed_at = NULL, join_claimed_by = NULL, join_emitted_at = NULL, attempts_since = $1 WHERE batch_id = $2 AND unit_no = ANY($3)',
          [now(), batchId, units],
        )
        await client.query(SQL.reopen, [batchId])
        return { indicators: failed.length, units: units.length }
      })
    },
  }
}

export async function getBatch(db: Queryable, batchId: string): Promise<BatchRow | undefined> {
  return (await db.query<BatchRow>(SQL.get, [batchId])).rows[0]
}

/**
 * Unit `u`'s count of stage results per stage, read through its indicators as UNIT_OUTCOMES (stages.ts) reads its
 * results: a plain join hashed every stage result of the batch once per unit (1.4 s for the 16 units of a 40,000
 * batch, against 0.5 s).
 */
export const UNIT_STAGE_COUNTS = `SELECT s.stage, COUNT(*) AS n FROM indicators i
  CROSS JOIN LATERAL (SELECT stage FROM stage_results s
    WHERE s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id OFFSET 0) s
  WHERE i.batch_id = u.batch_id AND i.unit_no = u.unit_no GROUP BY s.stage`

/** Unfinished units of open batches with their per-stage counts, in one round trip; `keys` narrows to those units. */
export async function unfinishedUnits(
  db: Queryable,
  batchId?: string,
  keys?: { batch_id: string; unit_no: number }[],
): Promise<UnfinishedUnit[]> {
  const where = ['u.completed_at IS NULL', "b.status IN ('queued','running')"]
  const values: unknown[] = []
  if (batchId !== undefined) where.push(`u.batch_id = $${values.push(batchId)}`)
  if (keys !== undefined) {
    where.push(
      `(u.batch_id, u.unit_no) IN (SELECT * FROM unnest($${values.push(keys.map((k) => k.batch_id))}::text[], $${values.push(keys.map((k) => k.unit_no))}::int[]))`,
    )
  }
  const { rows } = await db.query<{
    batch_id: string
    unit_no: number
    size: number
    join_emitted_at: string | null
    done: Record<string, number> | null
  }>(
    `SELECT u.batch_id, u.unit_no, u.size, u.join_emitted_at,
            (SELECT json_object_agg(c.stage, c.n) FROM (${UNIT_STAGE_COUNTS}) c) AS done
     FROM units u JOIN batches b ON b.batch_id = u.batch_id
     WHERE ${where.join(' AND ')}
     ORDER BY u.batch_id COLLATE "C", u.unit_no`,
    values,
  )
  return rows.map((u): UnfinishedUnit => ({
    batch_id: u.batch_id,
    unit_no: u.unit_no,
    size: u.size,
    join_emitted: u.join_emitted_at !== null,
    done: u.done ?? {},
  }))
}
