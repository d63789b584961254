export interface RetryOptions {
  maxRetries: number
  /** First backoff ceiling; doubles per attempt. */
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Returns [0, 1); injectable so tests can pin the jitter. */
  random?: () => number
  /** Lets a shared limiter slow every caller when one of them is told to back off. */
  onRateLimited?: (retryAfterMs: number) => void
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// Both SDKs' errors are recognised by shape, not by class, so that a step that never calls a provider need not
// load either SDK (they are imported lazily by the transports).
interface SdkApiError {
  status?: number
  headers?: { get(name: string): string | null }
}

function sdkError(error: unknown): SdkApiError | undefined {
  return error instanceof Error && ('status' in error || 'headers' in error) ? (error as SdkApiError) : undefined
}

function statusOf(error: unknown): number | undefined {
  const status = sdkError(error)?.status
  return typeof status === 'number' ? status : undefined
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof Error && /^APIConnection(Timeout)?Error$/.test(error.constructor.name)) return true
  const status = statusOf(error)
  return status === 408 || status === 429 || (status !== undefined && status >= 500)
}

/** `retry-after-ms` (OpenAI) is more precise than `retry-after`, which may be seconds or an HTTP date. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | null {
  const headers = sdkError(error)?.headers
  if (!headers || typeof headers.get !== 'function') return null
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(ms) && ms >= 0) return ms
  const value = headers.get('retry-after')
  if (value === null) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** Full jitter spreads retries of many concurrent callers instead of having them collide again. */
export function backoffMs(attempt: number, random: () => number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt))
}

/** Runs `call` until it succeeds, fails with a non-transient error, or `maxRetries` retries are spent. */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxRetries, baseDelayMs = 500, maxDelayMs = 30_000, sleep = defaultSleep, random = Math.random } = options
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt)
    } catch (error) {
      if (attempt >= maxRetries || !isRetryable(error)) throw error
      const advertised = retryAfterMs(error)
      // The advertised wait is a floor; a little jitter on top keeps the callers it was sent to from returning at once.
      const delay =
        advertised !== null
          ? advertised + Math.floor(random() * Math.min(250, advertised * 0.1))
          : backoffMs(attempt, random, baseDelayMs, maxDelayMs)
      if (statusOf(error) === 429) options.onRateLimited?.(delay)
      options.onRetry?.(error, attempt, delay)
      await sleep(delay)
    }
  }
}
