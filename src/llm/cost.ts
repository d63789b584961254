import { settingsOf, type Env } from '../settings/index'

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number
  output: number
}
export type PriceTable = Record<string, ModelPrice>

export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-4': { input: 3, output: 15 },
}

/** LLM_PRICES_JSON over the defaults (its shape is checked where the settings are parsed). */
export function withDefaultPrices(overrides: PriceTable = {}): PriceTable {
  return { ...DEFAULT_PRICES, ...overrides }
}

/** The price table of `env` (this process's settings when omitted). */
export function loadPrices(env?: Env): PriceTable {
  return withDefaultPrices(settingsOf(env).LLM_PRICES_JSON)
}

/**
 * Providers append dates and aliases to model names (gpt-4o-mini-2024-07-18, claude-3-5-haiku-latest),
 * so the longest table key that prefixes the model wins; 'gpt-4o-mini' must not be priced as 'gpt-4o'.
 */
export function priceOf(model: string, prices: PriceTable = DEFAULT_PRICES): ModelPrice | null {
  const exact = prices[model]
  if (exact) return exact
  let best: string | null = null
  for (const key of Object.keys(prices)) {
    if (model.startsWith(key) && (best === null || key.length > best.length)) best = key
  }
  return best === null ? null : (prices[best] ?? null)
}

/** Unknown and local models cost nothing rather than failing the accounting. */
export function costUsd(model: string, input_tokens: number, output_tokens: number, prices: PriceTable = DEFAULT_PRICES): number {
  const price = priceOf(model, prices)
  if (!price) return 0
  return (input_tokens * price.input + output_tokens * price.output) / 1_000_000
}
