import type { z } from 'zod'
import type { HeaderSource } from './rate-headers'
import type { LlmProvider, LlmUsage } from './types'

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

/** One provider's wire protocol; retries, validation and accounting live above it in the client. */
export interface LlmTransport {
  provider: LlmProvider
  model: string
  send(req: TransportRequest): Promise<TransportResult>
  /** Parses `text` into the value to validate; throws when it is not JSON. */
  decode(text: string, schema: z.ZodType): unknown
}
