// The LLM configuration of parsed settings, apart from the parsing (config.ts): a step process builds it from the
// settings it was handed (settings/handed.ts) without loading the settings schema.
import { classifyMode, type ClassifyMode } from '../settings/mode'
import type { Settings } from '../settings/schema'
import type { Provider } from '../taxonomy/enums'
import { LLM_STAGES } from '../taxonomy/stages'
import { withDefaultPrices, type PriceTable } from './cost'
import type { LimitSettings } from './limiter'
import type { LlmProvider, LlmStage } from './types'

interface ProviderSettings {
  apiKey: string | null
  baseUrl: string
  model: string
}

export interface LlmConfig {
  provider: Provider
  stages: Record<LlmStage, Provider>
  openai: ProviderSettings
  anthropic: ProviderSettings
  local: ProviderSettings
  timeoutMs: number
  maxRetries: number
  batchSize: number
  /** The mode of a batch that uses these stage providers. */
  mode: ClassifyMode
  /** CLASSIFY_MODE as set; a batch or eval run with other providers decides its own mode from it (classifyMode). */
  chosenMode: ClassifyMode | undefined
  threshold: number
  prices: PriceTable
  limits: LimitSettings
}

/** The per-stage variable of each LLM stage: a stage without its variable does not compile. */
const stageVariable = (stage: LlmStage) =>
  `LLM_PROVIDER_${stage.toUpperCase() as Uppercase<LlmStage>}` as const satisfies keyof Settings

export function llmConfigOf(s: Settings): LlmConfig {
  const stages = Object.fromEntries(
    LLM_STAGES.map((stage) => [stage, s[stageVariable(stage)] ?? s.LLM_PROVIDER]),
  ) as Record<LlmStage, Provider>
  return {
    provider: s.LLM_PROVIDER,
    stages,
    openai: { apiKey: s.OPENAI_API_KEY ?? null, baseUrl: s.OPENAI_BASE_URL, model: s.OPENAI_MODEL },
    anthropic: { apiKey: s.ANTHROPIC_API_KEY ?? null, baseUrl: s.ANTHROPIC_BASE_URL, model: s.ANTHROPIC_MODEL },
    // LM Studio and Ollama ignore the key, but the OpenAI SDK refuses to start without one.
    local: { apiKey: 'lm-studio', baseUrl: s.LOCAL_LLM_URL, model: s.LM_STUDIO_MODEL },
    timeoutMs: s.LLM_TIMEOUT_MS,
    maxRetries: s.LLM_MAX_RETRIES,
    batchSize: s.LLM_BATCH_SIZE,
    mode: classifyMode(s.CLASSIFY_MODE, Object.values(stages).some(isLlmProvider)),
    chosenMode: s.CLASSIFY_MODE,
    threshold: s.CLASSIFY_LLM_THRESHOLD,
    prices: withDefaultPrices(s.LLM_PRICES_JSON),
    // A call may hold its slot this long before it is presumed dead (its process killed).
    limits: { rpm: s.LLM_RPM, tpm: s.LLM_TPM, concurrency: s.LLM_CONCURRENCY, lease_ms: s.LLM_TIMEOUT_MS * 2 + 10_000 },
  }
}

/** A batch's `llm_provider` is an explicit choice by the caller, so it beats the server's env. */
export function providerForStage(config: LlmConfig, stage: LlmStage, override?: Provider): Provider {
  return override ?? config.stages[stage]
}

/** Env names an operator must set before `provider` can be used, so the API can answer 400 naming them. */
export function missingSettings(config: LlmConfig, provider: Provider): string[] {
  if (provider === 'openai' && !config.openai.apiKey) return ['OPENAI_API_KEY']
  if (provider === 'anthropic' && !config.anthropic.apiKey) return ['ANTHROPIC_API_KEY']
  return []
}

export function isLlmProvider(provider: Provider): provider is LlmProvider {
  return provider !== 'rules'
}
