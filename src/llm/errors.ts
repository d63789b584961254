import { secretValues } from '../settings/secrets'
import type { LlmCallRecord } from './types'

/** Base of every failure of a completed LLM request, carrying the calls it cost so they are still accounted. */
export class LlmError extends Error {
  readonly calls: LlmCallRecord[]

  constructor(message: string, calls: LlmCallRecord[], options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.calls = calls
  }
}

/** The provider could not be reached or kept failing after all retries. */
export class LlmRequestError extends LlmError {}

/** The model answered, but twice not with JSON matching the schema; callers keep their rules answer. */
export class LlmInvalidOutputError extends LlmError {
  readonly reason: string
  readonly output: string

  constructor(reason: string, output: string, calls: LlmCallRecord[]) {
    super(`invalid LLM output after repair: ${reason}`, calls)
    this.reason = reason
    this.output = output
  }
}

// Providers echo the key they were sent ("Incorrect API key provided: sk-…"): an error text is stored with the
// stage results and returned by the API, so anything that looks like a credential is masked before it leaves here.
const SECRETS = [
  /\b(sk-(?:ant-)?)[A-Za-z0-9_\-*.]{4,}/g,
  /\b(Bearer\s+)[^\s,;'"]+/gi,
  /\b((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s,;'"]+/gi,
]

/** An error as text, with credentials masked: safe to log, store and return. The configured keys are masked by value
 * too, since not every key has a recognisable shape or comes after a recognisable word. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const known = secretValues().reduce((masked, secret) => masked.split(secret).join('[redacted]'), text)
  return SECRETS.reduce((masked, pattern) => masked.replace(pattern, '$1[redacted]'), known)
}
