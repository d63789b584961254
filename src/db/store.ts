import type { LimitSettings, SharedLimiter } from '../llm/limiter'
import type { LlmCallRecord } from '../llm/types'
import { CLASSIFICATION_COLUMNS } from '../taxonomy/fields'
import type { BatchStatus, IndicatorInput, LlmDelivery } from '../taxonomy/index'
import type { StageOutcome, UnitRef } from '../taxonomy/stages'

export { CLASSIFICATION_COLUMNS }

// The storage boundary: what the pipeline and the API may ask of the database, by aggregate. Two implementations,
// SQLite (one machine) and PostgreSQL (replicas sharing it), with the same semantics: every method returns a Promise,
// a method that changes several rows is atomic. Stage names are plain strings here.

/** Where a page of batches newest first ends: batches are ordered by creation time, then id. */
export interface BatchCursor {
  created_at: string
  batch_id: string
}

/** What a page of results may be filtered by; each is an equality but the confidence bounds (inclusive). */
export interface ResultFilter {
  status?: string
  review_status?: string
  family?: string
  indicator_type?: string
  source?: string
  min_confidence?: number
  max_confidence?: number
}

export interface ResultPageQuery extends ResultFilter {
  /** Request position after which the page starts (from the previous page's `next`); none for the first page. */
  after?: number
  /** Rows at most; all when absent. */
  limit?: number
}

export type { StageOutcome, UnitRef }

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
  /** `sync` asks the providers at once, `batch` through their batch APIs. */
  llm_delivery: LlmDelivery
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
  /** `sync` when absent. */
  llm_delivery?: LlmDelivery
  trace_id: string | null
  indicators: IndicatorInput[]
  /** Unit number of each indicator, by position. */
  unit_of: number[]
  /** The replica that accepted the batch holds its units from the start (see LeaseStore); absent: nobody does. */
  lease?: UnitLease
}

/** Who holds a lease, and for how long from now unless renewed. */
export interface UnitLease {
  owner: string
  ttl_ms: number
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
  /** `waiting`: the stage submitted a provider batch and ends without outcomes; it runs again when that ends. */
  status: 'ok' | 'error' | 'gave-up' | 'waiting'
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
  /** The part of input_tokens read from the provider's prompt cache. */
  cached_input_tokens: number
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
  /** How many of a batch's units have their final rows. */
  finishedUnits(batchId: string): Promise<number>
  /** Batches newest first, `limit` at most, starting after the cursor `after` (from the previous page's `next`). */
  list(query: { limit: number; after?: BatchCursor }): Promise<{ batches: BatchRow[]; next: BatchCursor | null }>
  /** Re-opens a finished batch's failed indicators: their error outcomes and final rows go, their units run again. */
  reopenFailed(batchId: string): Promise<{ indicators: number; units: number }>
}

/**
 * Which replica works on a unit, until when, so that replicas sharing a store neither drop nor duplicate work. A
 * replica holds the units it accepted or runs a stage of and renews its leases while it lives; a unit whose lease
 * expired (its replica died) is taken over by another. A run of a stage claims that stage of the unit for at most
 * the step timeout: a second delivery of the same event meanwhile (a queue redelivery, a takeover re-emitting what
 * may still be queued) waits for it; the claims of a replica that died end with its takeover, and a step process
 * killed on a live replica frees its stage when the claim expires.
 */
export interface LeaseStore {
  /**
   * Leases to `owner` the unfinished units of open batches that no live replica holds, and returns them; marks the
   * replica alive. On start also the unheld ones and its own (it restarted under the same name: its stage runs of
   * before are dead). While running (`expiredOnly`) those another replica stopped renewing, and once a replica stopped
   * marking itself alive (it died), every open unit no live run works on (the dead one's runs end here): an event its
   * queue worker had taken is locked to that dead worker, whichever replica held the unit. One replica takes over
   * each dead one.
   */
  take(lease: UnitLease, expiredOnly?: boolean): Promise<UnfinishedUnit[]>
  /** Holds the unit and claims one stage of it for the run `runId`; false while another run's claim is live. */
  claimRun(ref: UnitRef, stage: string, lease: UnitLease, runId: string): Promise<boolean>
  /** Ends the run's claim (it ended, one way or the other). */
  releaseRun(ref: UnitRef, stage: string, runId: string): Promise<void>
  /** Marks the replica alive and extends the leases `owner` holds on unfinished units; returns how many. */
  renew(lease: UnitLease): Promise<number>
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
  /**
   * Per stage, how many of a batch's indicators have an outcome and how many units have one for every indicator.
   * Every status poll asks, so it is not counted row by row (70,000 rows for 10,000 indicators, 50–90 ms a poll on
   * SQLite, blocking the server): a stage stores its outcomes only with an attempt's final `ok` or `gave-up` entry,
   * one for every indicator of the unit that had none (runStageOver), and only a retry (`reopenFailed`) removes some.
   * So a unit never re-opened has `size` outcomes of each stage it has such an entry for and none of the others; a
   * re-opened unit's outcomes are counted.
   */
  progress(batchId: string): Promise<Partial<Record<string, { indicators: number; units: number }>>>
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
  /** Final rows so far: completed, failed, and how many of the completed were flagged for review. */
  counts(batchId: string): Promise<{ completed: number; failed: number; flagged: number }>
  /**
   * A page of a batch's final rows in request order, with the fields of BATCH_RESULT_FIELDS, filtered; `next` is the
   * cursor of the following page (a request position), null on the last page.
   */
  page(batchId: string, query?: ResultPageQuery): Promise<{ rows: StoredClassification[]; next: number | null }>
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

/** What came back for one request of an ended provider batch: the answer text, or why there is none. */
export interface ProviderBatchReply {
  custom_id: string
  text: string | null
  error: string | null
}

export interface NewProviderBatch {
  provider_batch_id: string
  batch_id: string
  unit_no: number
  stage: string
  provider: string
  model: string
  /** What was asked: per request, its custom_id and the indicator ids it covers. */
  requests: { custom_id: string; indicator_ids: string[] }[]
}

/** A provider batch one stage of one unit claimed and submitted, and what came back once it ended. */
export interface ProviderBatchRow extends NewProviderBatch {
  /** The provider's last word on it (`completed`, `expired`, `ended`…); null until it ended. */
  provider_status: string | null
  /** One entry per request the provider returned; null while the provider batch is open. */
  replies: ProviderBatchReply[] | null
  claimed_at: string
  /** Null while only claimed: `provider_batch_id` is then the claim's id, not yet the provider's. */
  submitted_at: string | null
  ended_at: string | null
}

export interface ProviderBatchStore {
  /**
   * Claims a unit's stage for one provider batch before it is submitted, under a claim id in `provider_batch_id`: false,
   * changing nothing, when the stage already has an open one (claimed or submitted), so that two runs of one stage at
   * once never both submit. From now on the stage waits for it.
   */
  claim(batch: NewProviderBatch): Promise<boolean>
  /** The claimed provider batch was submitted: it takes the provider's id and is polled from now on. */
  submitted(claimId: string, providerBatchId: string): Promise<void>
  /** The submission was refused, or its run died before it: the claim goes and the stage may claim again. */
  release(claimId: string): Promise<void>
  /** Every provider batch of one unit's stage, oldest first. */
  forStage(ref: UnitRef, stage: string): Promise<ProviderBatchRow[]>
  /** Provider batches still open (claimed or submitted), oldest first; of one batch when `batchId` is given. */
  open(batchId?: string): Promise<ProviderBatchRow[]>
  /**
   * Stores an ended provider batch's replies and the calls they cost (at the batch price), atomically and once:
   * false, changing nothing, when it had already ended.
   */
  end(
    providerBatchId: string,
    providerStatus: string,
    replies: ProviderBatchReply[],
    calls: LlmCallRow[],
  ): Promise<boolean>
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
  providerBatches: ProviderBatchStore
  limits: LimitStore
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

export const RESULT_FIELDS = [
  'batch_id',
  'indicator_id',
  'name',
  'units',
  'status',
  'error',
  ...CLASSIFICATION_COLUMNS,
  'created_at',
] as const
/** Input fields a person needs beside each answer of a batch, read back from the indicator as it was received. */
export const INPUT_FIELDS = ['periodicity', 'description', 'source_name', 'extra'] as const
export const BATCH_RESULT_FIELDS = [...RESULT_FIELDS, ...INPUT_FIELDS] as const
