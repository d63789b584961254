import type { StageLogEnd, StageOutcome, StageStore, TrailEntry, UnitRef } from '../store'
import { now } from '../rows'
import type { Db } from './connection'

export function sqliteStages(db: Db): StageStore {
  const upsertOutcome = (batchId: string, stage: string, outcomes: Map<string, StageOutcome>) => {
    const upsert = db.prepare(
      `INSERT INTO stage_results (batch_id, indicator_id, stage, result_json, error, confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (batch_id, indicator_id, stage) DO UPDATE SET result_json = excluded.result_json, error = excluded.error,
         confidence = excluded.confidence, created_at = excluded.created_at`,
    )
    const at = now()
    for (const [indicatorId, outcome] of outcomes) {
      if (outcome.ok)
        upsert.run(batchId, indicatorId, stage, JSON.stringify(outcome.result), null, outcome.confidence, at)
      else upsert.run(batchId, indicatorId, stage, null, outcome.error, null, at)
    }
  }
  const logEnd = (ref: UnitRef, stage: string, entry: StageLogEnd) =>
    db
      .prepare(
        `INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, failed_items, duration_ms, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ref.batch_id,
        ref.unit_no,
        stage,
        entry.attempt,
        entry.status,
        entry.items,
        entry.failed_items,
        entry.duration_ms,
        entry.error ?? null,
        now(),
      )

  return {
    async outcomes<S extends string>(ref: UnitRef, stages: readonly S[]) {
      const out = new Map<string, Partial<Record<S, StageOutcome>>>()
      if (stages.length === 0) return out
      const rows = db
        .prepare(
          `SELECT s.indicator_id, s.stage, s.result_json, s.error, s.confidence
           FROM stage_results s JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
           WHERE s.batch_id = ? AND i.unit_no = ? AND s.stage IN (${stages.map(() => '?').join(',')})`,
        )
        .all(ref.batch_id, ref.unit_no, ...stages) as {
        indicator_id: string
        stage: S
        result_json: string | null
        error: string | null
        confidence: number | null
      }[]
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
          db.prepare(
            `INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, created_at) VALUES (?, ?, ?, ?, 'started', ?, ?)`,
          ).run(ref.batch_id, ref.unit_no, stage, previous + 1, items, now())
          return previous + 1
        })
        .immediate()
    },

    async endAttempt(ref, stage, entry, outcomes) {
      db.transaction(() => {
        if (outcomes) upsertOutcome(ref.batch_id, stage, outcomes)
        logEnd(ref, stage, entry)
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
      const done = db
        .prepare(
          `SELECT s.stage, i.unit_no, COUNT(*) AS n FROM stage_results s JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
           WHERE s.batch_id = ? GROUP BY s.stage, i.unit_no`,
        )
        .all(batchId) as { stage: string; unit_no: number; n: number }[]
      const progress: Record<string, { indicators: number; units: number }> = {}
      for (const { stage, unit_no, n } of done) {
        const entry = (progress[stage] ??= { indicators: 0, units: 0 })
        entry.indicators += n
        if (n >= (sizes.get(unit_no) ?? Infinity)) entry.units++
      }
      return progress
    },

    async trail(batchId, indicatorId) {
      const rows = db
        .prepare(
          'SELECT stage, result_json, error, confidence, created_at FROM stage_results WHERE batch_id = ? AND indicator_id = ?',
        )
        .all(batchId, indicatorId) as {
        stage: string
        result_json: string | null
        error: string | null
        confidence: number | null
        created_at: string
      }[]
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
