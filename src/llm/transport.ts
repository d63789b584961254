import type { z } from 'zod'
import type { HeaderSource } from './rate-headers'
import type { LlmProvider, LlmUsage, ProviderBatchPoll } from './types'

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

/** A provider's batch API: the same requests as `send`, answered within a day at the batch price. */
export interface BatchTransport {
  /** Submits the requests as one provider batch and returns its id. */
  submit(requests: { custom_id: string; request: TransportRequest }[]): Promise<string>
  poll(id: string): Promise<ProviderBatchPoll>
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
