import { BOOLEAN_FIELDS, CLASSIFICATION_COLUMNS } from '../taxonomy/fields'
import type {
  BatchStatus,
  CachedAnswerEntry,
  ClassificationRow,
  LlmCallRow,
  NewBatch,
  NewProviderBatch,
  ProviderBatchRow,
  StageLogEnd,
  StageOutcome,
  StoredClassification,
  TrailEntry,
  UnitRef,
} from './store'

// How rows cross the SQL boundary in every store: an object with one key per column (in the order both stores insert
// them), booleans as 0/1, JSON columns as text. The stores differ only in how they send these and read them back.

/** A row to insert: its keys are the table's columns. */
export type SqlRow = Record<string, unknown>

export const JSON_COLUMNS = new Set(['stage_confidence', 'corrections', 'extra'])

/** The result filters that are equalities on a column of the same name. */
export const EQUALITY_FILTERS = ['status', 'review_status', 'family', 'indicator_type', 'source'] as const

export function toSqlValue(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

export function fromSqlRow(row: Record<string, unknown>): StoredClassification {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (JSON_COLUMNS.has(key)) out[key] = typeof value === 'string' ? JSON.parse(value) : value
    else if (BOOLEAN_FIELDS.has(key)) out[key] = value === null ? null : value === 1
    else out[key] = value
  }
  return out as StoredClassification
}

/** A finished batch's status from its final rows. */
export function settledStatus(counts: { completed: number; failed: number }): BatchStatus {
  return counts.failed === 0 ? 'completed' : counts.completed === 0 ? 'failed' : 'partial'
}

/** Timestamps are stored as ISO 8601 text, which sorts in time order. */
export const now = () => new Date().toISOString()

/** The clause that makes an insert of `columns` rewrite the row with the same `key` instead. */
export const upsertOn = (key: readonly string[], columns: readonly string[]) =>
  `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`

/** A new batch's rows: the batch, its indicators in request order, its units (held by the accepting replica, if any). */
export function newBatchRows(batch: NewBatch, at: string, nowMs: number) {
  const unitCount = Math.ceil(batch.indicators.length / batch.chunk_size)
  const sizes = new Array<number>(unitCount).fill(0)
  for (const unit of batch.unit_of) sizes[unit]!++
  return {
    unitCount,
    batch: {
      batch_id: batch.batch_id,
      status: 'queued',
      total: batch.indicators.length,
      unit_count: unitCount,
      chunk_size: batch.chunk_size,
      provider: batch.provider,
      llm_provider: batch.llm_provider,
      mode: batch.mode,
      refresh: batch.refresh ? 1 : 0,
      llm_delivery: batch.llm_delivery ?? 'sync',
      trace_id: batch.trace_id,
      created_at: at,
    } satisfies SqlRow,
    indicators: batch.indicators.map((indicator, position): SqlRow => ({
      batch_id: batch.batch_id,
      indicator_id: indicator.indicator_id,
      unit_no: batch.unit_of[position],
      position,
      input_json: JSON.stringify(indicator),
    })),
    units: sizes.map((size, unit): SqlRow => ({
      batch_id: batch.batch_id,
      unit_no: unit,
      size,
      lease_owner: batch.lease?.owner ?? null,
      lease_expires_ms: batch.lease ? nowMs + batch.lease.ttl_ms : null,
    })),
  }
}

/** A redelivered stage run rewrites its outcomes. */
const STAGE_RESULT_UPSERT = upsertOn(
  ['batch_id', 'indicator_id', 'stage'],
  ['result_json', 'error', 'confidence', 'created_at'],
)

const stageResultRows = (batchId: string, stage: string, outcomes: Map<string, StageOutcome>, at: string) =>
  [...outcomes].map(([indicatorId, outcome]): SqlRow => ({
    batch_id: batchId,
    indicator_id: indicatorId,
    stage,
    result_json: outcome.ok ? JSON.stringify(outcome.result) : null,
    error: outcome.ok ? null : outcome.error,
    confidence: outcome.ok ? outcome.confidence : null,
    created_at: at,
  }))

/** A stored stage outcome as the stages read it back. */
export interface StageResultSqlRow {
  result_json: string | null
  error: string | null
  confidence: number | null
}

const stageOutcomeOf = (row: StageResultSqlRow): StageOutcome =>
  row.error !== null
    ? { ok: false, error: row.error }
    : { ok: true, result: JSON.parse(row.result_json ?? 'null'), confidence: row.confidence }

export type TrailSqlRow = StageResultSqlRow & { stage: string; created_at: string }

const trailEntryOf = (row: TrailSqlRow): TrailEntry => ({
  stage: row.stage,
  result: row.result_json === null ? null : JSON.parse(row.result_json),
  error: row.error,
  confidence: row.confidence,
  created_at: row.created_at,
})

const stageLogStartRow = (ref: UnitRef, stage: string, attempt: number, items: number, at: string): SqlRow => ({
  batch_id: ref.batch_id,
  unit_no: ref.unit_no,
  stage,
  attempt,
  status: 'started',
  items,
  created_at: at,
})

const stageLogEndRow = (ref: UnitRef, stage: string, entry: StageLogEnd, at: string): SqlRow => ({
  batch_id: ref.batch_id,
  unit_no: ref.unit_no,
  stage,
  attempt: entry.attempt,
  status: entry.status,
  items: entry.items,
  failed_items: entry.failed_items,
  duration_ms: entry.duration_ms,
  error: entry.error ?? null,
  created_at: at,
})

/** The stage tables' rows: outcomes (stage_results) and the log of attempts (stage_log). */
export const stageRows = {
  outcomes: stageResultRows,
  upsert: STAGE_RESULT_UPSERT,
  outcomeOf: stageOutcomeOf,
  trailEntryOf,
  logStart: stageLogStartRow,
  logEnd: stageLogEndRow,
}

export const CLASSIFICATION_KEY = ['batch_id', 'indicator_id'] as const

/** A final row with the columns of RESULT_FIELDS, in that order. */
export const classificationSqlRow = (ref: UnitRef, row: ClassificationRow, at: string): SqlRow => ({
  batch_id: ref.batch_id,
  indicator_id: row.indicator_id,
  name: row.name,
  units: row.units,
  status: row.status,
  error: row.error,
  ...Object.fromEntries(CLASSIFICATION_COLUMNS.map((c) => [c, toSqlValue(row.fields?.[c])])),
  created_at: at,
})

/** Provider calls' rows, stamped now. */
export const llmCallSqlRows = (ref: UnitRef, calls: readonly LlmCallRow[], at = now()) =>
  calls.map((call) => llmCallSqlRow(ref, call, at))

const llmCallSqlRow = (ref: UnitRef, call: LlmCallRow, at: string): SqlRow => ({
  batch_id: ref.batch_id,
  unit_no: ref.unit_no,
  stage: call.stage,
  provider: call.provider,
  model: call.model,
  items: call.items,
  input_tokens: call.input_tokens,
  cached_input_tokens: call.cached_input_tokens,
  cache_write_tokens: call.cache_write_tokens,
  output_tokens: call.output_tokens,
  latency_ms: call.latency_ms,
  attempt: call.attempt,
  status: call.status,
  error: call.error,
  cost_usd: call.cost_usd,
  created_at: at,
})

export const llmCacheSqlRow = (key: string, entry: CachedAnswerEntry, at: string): SqlRow => ({
  cache_key: key,
  stage: entry.stage,
  provider: entry.provider,
  model: entry.model,
  prompt_version: entry.prompt_version,
  answer_json: JSON.stringify(entry.answer),
  created_at: at,
})

/** A cached answer is replaced by a newer one of the same key. */
export const LLM_CACHE_UPSERT =
  'ON CONFLICT (cache_key) DO UPDATE SET answer_json = excluded.answer_json, created_at = excluded.created_at'

export const providerBatchClaimRow = (batch: NewProviderBatch, at: string): SqlRow => ({
  provider_batch_id: batch.provider_batch_id,
  batch_id: batch.batch_id,
  unit_no: batch.unit_no,
  stage: batch.stage,
  provider: batch.provider,
  model: batch.model,
  requests_json: JSON.stringify(batch.requests),
  claimed_at: at,
})

/** A provider batch as stored: what it asked and got back as JSON text. */
export type ProviderBatchSqlRow = Omit<ProviderBatchRow, 'requests' | 'replies'> & {
  requests_json: string
  replies_json: string | null
}

export const providerBatchOf = ({ requests_json, replies_json, ...row }: ProviderBatchSqlRow): ProviderBatchRow => ({
  ...row,
  requests: JSON.parse(requests_json) as ProviderBatchRow['requests'],
  replies: replies_json === null ? null : (JSON.parse(replies_json) as ProviderBatchRow['replies']),
})
