import type { IndicatorInput } from '../../taxonomy/index'
import type { BatchRow, BatchStore, UnfinishedUnit } from '../store'
import { newBatchRows, now } from '../rows'
import { BATCHES_SQL as SQL } from '../sql/batches'
import { insertRows, type Db } from './connection'

/**
 * A unit's stored outcomes per stage. The unit's indicators come first (CROSS JOIN fixes SQLite's join order): joined
 * the other way round it counted every stage result of the batch per unit (125–150 ms a unit of a 40,000 batch
 * against 7–10 ms).
 */
export const UNIT_STAGE_COUNTS = `SELECT s.stage, COUNT(*) AS n FROM indicators i CROSS JOIN stage_results s ON s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id
  WHERE i.batch_id = ? AND i.unit_no = ? GROUP BY s.stage`

export function sqliteBatches(db: Db): BatchStore {
  return {
    async insert(batch) {
      const rows = newBatchRows(batch, now(), Date.now())
      db.transaction(() => {
        insertRows(db, 'batches', [rows.batch])
        insertRows(db, 'indicators', rows.indicators)
        insertRows(db, 'units', rows.units)
      }).immediate()
      return rows.unitCount
    },

    async get(batchId) {
      return getBatch(db, batchId)
    },

    async markRunning(batchId) {
      db.prepare(SQL.markRunning).run(now(), batchId)
    },

    async unitInputs(ref) {
      const rows = db.prepare(SQL.unitInputs).pluck().all(ref.batch_id, ref.unit_no) as string[]
      return rows.map((json) => JSON.parse(json) as IndicatorInput)
    },

    async indicatorKnown(indicatorId) {
      return db.prepare(SQL.indicatorKnown).get(indicatorId) !== undefined
    },

    async unfinishedUnits(batchId) {
      const units = db
        .prepare(
          `SELECT u.batch_id, u.unit_no, u.size, u.join_emitted_at FROM units u JOIN batches b ON b.batch_id = u.batch_id
           WHERE u.completed_at IS NULL AND b.status IN ('queued','running') ${batchId ? 'AND u.batch_id = ?' : ''}
           ORDER BY u.batch_id, u.unit_no`,
        )
        .all(...(batchId ? [batchId] : [])) as {
        batch_id: string
        unit_no: number
        size: number
        join_emitted_at: string | null
      }[]
      const counts = db.prepare(UNIT_STAGE_COUNTS)
      return units.map((u): UnfinishedUnit => ({
        batch_id: u.batch_id,
        unit_no: u.unit_no,
        size: u.size,
        join_emitted: u.join_emitted_at !== null,
        done: Object.fromEntries(
          (counts.all(u.batch_id, u.unit_no) as { stage: string; n: number }[]).map((r) => [r.stage, r.n]),
        ),
      }))
    },

    async finishedUnits(batchId) {
      return db
        .prepare('SELECT COUNT(*) FROM units WHERE batch_id = ? AND completed_at IS NOT NULL')
        .pluck()
        .get(batchId) as number
    },

    async list({ limit, after }) {
      const batches = db
        .prepare(
          `SELECT * FROM batches ${after ? 'WHERE (created_at, batch_id) < (?, ?)' : ''} ORDER BY created_at DESC, batch_id DESC LIMIT ?`,
        )
        .all(...(after ? [after.created_at, after.batch_id] : []), limit) as BatchRow[]
      const last = batches.length === limit ? batches.at(-1)! : undefined
      return { batches, next: last ? { created_at: last.created_at, batch_id: last.batch_id } : null }
    },

    async reopenFailed(batchId) {
      return db
        .transaction(() => {
          const failed = db.prepare(SQL.failed).all(batchId) as { indicator_id: string; unit_no: number }[]
          if (failed.length === 0) return { indicators: 0, units: 0 }
          const at = now()
          const dropOutcomes = db.prepare(
            'DELETE FROM stage_results WHERE batch_id = ? AND indicator_id = ? AND error IS NOT NULL',
          )
          const dropRow = db.prepare('DELETE FROM classifications WHERE batch_id = ? AND indicator_id = ?')
          for (const f of failed) {
            dropOutcomes.run(batchId, f.indicator_id)
            dropRow.run(batchId, f.indicator_id)
          }
          const units = [...new Set(failed.map((f) => f.unit_no))]
          const reopen = db.prepare(
            'UPDATE units SET completed_at = NULL, join_claimed_by = NULL, join_emitted_at = NULL, attempts_since = ? WHERE batch_id = ? AND unit_no = ?',
          )
          for (const unit of units) reopen.run(at, batchId, unit)
          db.prepare(SQL.reopen).run(batchId)
          return { indicators: failed.length, units: units.length }
        })
        .immediate()
    },
  }
}

/** Synchronous, for use inside other aggregates' transactions. */
export function getBatch(db: Db, batchId: string): BatchRow | undefined {
  return db.prepare(SQL.get).get(batchId) as BatchRow | undefined
}
