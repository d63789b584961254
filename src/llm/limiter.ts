import type { ObservedLimits } from './rate-headers'

/**
 * A provider's limits shared by every process that calls it: Motia runs each step invocation in its own process,
 * so requests per minute, tokens per minute and calls in flight must be counted outside any one of them.
 */
export interface SharedLimiter {
  /** Waits until a call of about `estimatedTokens` fits the provider's limits; the result ends the call. */
  acquire(provider: string, estimatedTokens: number): Promise<(actualTokens: number) => void>
  /** A 429 slows the shared rate for every caller, not just the one that was told; resolves once it is shared. */
  penalize(provider: string, retryAfterMs: number): Promise<void>
  /**
   * The provider's own account of its limits, from the headers of any answer: the rate of what is not configured.
   * `callTokens` is what the call that brought them used, the measure of whether what is left fits another.
   */
  observe(provider: string, limits: ObservedLimits, callTokens?: number): Promise<void>
}

/**
 * A provider counts its limit over a sliding minute, and the bucket lets a burst through on top of its rate. A learned
 * limit comes with what is left of it on every answer, which caps the budget, so the bucket may run close to it.
 */
export const LEARNED_SHARE = 0.98

export interface LimitSettings {
  rpm: number
  tpm: number
  concurrency: number
  /** How long a call may hold its slot before it is presumed dead (its process killed). */
  lease_ms: number
}

/** Output tokens are not known before the answer; a per-item allowance keeps the estimate honest for big batches. */
export function estimateTokens(system: string, user: string, items: number): number {
  return Math.ceil((system.length + user.length) / 4) + 60 * items
}
