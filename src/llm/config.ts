import { DEFAULT_SETTINGS, settingsOf, type Env } from '../settings/index'
import { withDefaultPrices, type PriceTable } from './cost'
import { llmConfigOf, type LlmConfig } from './config-of'

export * from './config-of'
export { CLASSIFY_MODES, type ClassifyMode } from '../settings/index'
export { LLM_STAGES } from '../taxonomy/stages'

export const DEFAULT_BATCH_SIZE = DEFAULT_SETTINGS.LLM_BATCH_SIZE
/** Flag (and, in hybrid mode, ask the LLM about) a record whose calibrated P(all right) is below this. */
export const DEFAULT_LLM_THRESHOLD = DEFAULT_SETTINGS.CLASSIFY_LLM_THRESHOLD

export function loadLlmConfig(env?: Env): LlmConfig {
  return llmConfigOf(settingsOf(env))
}

/** The price table of `env` (this process's settings when omitted). */
export function loadPrices(env?: Env): PriceTable {
  return withDefaultPrices(settingsOf(env).LLM_PRICES_JSON)
}
