import type { Db } from './connection'
import type { LlmCallRecord } from '../llm/types'
import type { IndicatorInput } from '../taxonomy/index'
import type { StageName, StageOutcome, UnitRef } from '../pipeline/types'

const now = () => new Date().toISOString()

export type BatchStatus = 'queued' | 'running' | 'completed' | 'partial' | 'failed'

export interface BatchRow {
  batch_id: string
  status: BatchStatus
  total: number
  unit_count: number
  chunk_size: number
  provider: string
  llm_provider: string | null
  mode: string
  refresh: number
  trace_id: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

export interface NewBatch {
  batch_id: string
  provider: string
  /** The request's llm_provider, which beats the per-stage settings; null when the request named none. */
  llm_provider: string | null
  mode: string
  chunk_size: number
  refresh: boolean
  trace_id: string | null
  indicators: IndicatorInput[]
  /** Unit number of each indicator, by position. */
  unit_of: number[]
}

/** Stores a batch, its indicators and its units in one transaction: all of it or nothing. */
export function insertBatch(db: Db, batch: NewBatch): number {
  const unitCount = Math.ceil(batch.indicators.length / batch.chunk_size)
  db.transaction(() => {
    db.prepare(
      `INSERT INTO batches (batch_id, status, total, unit_count, chunk_size, provider, llm_provider, mode, refresh, trace_id, created_at)
       VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(batch.batch_id, batch.indicators.length, unitCount, batch.chunk_size, batch.provider, batch.llm_provider, batch.mode, batch.refresh ? 1 : 0, batch.trace_id, now())
    const insertIndicator = db.prepare('INSERT INTO indicators (batch_id, indicator_id, unit_no, position, input_json) VALUES (?, ?, ?, ?, ?)')
    batch.indicators.forEach((indicator, position) => {
      insertIndicator.run(batch.batch_id, indicator.indicator_id, batch.unit_of[position], position, JSON.stringify(indicator))
    })
    const sizes = new Array<number>(unitCount).fill(0)
    for (const unit of batch.unit_of) sizes[unit]!++
    const insertUnit = db.prepare('INSERT INTO units (batch_id, unit_no, size) VALUES (?, ?, ?)')
    sizes.forEach((size, unit) => insertUnit.run(batch.batch_id, unit, size))
  }).immediate()
  return unitCount
}

export function getBatch(db: Db, batchId: string): BatchRow | undefined {
  return db.prepare('SELECT * FROM batches WHERE batch_id = ?').get(batchId) as BatchRow | undefined
}

export function batchCounts(db: Db, batchId: string): { completed: number; failed: number } {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(status = 'completed'), 0) AS completed, COALESCE(SUM(status = 'failed'), 0) AS failed
       FROM classifications WHERE batch_id = ?`,
    )
    .get(batchId) as { completed: number; failed: number }
  return row
}

export function markBatchRunning(db: Db, batchId: string): void {
  db.prepare(`UPDATE batches SET status = 'running', started_at = COALESCE(started_at, ?) WHERE batch_id = ? AND status = 'queued'`).run(now(), batchId)
}

export function loadUnitInputs(db: Db, ref: UnitRef): IndicatorInput[] {
  const rows = db
    .prepare('SELECT input_json FROM indicators WHERE batch_id = ? AND unit_no = ? ORDER BY position')
    .pluck()
    .all(ref.batch_id, ref.unit_no) as string[]
  return rows.map((json) => JSON.parse(json) as IndicatorInput)
}

/** Results of the given stages for a unit's indicators, keyed by indicator_id then stage. */
export function loadStageOutcomes(db: Db, ref: UnitRef, stages: readonly StageName[]): Map<string, Partial<Record<StageName, StageOutcome>>> {
  const out = new Map<string, Partial<Record<StageName, StageOutcome>>>()
  if (stages.length === 0) return out
  const rows = db
    .prepare(
      `SELECT s.indicator_id, s.stage, s.result_json, s.error, s.confidence
       FROM stage_results s JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
       WHERE s.batch_id = ? AND i.unit_no = ? AND s.stage IN (${stages.map(() => '?').join(',')})`,
    )
    .all(ref.batch_id, ref.unit_no, ...stages) as { indicator_id: string; stage: StageName; result_json: string | null; error: string | null; confidence: number | null }[]
  for (const row of rows) {
    const entry = out.get(row.indicator_id) ?? {}
    entry[row.stage] =
      row.error !== null ? { ok: false, error: row.error } : { ok: true, result: JSON.parse(row.result_json ?? 'null'), confidence: row.confidence }
    out.set(row.indicator_id, entry)
  }
  return out
}

/** Upsert: a redelivered event rewrites the same rows instead of adding new ones. */
export function saveStageOutcomes(db: Db, batchId: string, stage: StageName, outcomes: Map<string, StageOutcome>): void {
  const upsert = db.prepare(
    `INSERT INTO stage_results (batch_id, indicator_id, stage, result_json, error, confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (batch_id, indicator_id, stage) DO UPDATE SET result_json = excluded.result_json, error = excluded.error,
       confidence = excluded.confidence, created_at = excluded.created_at`,
  )
  const at = now()
  for (const [indicatorId, outcome] of outcomes) {
    if (outcome.ok) upsert.run(batchId, indicatorId, stage, JSON.stringify(outcome.result), null, outcome.confidence, at)
    else upsert.run(batchId, indicatorId, stage, null, outcome.error, null, at)
  }
}

export function startStageAttempt(db: Db, ref: UnitRef, stage: StageName, items: number): number {
  return db.transaction(() => {
    const previous = db
      .prepare(
        `SELECT COUNT(*) FROM stage_log l JOIN units u ON u.batch_id = l.batch_id AND u.unit_no = l.unit_no
         WHERE l.batch_id = ? AND l.unit_no = ? AND l.stage = ? AND l.status = 'started' AND l.created_at >= COALESCE(u.attempts_since, '')`,
      )
      .pluck()
      .get(ref.batch_id, ref.unit_no, stage) as number
    db.prepare(`INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, created_at) VALUES (?, ?, ?, ?, 'started', ?, ?)`).run(
      ref.batch_id,
      ref.unit_no,
      stage,
      previous + 1,
      items,
      now(),
    )
    return previous + 1
  }).immediate()
}

export function logStageEnd(
  db: Db,
  ref: UnitRef,
  stage: StageName,
  entry: { attempt: number; status: 'ok' | 'error' | 'gave-up'; items: number; failed_items: number; duration_ms: number; error?: string },
): void {
  db.prepare(
    `INSERT INTO stage_log (batch_id, unit_no, stage, attempt, status, items, failed_items, duration_ms, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(ref.batch_id, ref.unit_no, stage, entry.attempt, entry.status, entry.items, entry.failed_items, entry.duration_ms, entry.error ?? null, now())
}

/**
 * The join's exactly-once gate: the first branch to see all three branches done claims the unit.
 * Only the claimer emits, and only until the emission is recorded, so a redelivered event changes nothing
 * while a claimer that crashed before emitting still emits when its event is retried.
 */
export function claimJoin(db: Db, ref: UnitRef, branch: string, branchStages: readonly StageName[]): boolean {
  return db.transaction(() => {
    // Complete means every indicator of the unit has an outcome in every branch, which also holds after a retry
    // re-opened some of them (the stage log would still show the earlier runs as done).
    const missing = db
      .prepare(
        `SELECT COUNT(*) FROM indicators i, (${branchStages.map(() => 'SELECT ? AS stage').join(' UNION ALL ')}) b
         WHERE i.batch_id = ? AND i.unit_no = ?
           AND NOT EXISTS (SELECT 1 FROM stage_results s WHERE s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id AND s.stage = b.stage)`,
      )
      .pluck()
      .get(...branchStages, ref.batch_id, ref.unit_no) as number
    if (missing > 0) return false
    db.prepare('UPDATE units SET join_claimed_by = ? WHERE batch_id = ? AND unit_no = ? AND join_claimed_by IS NULL').run(branch, ref.batch_id, ref.unit_no)
    const unit = db.prepare('SELECT join_claimed_by, join_emitted_at FROM units WHERE batch_id = ? AND unit_no = ?').get(ref.batch_id, ref.unit_no) as
      | { join_claimed_by: string | null; join_emitted_at: string | null }
      | undefined
    return unit !== undefined && unit.join_claimed_by === branch && unit.join_emitted_at === null
  }).immediate()
}

export function recordJoinEmitted(db: Db, ref: UnitRef): void {
  db.prepare('UPDATE units SET join_emitted_at = ? WHERE batch_id = ? AND unit_no = ?').run(now(), ref.batch_id, ref.unit_no)
}

export interface ClassificationRow {
  indicator_id: string
  name: string
  units: string | null
  status: 'completed' | 'failed'
  error: string | null
  fields: Record<string, unknown> | null
}

const CLASSIFICATION_COLUMNS = [
  'family',
  'indicator_type',
  'temporal_aggregation',
  'heat_map_orientation',
  'is_currency_denominated',
  'detected_currency',
  'scale',
  'scale_multiplier',
  'parsed_unit_type',
  'reporting_frequency',
  'time_basis',
  'is_cumulative',
  'cumulative_pattern',
  'confidence',
  'stage_confidence',
  'reasoning',
  'review_status',
  'corrections',
  'source',
  'provider',
  'model',
  'prompt_version',
] as const

function toSqlValue(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

export function saveClassifications(db: Db, batchId: string, rows: ClassificationRow[]): void {
  const columns = ['batch_id', 'indicator_id', 'name', 'units', 'status', 'error', ...CLASSIFICATION_COLUMNS, 'created_at']
  const upsert = db.prepare(
    `INSERT INTO classifications (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT (batch_id, indicator_id) DO UPDATE SET ${columns.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
  )
  const at = now()
  for (const row of rows) {
    upsert.run(batchId, row.indicator_id, row.name, row.units, row.status, row.error, ...CLASSIFICATION_COLUMNS.map((c) => toSqlValue(row.fields?.[c])), at)
  }
}

/** Marks a unit finished and, when it was the batch's last, settles the batch status. Idempotent. */
export function completeUnit(db: Db, ref: UnitRef): { batch_finished: boolean; status: BatchStatus } {
  return db.transaction(() => {
    const at = now()
    db.prepare('UPDATE units SET completed_at = COALESCE(completed_at, ?) WHERE batch_id = ? AND unit_no = ?').run(at, ref.batch_id, ref.unit_no)
    const open = db.prepare('SELECT COUNT(*) FROM units WHERE batch_id = ? AND completed_at IS NULL').pluck().get(ref.batch_id) as number
    const batch = getBatch(db, ref.batch_id)
    if (!batch) throw new Error(`unknown batch ${ref.batch_id}`)
    if (open > 0) return { batch_finished: false, status: batch.status }
    const { completed, failed } = batchCounts(db, ref.batch_id)
    const status: BatchStatus = failed === 0 ? 'completed' : completed === 0 ? 'failed' : 'partial'
    db.prepare('UPDATE batches SET status = ?, finished_at = COALESCE(finished_at, ?) WHERE batch_id = ?').run(status, at, ref.batch_id)
    return { batch_finished: true, status }
  }).immediate()
}

const JSON_COLUMNS = new Set(['stage_confidence', 'corrections'])
const BOOLEAN_COLUMNS = new Set(['is_currency_denominated', 'is_cumulative'])

/** A stored classification as the API shows it: booleans as booleans, JSON columns parsed. */
export type StoredClassification = Record<string, unknown> & { indicator_id: string; status: 'completed' | 'failed' }

function fromSqlRow(row: Record<string, unknown>): StoredClassification {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (JSON_COLUMNS.has(key)) out[key] = typeof value === 'string' ? JSON.parse(value) : value
    else if (BOOLEAN_COLUMNS.has(key)) out[key] = value === null ? null : value === 1
    else out[key] = value
  }
  return out as StoredClassification
}

export const RESULT_FIELDS = ['batch_id', 'indicator_id', 'name', 'units', 'status', 'error', ...CLASSIFICATION_COLUMNS, 'created_at'] as const

export function batchResults(db: Db, batchId: string): StoredClassification[] {
  const rows = db
    .prepare(
      `SELECT ${RESULT_FIELDS.map((f) => `c.${f}`).join(', ')} FROM classifications c
       JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
       WHERE c.batch_id = ? ORDER BY i.position`,
    )
    .all(batchId) as Record<string, unknown>[]
  return rows.map(fromSqlRow)
}

export function latestClassification(db: Db, indicatorId: string): StoredClassification | undefined {
  const row = db
    .prepare(`SELECT ${RESULT_FIELDS.join(', ')} FROM classifications WHERE indicator_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`)
    .get(indicatorId) as Record<string, unknown> | undefined
  return row && fromSqlRow(row)
}

export function stageTrail(db: Db, batchId: string, indicatorId: string) {
  const rows = db
    .prepare('SELECT stage, result_json, error, confidence, created_at FROM stage_results WHERE batch_id = ? AND indicator_id = ?')
    .all(batchId, indicatorId) as { stage: string; result_json: string | null; error: string | null; confidence: number | null; created_at: string }[]
  const order = ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review']
  return rows
    .sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage))
    .map((r) => ({ stage: r.stage, result: r.result_json === null ? null : JSON.parse(r.result_json), error: r.error, confidence: r.confidence, created_at: r.created_at }))
}

export function indicatorKnown(db: Db, indicatorId: string): boolean {
  return db.prepare('SELECT 1 FROM indicators WHERE indicator_id = ? LIMIT 1').get(indicatorId) !== undefined
}

/** One provider call as the accounting table stores it: the client's record and the stage that made it. */
export type LlmCallRow = LlmCallRecord & { stage: string }

export function saveLlmCalls(db: Db, ref: UnitRef, calls: LlmCallRow[]): void {
  const insert = db.prepare(
    `INSERT INTO llm_calls (batch_id, unit_no, stage, provider, model, items, input_tokens, output_tokens, latency_ms, attempt, status, error, cost_usd, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const at = now()
  for (const c of calls) {
    insert.run(ref.batch_id, ref.unit_no, c.stage, c.provider, c.model, c.items, c.input_tokens, c.output_tokens, c.latency_ms, c.attempt, c.status, c.error, c.cost_usd, at)
  }
}

export function llmTotals(db: Db, batchId: string) {
  return db
    .prepare(
      `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
              ROUND(COALESCE(SUM(cost_usd), 0), 6) AS cost_usd, COALESCE(SUM(status = 'retried'), 0) AS retries
       FROM llm_calls WHERE batch_id = ?`,
    )
    .get(batchId) as { calls: number; input_tokens: number; output_tokens: number; cost_usd: number; retries: number }
}

export function cachedAnswer(db: Db, key: string): unknown | undefined {
  const json = db.prepare('SELECT answer_json FROM llm_cache WHERE cache_key = ?').pluck().get(key) as string | undefined
  return json === undefined ? undefined : JSON.parse(json)
}

export function cacheAnswer(db: Db, key: string, entry: { stage: string; provider: string; model: string; prompt_version: string; answer: unknown }): void {
  db.prepare(
    `INSERT INTO llm_cache (cache_key, stage, provider, model, prompt_version, answer_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cache_key) DO UPDATE SET answer_json = excluded.answer_json, created_at = excluded.created_at`,
  ).run(key, entry.stage, entry.provider, entry.model, entry.prompt_version, JSON.stringify(entry.answer), now())
}

/** How far each unfinished unit of an unfinished batch got: per stage, how many of its indicators have an outcome. */
export function unfinishedUnits(db: Db, batchId?: string): { batch_id: string; unit_no: number; size: number; join_emitted: boolean; done: Partial<Record<StageName, number>> }[] {
  const units = db
    .prepare(
      `SELECT u.batch_id, u.unit_no, u.size, u.join_emitted_at FROM units u JOIN batches b ON b.batch_id = u.batch_id
       WHERE u.completed_at IS NULL AND b.status IN ('queued','running') ${batchId ? 'AND u.batch_id = ?' : ''}
       ORDER BY u.batch_id, u.unit_no`,
    )
    .all(...(batchId ? [batchId] : [])) as { batch_id: string; unit_no: number; size: number; join_emitted_at: string | null }[]
  const counts = db.prepare(
    `SELECT s.stage, COUNT(*) AS n FROM stage_results s JOIN indicators i ON i.batch_id = s.batch_id AND i.indicator_id = s.indicator_id
     WHERE i.batch_id = ? AND i.unit_no = ? GROUP BY s.stage`,
  )
  return units.map((u) => ({
    batch_id: u.batch_id,
    unit_no: u.unit_no,
    size: u.size,
    join_emitted: u.join_emitted_at !== null,
    done: Object.fromEntries((counts.all(u.batch_id, u.unit_no) as { stage: StageName; n: number }[]).map((r) => [r.stage, r.n])),
  }))
}

/** Re-opens a finished batch's failed indicators: their error outcomes and final rows go, their units run again. */
export function reopenFailed(db: Db, batchId: string): { indicators: number; units: number } {
  return db.transaction(() => {
    const failed = db.prepare(`SELECT c.indicator_id, i.unit_no FROM classifications c JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
       WHERE c.batch_id = ? AND c.status = 'failed'`).all(batchId) as { indicator_id: string; unit_no: number }[]
    if (failed.length === 0) return { indicators: 0, units: 0 }
    const at = now()
    const dropOutcomes = db.prepare('DELETE FROM stage_results WHERE batch_id = ? AND indicator_id = ? AND error IS NOT NULL')
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
    db.prepare(`UPDATE batches SET status = 'running', finished_at = NULL WHERE batch_id = ?`).run(batchId)
    return { indicators: failed.length, units: units.length }
  }).immediate()
}
