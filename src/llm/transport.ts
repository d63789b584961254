import type { z } from 'zod'
import type { HeaderSource } from './rate-headers'
import type { LlmProvider, LlmUsage, ProviderBatchLookup, ProviderBatchPoll, ProviderBatchSearch } from './types'

export interface TransportRequest {
  system: string
  user: string
  schema: z.ZodType
  schema_name: string
  max_output_tokens?: number
}

export interface TransportResult {
  /** The model's answer as JSON text, still unparsed so a repair request can quote it back. */
  text: string
  usage: LlmUsage
  /** The HTTP response headers, which carry the provider's rate limits. */
  headers?: HeaderSource
}

/** The custom_id of a submission's `n`th request: the tag first, so a listed batch's requests say whose they are. */
export function taggedCustomId(tag: string, n: number): string {
  return `${tag}-q${n}`
}

export function carriesTag(customId: string, tag: string): boolean {
  return customId.startsWith(`${tag}-q`)
}

/** A provider's batch API: the same requests as `send`, answered within a day at the batch price. */
export interface BatchTransport {
  /**
   * Submits the requests as one provider batch tagged with `tag`, unique to this submission, and returns its id. Every
   * custom_id must be `taggedCustomId(tag, …)`: Anthropic's batches carry no metadata, only their requests' ids.
   */
  submit(tag: string, requests: { custom_id: string; request: TransportRequest }[]): Promise<string>
  poll(id: string): Promise<ProviderBatchPoll>
  find(search: ProviderBatchSearch): Promise<ProviderBatchLookup>
}

/** One provider's wire protocol; retries, validation and accounting live above it in the client. */
export interface LlmTransport {
  provider: LlmProvider
  model: string
  send(req: TransportRequest): Promise<TransportResult>
  /** Parses `text` into the value to validate; throws when it is not JSON. */
  decode(text: string, schema: z.ZodType): unknown
  /** Absent for providers without a batch API (local servers). */
  batch?: BatchTransport
}
