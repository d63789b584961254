import type { LimitSettings, SharedLimiter } from '../llm/limiter'
import type { LlmCallRecord } from '../llm/types'
import { CLASSIFICATION_COLUMNS, type BatchStatus, type IndicatorInput } from '../taxonomy/index'

export { CLASSIFICATION_COLUMNS }

// The storage boundary: what the pipeline and the API may ask of the database, by aggregate. Every method returns a
// Promise so that a networked store (PostgreSQL, issue 12) can implement the same interface; a method that changes
// several rows is atomic in every implementation. Stage names are plain strings here: the stage list belongs to the
// pipeline above.

/** The unit of work: events carry only this; everything else is read from the store. */
export interface UnitRef {
  batch_id: string
  unit_no: number
}

/** What one stage decided for one indicator, or why it could not. */
export type StageOutcome<T = unknown> = { ok: true; result: T; confidence: number | null } | { ok: false; error: string }

export type { BatchStatus }

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
  /** The replica that queues the units holds them from the start (see LeaseStore). */
  lease?: { owner: string; ttl_ms: number }
}

/** How far an unfinished unit of an unfinished batch got: per stage, how many of its indicators have an outcome. */
export interface UnfinishedUnit {
  batch_id: string
  unit_no: number
  size: number
  join_emitted: boolean
  done: Partial<Record<string, number>>
}

export interface StageLogEnd {
  attempt: number
  status: 'ok' | 'error' | 'gave-up'
  items: number
  failed_items: number
  duration_ms: number
  error?: string
}

export interface TrailEntry {
  stage: string
  result: unknown
  error: string | null
  confidence: number | null
  created_at: string
}

export interface ClassificationRow {
  indicator_id: string
  name: string
  units: string | null
  status: 'completed' | 'failed'
  error: string | null
  fields: Record<string, unknown> | null
}

/** A stored classification as the API shows it: booleans as booleans, JSON columns parsed. */
export type StoredClassification = Record<string, unknown> & { indicator_id: string; status: 'completed' | 'failed' }

/** One provider call as the accounting table stores it: the client's record and the stage that made it. */
export type LlmCallRow = LlmCallRecord & { stage: string }

export interface LlmTotals {
  calls: number
  input_tokens: number
  output_tokens: number
  cost_usd: number
  retries: number
}

export interface CachedAnswerEntry {
  stage: string
  provider: string
  model: string
  prompt_version: string
  answer: unknown
}

export interface BatchStore {
  /** Stores a batch, its indicators and its units atomically; returns the number of units. */
  insert(batch: NewBatch): Promise<number>
  get(batchId: string): Promise<BatchRow | undefined>
  /** queued → running, stamping the start once. */
  markRunning(batchId: string): Promise<void>
  /** A unit's indicators as received, in request order. */
  unitInputs(ref: UnitRef): Promise<IndicatorInput[]>
  indicatorKnown(indicatorId: string): Promise<boolean>
  /** Every unfinished unit of every queued or running batch (or of one batch), in batch and unit order. */
  unfinishedUnits(batchId?: string): Promise<UnfinishedUnit[]>
  /** Re-opens a finished batch's failed indicators: their error outcomes and final rows go, their units run again. */
  reopenFailed(batchId: string): Promise<{ indicators: number; units: number }>
}

/**
 * Which replica works on a unit, until when. A replica holds the units it runs stages of and renews its leases while
 * it lives; on start it resumes only units nobody holds, whose lease expired (their replica died) or that are its own
 * (it restarted under the same name), so it never duplicates a live replica's work.
 */
export interface LeaseStore {
  /**
   * Leases to `owner` the unfinished units of unfinished batches that no live lease holds: on start, also the unheld
   * ones and its own; while running (`expiredOnly`), only those whose replica died. Returns them.
   */
  take(owner: string, ttlMs: number, expiredOnly?: boolean): Promise<UnfinishedUnit[]>
  /** Leases one unit to `owner` (a stage of it is running there), whoever held it. */
  hold(ref: UnitRef, owner: string, ttlMs: number): Promise<void>
  /** Extends every lease `owner` holds on an unfinished unit; returns how many. */
  renew(owner: string, ttlMs: number): Promise<number>
}

export interface StageStore {
  /** Outcomes of the given stages for a unit's indicators, keyed by indicator_id then stage. */
  outcomes<S extends string>(ref: UnitRef, stages: readonly S[]): Promise<Map<string, Partial<Record<S, StageOutcome>>>>
  /** Logs the start of an attempt and returns its number, counted since the unit was last re-opened. */
  startAttempt(ref: UnitRef, stage: string, items: number): Promise<number>
  /**
   * Logs the end of an attempt and upserts its outcomes, atomically: a redelivered event rewrites the same rows
   * instead of adding new ones.
   */
  endAttempt(ref: UnitRef, stage: string, entry: StageLogEnd, outcomes?: Map<string, StageOutcome>): Promise<void>
  /** Every stored outcome of one indicator in a batch, in no particular order. */
  trail(batchId: string, indicatorId: string): Promise<TrailEntry[]>
}

export interface JoinStore {
  /**
   * The join's exactly-once gate: the first branch to see all branches done claims the unit. Only the claimer gets
   * true, and only until the emission is recorded, so a redelivered event changes nothing while a claimer that
   * crashed before emitting still emits when its event is retried.
   */
  claim(ref: UnitRef, branch: string, branchStages: readonly string[]): Promise<boolean>
  recordEmitted(ref: UnitRef): Promise<void>
}

export interface ClassificationStore {
  /**
   * Upserts the unit's final rows and marks the unit finished; when it was the batch's last unit, settles the batch
   * status. Atomic and idempotent.
   */
  completeUnit(ref: UnitRef, rows: ClassificationRow[]): Promise<{ batch_finished: boolean; status: BatchStatus }>
  counts(batchId: string): Promise<{ completed: number; failed: number }>
  /** A batch's final rows in request order, with the fields of RESULT_FIELDS. */
  ofBatch(batchId: string): Promise<StoredClassification[]>
  /** The most recent final row of an indicator across batches. */
  latest(indicatorId: string): Promise<StoredClassification | undefined>
}

export interface LlmStore {
  /** Provider calls are stored as they are paid for, one row each. */
  saveCalls(ref: UnitRef, calls: LlmCallRow[]): Promise<void>
  totals(batchId: string): Promise<LlmTotals>
  cachedAnswer(key: string): Promise<unknown | undefined>
  cacheAnswer(key: string, entry: CachedAnswerEntry): Promise<void>
}

export interface LimitStore {
  /** Provider limits shared by every process that uses the same store. */
  limiter(settings: LimitSettings, clock?: { sleep?: (ms: number) => Promise<void>; now?: () => number }): SharedLimiter
}

export interface Store {
  batches: BatchStore
  leases: LeaseStore
  stages: StageStore
  joins: JoinStore
  classifications: ClassificationStore
  llm: LlmStore
  limits: LimitStore
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

export const RESULT_FIELDS = ['batch_id', 'indicator_id', 'name', 'units', 'status', 'error', ...CLASSIFICATION_COLUMNS, 'created_at'] as const
