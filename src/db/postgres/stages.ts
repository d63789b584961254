import { now, stageRows, type StageResultSqlRow, type TrailSqlRow } from '../rows'
import type { StageOutcome, StageStore, UnitRef } from '../store'
import { numberedAll } from '../placeholders'
import { STAGES_SQL } from '../sql/stages'
import { insertMany, type PgDb } from './connection'

const SQL = numberedAll(STAGES_SQL)

/**
 * The stage results of a unit's indicators, looked up indicator by indicator. With a plain join PostgreSQL hashes
 * every stage result of the batch (the batch_id condition matches them all), so each step's read grew with the batch:
 * 110 ms of execution for a unit of 2,500 in a 40,000 batch, against 19 ms this way (synthetic batch, 600-byte results,
 * ANALYZEd). LATERAL makes the per-indicator lookup the plan whatever the statistics say; OFFSET 0 keeps the planner
 * from pulling the subquery up into a join it would plan the old way.
 */
export const UNIT_OUTCOMES = `SELECT i.indicator_id, s.stage, s.result_json, s.error, s.confidence FROM indicators i
  CROSS JOIN LATERAL (SELECT stage, result_json, error, confidence FROM stage_results s
    WHERE s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id AND s.stage = ANY($3) OFFSET 0) s
  WHERE i.batch_id = $1 AND i.unit_no = $2`

export function pgStages(db: PgDb): StageStore {
  return {
    async outcomes<S extends string>(ref: UnitRef, stages: readonly S[]) {
      const out = new Map<string, Partial<Record<S, StageOutcome>>>()
      if (stages.length === 0) return out
      const { rows } = await db.query<StageResultSqlRow & { indicator_id: string; stage: S }>(UNIT_OUTCOMES, [
        ref.batch_id,
        ref.unit_no,
        stages,
      ])
      for (const row of rows)
        out.set(row.indicator_id, { ...out.get(row.indicator_id), [row.stage]: stageRows.outcomeOf(row) })
      return out
    },

    async startAttempt(ref, stage, items) {
      return db.transaction(async (client) => {
        // The unit's row lock makes count-then-insert one step for every process.
        await client.query('SELECT 1 FROM units WHERE batch_id = $1 AND unit_no = $2 FOR UPDATE', [
          ref.batch_id,
          ref.unit_no,
        ])
        const { rows } = await client.query<{ n: number }>(
          // A run that ended waiting for a provider batch is no failed attempt.
          `SELECT COUNT(*) FILTER (WHERE l.status = 'started') - COUNT(*) FILTER (WHERE l.status = 'waiting') AS n
           FROM stage_log l JOIN units u ON u.batch_id = l.batch_id AND u.unit_no = l.unit_no
           WHERE l.batch_id = $1 AND l.unit_no = $2 AND l.stage = $3 AND l.created_at >= COALESCE(u.attempts_since, '')`,
          [ref.batch_id, ref.unit_no, stage],
        )
        const attempt = rows[0]!.n + 1
        await insertMany(client, 'stage_log', [stageRows.logStart(ref, stage, attempt, items, now())])
        return attempt
      })
    },

    async endAttempt(ref, stage, entry, outcomes) {
      const at = now()
      await db.transaction(async (client) => {
        if (outcomes)
          await insertMany(
            client,
            'stage_results',
            stageRows.outcomes(ref.batch_id, stage, outcomes, at),
            stageRows.upsert,
          )
        await insertMany(client, 'stage_log', [stageRows.logEnd(ref, stage, entry, at)])
      })
    },

    // See StageStore.progress for why a unit's log can stand for its rows.
    async progress(batchId) {
      const { rows } = await db.query<{ stage: string; indicators: number; units: number }>(
        `SELECT d.stage, SUM(d.n)::bigint AS indicators, COUNT(*) FILTER (WHERE d.n >= u.size) AS units
         FROM (SELECT DISTINCT l.stage, u.unit_no, u.size AS n FROM stage_log l
               JOIN units u ON u.batch_id = l.batch_id AND u.unit_no = l.unit_no
               WHERE l.batch_id = $1 AND u.attempts_since IS NULL AND l.status IN ('ok', 'gave-up')
               UNION ALL
               SELECT s.stage, u.unit_no, COUNT(*) AS n FROM units u
               JOIN indicators i ON i.batch_id = u.batch_id AND i.unit_no = u.unit_no
               JOIN stage_results s ON s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id
               WHERE u.batch_id = $1 AND u.attempts_since IS NOT NULL GROUP BY s.stage, u.unit_no) d
         JOIN units u ON u.batch_id = $1 AND u.unit_no = d.unit_no
         GROUP BY d.stage`,
        [batchId],
      )
      return Object.fromEntries(rows.map((r) => [r.stage, { indicators: r.indicators, units: r.units }]))
    },

    async trail(batchId, indicatorId) {
      const { rows } = await db.query<TrailSqlRow>(SQL.trail, [batchId, indicatorId])
      return rows.map(stageRows.trailEntryOf)
    },
  }
}
