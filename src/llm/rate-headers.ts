/** What a provider's rate-limit headers say about one provider account: per-minute limits and what is left of them. */
export interface ObservedLimits {
  rpm?: number
  tpm?: number
  remaining_requests?: number
  remaining_tokens?: number
  /** Milliseconds until the provider's window has room again for requests, and for tokens. */
  reset_requests_ms?: number
  reset_tokens_ms?: number
}

export interface HeaderSource {
  get(name: string): string | null
}

type Count = 'rpm' | 'tpm' | 'remaining_requests' | 'remaining_tokens'
type Reset = 'reset_requests_ms' | 'reset_tokens_ms'

/** OpenAI names them `x-ratelimit-limit-requests`; Anthropic `anthropic-ratelimit-requests-limit`. */
const COUNTS = {
  rpm: ['x-ratelimit-limit-requests', 'anthropic-ratelimit-requests-limit'],
  tpm: ['x-ratelimit-limit-tokens', 'anthropic-ratelimit-tokens-limit'],
  remaining_requests: ['x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining'],
  remaining_tokens: ['x-ratelimit-remaining-tokens', 'anthropic-ratelimit-tokens-remaining'],
} as const satisfies Record<Count, readonly string[]>

/** OpenAI sends a duration (`6m0s`, `1.5s`, `20ms`); Anthropic the moment itself (RFC 3339). */
const RESETS = {
  reset_requests_ms: ['x-ratelimit-reset-requests', 'anthropic-ratelimit-requests-reset'],
  reset_tokens_ms: ['x-ratelimit-reset-tokens', 'anthropic-ratelimit-tokens-reset'],
} as const satisfies Record<Reset, readonly string[]>

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `1h2m3.5s` or `20ms` as milliseconds; null when it is not such a duration. */
export function durationMs(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return null
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * UNIT_MS[unit!]!, 0)
}

function resetMs(text: string, now: number): number | null {
  const duration = durationMs(text)
  if (duration !== null) return duration
  const at = /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : Number.NaN
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}

/** The limits in `headers`, or null when the provider sent none (local servers, proxies). */
export function observedLimits(headers: HeaderSource | undefined, now = Date.now()): ObservedLimits | null {
  if (!headers || typeof headers.get !== 'function') return null
  const limits: ObservedLimits = {}
  for (const [field, names] of Object.entries(COUNTS) as [Count, readonly string[]][]) {
    for (const name of names) {
      const value = Number(headers.get(name) ?? Number.NaN)
      if (Number.isFinite(value) && value >= 0) limits[field] = value
    }
  }
  for (const [field, names] of Object.entries(RESETS) as [Reset, readonly string[]][]) {
    for (const name of names) {
      const raw = headers.get(name)
      const value = raw === null ? null : resetMs(raw, now)
      if (value !== null) limits[field] = value
    }
  }
  return Object.keys(limits).length > 0 ? limits : null
}
