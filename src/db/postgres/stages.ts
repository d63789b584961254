import { now } from '../rows'
import type { StageOutcome, StageStore, TrailEntry, UnitRef } from '../store'
import { insertMany, type PgDb } from './connection'

export function pgStages(db: PgDb): StageStore {
  return {
    async outcomes<S extends string>(ref: UnitRef, stages: readonly S[]) {
      const out = new Map<string, Partial<Record<S, StageOutcome>>>()
      if (stages.length === 0) return out
      const { rows } = await db.query<{
        indicator_id: string
        stage: S
        result_json: string | null
        error: string | null
        confidence: number | null
      }>(
        `SELECT s.indicator_id, s.stage, s.result_json, s.error, s.confidence
         FROM stage_results s JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
         WHERE s.batch_id = $1 AND i.unit_no = $2 AND s.stage = ANY($3)`,
        [ref.batch_id, ref.unit_no, stages],
      )
      for (const row of rows) {
        const entry: Partial<Record<S, StageOutcome>> = out.get(row.indicator_id) ?? {}
        entry[row.stage] =
          row.error !== null
            ? { ok: false, error: row.error }
            : { ok: true, result: JSON.parse(row.result_json ?? 'null'), confidence: row.confidence }
        out.set(row.indicator_id, entry)
      }
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
        await client.query(
          `INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, created_at) VALUES ($1, $2, $3, $4, 'started', $5, $6)`,
          [ref.batch_id, ref.unit_no, stage, attempt, items, now()],
        )
        return attempt
      })
    },

    async endAttempt(ref, stage, entry, outcomes) {
      await db.transaction(async (client) => {
        const at = now()
        if (outcomes && outcomes.size > 0) {
          await insertMany(
            client,
            'stage_results',
            ['batch_id', 'indicator_id', 'stage', 'result_json', 'error', 'confidence', 'created_at'],
            [...outcomes].map(([indicatorId, o]) =>
              o.ok
                ? [ref.batch_id, indicatorId, stage, JSON.stringify(o.result), null, o.confidence, at]
                : [ref.batch_id, indicatorId, stage, null, o.error, null, at],
            ),
            `ON CONFLICT (batch_id, indicator_id, stage) DO UPDATE SET result_json = excluded.result_json, error = excluded.error,
               confidence = excluded.confidence, created_at = excluded.created_at`,
          )
        }
        await client.query(
          `INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, failed_items, duration_ms, error, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            ref.batch_id,
            ref.unit_no,
            stage,
            entry.attempt,
            entry.status,
            entry.items,
            entry.failed_items,
            entry.duration_ms,
            entry.error ?? null,
            at,
          ],
        )
      })
    },

    async progress(batchId) {
      const { rows } = await db.query<{ stage: string; indicators: number; units: number }>(
        `SELECT d.stage, SUM(d.n)::bigint AS indicators, COUNT(*) FILTER (WHERE d.n >= u.size) AS units
         FROM (SELECT s.stage, i.unit_no, COUNT(*) AS n FROM stage_results s
               JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
               WHERE s.batch_id = $1 GROUP BY s.stage, i.unit_no) d
         JOIN units u ON u.batch_id = $1 AND u.unit_no = d.unit_no
         GROUP BY d.stage`,
        [batchId],
      )
      return Object.fromEntries(rows.map((r) => [r.stage, { indicators: r.indicators, units: r.units }]))
    },

    async trail(batchId, indicatorId) {
      const { rows } = await db.query<{
        stage: string
        result_json: string | null
        error: string | null
        confidence: number | null
        created_at: string
      }>(
        'SELECT stage, result_json, error, confidence, created_at FROM stage_results WHERE batch_id = $1 AND indicator_id = $2',
        [batchId, indicatorId],
      )
      return rows.map((r): TrailEntry => ({
        stage: r.stage,
        result: r.result_json === null ? null : JSON.parse(r.result_json),
        error: r.error,
        confidence: r.confidence,
        created_at: r.created_at,
      }))
    },
  }
}
