import {
  isLlmProvider,
  LLM_STAGES,
  loadLlmConfig,
  missingSettings,
  providerForStage,
  type ClassifyMode,
  type LlmConfig,
} from '../llm/config'
import { classifyMode } from '../settings/mode'
import type { Provider } from '../taxonomy/index'

export interface BatchLlmPlan {
  /** What the batch status shows: "rules", or the LLM providers its stages use, e.g. "openai". */
  provider: string
  llm_provider: Provider | null
  mode: ClassifyMode
  /** Why the batch cannot run, naming the missing setting; null when it can. */
  problem: string | null
}

/** Decides, before anything is stored, which providers and mode a batch will use and whether they are usable. */
export function planBatchLlm(override: Provider | undefined, config: LlmConfig = loadLlmConfig()): BatchLlmPlan {
  const llmProviders = [
    ...new Set(LLM_STAGES.map((stage) => providerForStage(config, stage, override)).filter(isLlmProvider)),
  ]
  const missing = llmProviders.flatMap((p) =>
    missingSettings(config, p).map((setting) => `llm_provider "${p}" needs ${setting}`),
  )
  // An explicit llm_provider asks for the LLM even when the server's env leaves every stage on the rules.
  const mode: ClassifyMode = classifyMode(config.chosenMode, llmProviders.length > 0)
  return {
    provider: llmProviders.length === 0 ? 'rules' : llmProviders.join('+'),
    llm_provider: override ?? null,
    mode,
    problem: missing.length > 0 ? `${missing.join('; ')} (set it in the environment or .env)` : null,
  }
}
