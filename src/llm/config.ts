import { PROVIDERS, type Provider } from '../taxonomy/index'
import { loadPrices, type PriceTable } from './cost'
import type { LlmProvider, LlmStage } from './types'

export const CLASSIFY_MODES = ['rules', 'hybrid', 'llm'] as const
export type ClassifyMode = (typeof CLASSIFY_MODES)[number]

export const LLM_STAGES = ['time', 'family', 'type', 'review'] as const satisfies readonly LlmStage[]

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
  mode: ClassifyMode
  threshold: number
  prices: PriceTable
}

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1'
export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com'
export const DEFAULT_LOCAL_LLM_URL = 'http://localhost:1234/v1'
export const DEFAULT_BATCH_SIZE = 60
/**
 * Flag (and, in hybrid mode, ask the LLM about) a record whose calibrated P(all right) is below this. Chosen on the
 * dev split by `npm run calibrate` (src/rules/calibration-table.ts holds the same number; a unit test checks they agree).
 */
export const DEFAULT_LLM_THRESHOLD = 0.57

/** Unset and blank are the same to an operator editing a .env file. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name)
  if (value === undefined) return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${name}=${value} is invalid; expected one of ${allowed.join(', ')}`)
  }
  return value as T
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const value = read(env, name)
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new Error(`${name}=${value} is invalid; expected an integer >= ${min}`)
  }
  return parsed
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = read(env, name)
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
    throw new Error(`${name}=${value} is invalid; expected a number between 0 and 1`)
  }
  return parsed
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = read(env, name)
  if (value === undefined) return fallback
  if (!URL.canParse(value)) throw new Error(`${name}=${value} is invalid; expected an absolute URL`)
  return value
}

export function loadLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const provider = oneOf(env, 'LLM_PROVIDER', PROVIDERS, 'rules')
  const stages: Record<LlmStage, Provider> = {
    time: oneOf(env, 'LLM_PROVIDER_TIME', PROVIDERS, provider),
    family: oneOf(env, 'LLM_PROVIDER_FAMILY', PROVIDERS, provider),
    type: oneOf(env, 'LLM_PROVIDER_TYPE', PROVIDERS, provider),
    review: oneOf(env, 'LLM_PROVIDER_REVIEW', PROVIDERS, provider),
  }
  const anyLlm = Object.values(stages).some((p) => p !== 'rules')
  return {
    provider,
    stages,
    openai: {
      apiKey: read(env, 'OPENAI_API_KEY') ?? null,
      baseUrl: url(env, 'OPENAI_BASE_URL', DEFAULT_OPENAI_BASE_URL),
      model: read(env, 'OPENAI_MODEL') ?? 'gpt-4o-mini',
    },
    anthropic: {
      apiKey: read(env, 'ANTHROPIC_API_KEY') ?? null,
      baseUrl: url(env, 'ANTHROPIC_BASE_URL', DEFAULT_ANTHROPIC_BASE_URL),
      model: read(env, 'ANTHROPIC_MODEL') ?? 'claude-haiku-4-5',
    },
    local: {
      // LM Studio and Ollama ignore the key, but the OpenAI SDK refuses to start without one.
      apiKey: 'lm-studio',
      baseUrl: url(env, 'LOCAL_LLM_URL', DEFAULT_LOCAL_LLM_URL),
      model: read(env, 'LM_STUDIO_MODEL') ?? 'local-model',
    },
    timeoutMs: integer(env, 'LLM_TIMEOUT_MS', 30_000, 1),
    maxRetries: integer(env, 'LLM_MAX_RETRIES', 4, 0),
    batchSize: integer(env, 'LLM_BATCH_SIZE', DEFAULT_BATCH_SIZE, 1),
    mode: oneOf(env, 'CLASSIFY_MODE', CLASSIFY_MODES, anyLlm ? 'hybrid' : 'rules'),
    threshold: fraction(env, 'CLASSIFY_LLM_THRESHOLD', DEFAULT_LLM_THRESHOLD),
    prices: loadPrices(env),
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
