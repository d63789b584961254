import type { z } from 'zod'

export type LlmProvider = 'openai' | 'anthropic' | 'local'
export type { LlmStage } from '../taxonomy/stages'

export interface LlmRequest<T> {
  system: string
  user: string
  /** Validates the answer; also what the model is shown unless `wire_schema` is given. */
  schema: z.ZodType<T>
  schema_name: string
  /**
   * Shown to the model instead of `schema` when validation is deliberately looser than the
   * contract, e.g. batch answers that are validated one by one so a bad item cannot sink the rest.
   */
  wire_schema?: z.ZodType
  max_output_tokens?: number
  /** How many indicators the call covers, for per-item cost accounting. */
  items?: number
}

/** Every prompt token is in `input_tokens`; the cached and written ones are also counted apart, as they cost less or more. */
export interface LlmUsage {
  input_tokens: number
  output_tokens: number
  /** Prompt tokens read from the provider's prompt cache. */
  cached_input_tokens?: number
  /** Prompt tokens written to it (Anthropic bills them above the input price). */
  cache_write_tokens?: number
}

export type LlmCallStatus = 'ok' | 'retried' | 'invalid' | 'error'

/** One HTTP call to a provider; a request yields several when it is retried or repaired. */
export interface LlmCallRecord {
  provider: LlmProvider
  model: string
  items: number
  input_tokens: number
  cached_input_tokens: number
  cache_write_tokens: number
  output_tokens: number
  latency_ms: number
  attempt: number
  status: LlmCallStatus
  error: string | null
  cost_usd: number
}

export interface LlmResponse<T> {
  value: T
  usage: LlmUsage
  latency_ms: number
  attempts: number
  calls: LlmCallRecord[]
}

/** One request's outcome in an ended provider batch: the answer with its usage, or why there is none. */
export type ProviderBatchResult =
  | { custom_id: string; text: string; usage: LlmUsage; error: null }
  | { custom_id: string; text: null; usage: null; error: string }

/** Where a provider batch stands; `results` holds what the provider returned, requests it lost are absent. */
export type ProviderBatchPoll =
  { ended: false; status: string } | { ended: true; status: string; results: ProviderBatchResult[] }

/**
 * What to look for at a provider: the batch submitted under `tag` by a run that died before storing its id. Only
 * batches created within [from, to] (ms since the epoch) and carrying `requests` requests can be it; ids in `known`
 * are other submissions' and are skipped.
 */
export interface ProviderBatchSearch {
  tag: string
  from: number
  to: number
  requests: number
  known: ReadonlySet<string>
}

/**
 * The batch submitted under the tag; null when the provider holds none (nothing was submitted); or the batches still
 * running that may be it but cannot tell yet (Anthropic shows a batch's custom_ids only once it has ended).
 */
export type ProviderBatchLookup = { found: string } | { found: null } | { undecided: string[] }

/** A provider batch seen through the client: each result comes with its call record, priced at the batch rate. */
export type LlmBatchPoll =
  | { ended: false; status: string }
  | { ended: true; status: string; results: (ProviderBatchResult & { call: LlmCallRecord })[] }

/** The questions of `complete`, sent through the provider's batch API instead: answers within a day at a discount. */
export interface LlmBatchClient {
  /** Submits the requests as one provider batch under `tag` (see BatchTransport.submit) and returns its id. */
  submit(tag: string, requests: { custom_id: string; request: LlmRequest<unknown> }[]): Promise<string>
  /** Finds a batch submitted under a tag whose id was never stored. */
  find(search: ProviderBatchSearch): Promise<ProviderBatchLookup>
  /** `items` says how many indicators a request covers, `latency_ms` how long the batch took, for the call records. */
  poll(id: string, describe: { items: (custom_id: string) => number; latency_ms: number }): Promise<LlmBatchPoll>
  /** Checks an answer text from a batch exactly as `complete` checks a response. */
  read<T>(text: string, req: LlmRequest<T>): { ok: true; value: T } | { ok: false; reason: string }
}

export interface LlmClient {
  provider: LlmProvider
  model: string
  complete<T>(req: LlmRequest<T>): Promise<LlmResponse<T>>
  /** Absent when the provider has no batch API. */
  batch?: LlmBatchClient
}
