/**
 * A provider's limits shared by every process that calls it: Motia runs each step invocation in its own process,
 * so requests per minute, tokens per minute and calls in flight must be counted outside any one of them.
 */
export interface SharedLimiter {
  /** Waits until a call of about `estimatedTokens` fits the provider's limits; the result ends the call. */
  acquire(provider: string, estimatedTokens: number): Promise<(actualTokens: number) => void>
  /** A 429 slows the shared rate for every caller, not just the one that was told; resolves once it is shared. */
  penalize(provider: string, retryAfterMs: number): Promise<void>
}

export interface LimitSettings {
  rpm: number
  tpm: number
  concurrency: number
  /** How long a call may hold its slot before it is presumed dead (its process killed). */
  lease_ms: number
}

export function limitSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): LimitSettings {
  const read = (name: string, fallback: number) => {
    const raw = env[name]?.trim()
    if (!raw) return fallback
    const value = Number(raw)
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is invalid; expected a number >= 0 (0 = no limit)`)
    return value
  }
  return { rpm: read('LLM_RPM', 0), tpm: read('LLM_TPM', 0), concurrency: read('LLM_CONCURRENCY', 8), lease_ms: timeoutMs * 2 + 10_000 }
}

/** Output tokens are not known before the answer; a per-item allowance keeps the estimate honest for big batches. */
export function estimateTokens(system: string, user: string, items: number): number {
  return Math.ceil((system.length + user.length) / 4) + 60 * items
}
