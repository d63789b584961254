import type { z } from 'zod'
import type { priceTableSchema } from '../settings/schema'
import type { LlmUsage } from './types'

/** USD per 1M tokens of one model; the fields are documented where LLM_PRICES_JSON is checked. */
export type ModelPrice = z.output<typeof priceTableSchema>[string]
export type PriceTable = Record<string, ModelPrice>

/** Both providers sell the same calls through their batch APIs at half price. */
const BATCH = 0.5

// List prices. OpenAI bills cached prompt tokens at its cached-input rate and writes its cache for free; Anthropic
// bills a cache read at a tenth of the input price and a (five-minute) cache write at 1.25 times.
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, cached_input: 0.075, output: 0.6, batch: BATCH },
  'gpt-4o': { input: 2.5, cached_input: 1.25, output: 10, batch: BATCH },
  'gpt-4.1-mini': { input: 0.4, cached_input: 0.1, output: 1.6, batch: BATCH },
  'gpt-4.1-nano': { input: 0.1, cached_input: 0.025, output: 0.4, batch: BATCH },
  'gpt-4.1': { input: 2, cached_input: 0.5, output: 8, batch: BATCH },
  'claude-3-5-haiku': { input: 0.8, cached_input: 0.08, cache_write: 1, output: 4, batch: BATCH },
  'claude-haiku-4-5': { input: 1, cached_input: 0.1, cache_write: 1.25, output: 5, batch: BATCH },
  'claude-sonnet-4': { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15, batch: BATCH },
}

/** LLM_PRICES_JSON over the defaults (its shape is checked where the settings are parsed). */
export function withDefaultPrices(overrides: PriceTable = {}): PriceTable {
  return { ...DEFAULT_PRICES, ...overrides }
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

export type Delivery = 'sync' | 'batch'

/**
 * Unknown and local models cost nothing rather than failing the accounting. Cached and written prompt tokens are
 * parts of `input_tokens`, priced at their own rates; a batch call pays the model's batch share of all of it.
 */
export function costUsd(
  model: string,
  usage: LlmUsage,
  prices: PriceTable = DEFAULT_PRICES,
  delivery: Delivery = 'sync',
): number {
  const price = priceOf(model, prices)
  if (!price) return 0
  const cached = usage.cached_input_tokens ?? 0
  const written = usage.cache_write_tokens ?? 0
  const input =
    (usage.input_tokens - cached - written) * price.input +
    cached * (price.cached_input ?? price.input) +
    written * (price.cache_write ?? price.input)
  const share = delivery === 'batch' ? (price.batch ?? 1) : 1
  return ((input + usage.output_tokens * price.output) * share) / 1_000_000
}
