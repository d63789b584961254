/** What a provider's rate-limit headers say about one provider account: per-minute limits and what is left of them. */
export interface ObservedLimits {
  rpm?: number
  tpm?: number
  remaining_requests?: number
  remaining_tokens?: number
}

export interface HeaderSource {
  get(name: string): string | null
}

/** OpenAI names them `x-ratelimit-limit-requests`; Anthropic `anthropic-ratelimit-requests-limit`. */
const NAMES = {
  rpm: ['x-ratelimit-limit-requests', 'anthropic-ratelimit-requests-limit'],
  tpm: ['x-ratelimit-limit-tokens', 'anthropic-ratelimit-tokens-limit'],
  remaining_requests: ['x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining'],
  remaining_tokens: ['x-ratelimit-remaining-tokens', 'anthropic-ratelimit-tokens-remaining'],
} as const satisfies Record<keyof ObservedLimits, readonly string[]>

/** The limits in `headers`, or null when the provider sent none (local servers, proxies). */
export function observedLimits(headers: HeaderSource | undefined): ObservedLimits | null {
  if (!headers || typeof headers.get !== 'function') return null
  const limits: ObservedLimits = {}
  for (const [field, names] of Object.entries(NAMES) as [keyof ObservedLimits, readonly string[]][]) {
    for (const name of names) {
      const value = Number(headers.get(name) ?? Number.NaN)
      if (Number.isFinite(value) && value >= 0) limits[field] = value
    }
  }
  return Object.keys(limits).length > 0 ? limits : null
}
