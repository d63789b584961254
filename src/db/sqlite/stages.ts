import type { StageOutcome, StageStore, UnitRef } from '../store'
import { now, stageRows, type StageResultSqlRow, type TrailSqlRow } from '../rows'
import { STAGES_SQL as SQL } from '../sql/stages'
import { insertRows, type Db } from './connection'

/**
 * Indicators with an outcome per stage and unit: see StageStore.progress for why a unit's log can stand for its rows.
 * Written for SQLite alone: its CROSS JOIN fixes the join order (units first), without which SQLite scans every stage
 * result of the batch on each status poll; PostgreSQL refuses CROSS JOIN … ON and plans the join well on its own.
 */
const PROGRESS = `SELECT l.stage, u.unit_no, u.size AS n FROM stage_log l JOIN units u ON u.batch_id = l.batch_id AND u.unit_no = l.unit_no
  WHERE l.batch_id = ? AND u.attempts_since IS NULL AND l.status IN ('ok', 'gave-up') GROUP BY l.stage, u.unit_no
  UNION ALL
  SELECT s.stage, u.unit_no, COUNT(*) AS n FROM units u
  CROSS JOIN indicators i ON i.batch_id = u.batch_id AND i.unit_no = u.unit_no
  CROSS JOIN stage_results s ON s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id
  WHERE u.batch_id = ? AND u.attempts_since IS NOT NULL GROUP BY s.stage, u.unit_no`

/**
 * A unit's stored outcomes of `stages` stages. CROSS JOIN keeps the unit's indicators first: with a plain JOIN SQLite
 * walks every stage result of the batch and looks each one's unit up, so every step's read grew with the batch
 * (70 ms for a unit of a 10,000 batch, 190 ms of a 40,000 one, against 35–60 ms either way).
 */
export const unitOutcomesSql = (stages: number) =>
  `SELECT s.indicator_id, s.stage, s.result_json, s.error, s.confidence
   FROM indicators i CROSS JOIN stage_results s ON s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id
   WHERE i.batch_id = ? AND i.unit_no = ? AND s.stage IN (${Array.from({ length: stages }, () => '?').join(',')})`

export function sqliteStages(db: Db): StageStore {
  return {
    async outcomes<S extends string>(ref: UnitRef, stages: readonly S[]) {
      const out = new Map<string, Partial<Record<S, StageOutcome>>>()
      if (stages.length === 0) return out
      const rows = db
        .prepare(unitOutcomesSql(stages.length))
        .all(ref.batch_id, ref.unit_no, ...stages) as (StageResultSqlRow & { indicator_id: string; stage: S })[]
      for (const row of rows)
        out.set(row.indicator_id, { ...out.get(row.indicator_id), [row.stage]: stageRows.outcomeOf(row) })
      return out
    },

    async startAttempt(ref, stage, items) {
      return db
        .transaction(() => {
          const previous = db
            .prepare(
              // A run that ended waiting for a provider batch is no failed attempt.
              `SELECT COALESCE(SUM(l.status = 'started') - SUM(l.status = 'waiting'), 0) FROM stage_log l JOIN units u ON u.batch_id = l.batch_id AND u.unit_no = l.unit_no
             WHERE l.batch_id = ? AND l.unit_no = ? AND l.stage = ? AND l.created_at >= COALESCE(u.attempts_since, '')`,
            )
            .pluck()
            .get(ref.batch_id, ref.unit_no, stage) as number
          insertRows(db, 'stage_log', [stageRows.logStart(ref, stage, previous + 1, items, now())])
          return previous + 1
        })
        .immediate()
    },

    async endAttempt(ref, stage, entry, outcomes) {
      const at = now()
      db.transaction(() => {
        if (outcomes)
          insertRows(db, 'stage_results', stageRows.outcomes(ref.batch_id, stage, outcomes, at), stageRows.upsert)
        insertRows(db, 'stage_log', [stageRows.logEnd(ref, stage, entry, at)])
      }).immediate()
    },

    async progress(batchId) {
      const sizes = new Map(
        (
          db.prepare('SELECT unit_no, size FROM units WHERE batch_id = ?').all(batchId) as {
            unit_no: number
            size: number
          }[]
        ).map((u) => [u.unit_no, u.size]),
      )
      const done = db.prepare(PROGRESS).all(batchId, batchId) as { stage: string; unit_no: number; n: number }[]
      const progress: Record<string, { indicators: number; units: number }> = {}
      for (const { stage, unit_no, n } of done) {
        const entry = (progress[stage] ??= { indicators: 0, units: 0 })
        entry.indicators += n
        if (n >= (sizes.get(unit_no) ?? Infinity)) entry.units++
      }
      return progress
    },

    async trail(batchId, indicatorId) {
      const rows = db.prepare(SQL.trail).all(batchId, indicatorId) as TrailSqlRow[]
      return rows.map(stageRows.trailEntryOf)
    },
  }
}
