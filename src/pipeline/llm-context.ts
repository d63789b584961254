import type { NewProviderBatch, ProviderBatchRow } from '../db/store'
import type { ClassifyMode } from '../llm/config'
import type { LlmCallRecord, LlmClient, LlmProvider, LlmStage } from '../llm/types'

/** What a stage needs to consult a provider for one batch: who to ask, when, and where the bill goes. */
export interface AnswerCache {
  get(key: string): Promise<unknown | undefined>
  put(
    key: string,
    entry: { stage: LlmStage; provider: string; model: string; prompt_version: string; answer: unknown },
  ): Promise<void>
}

/** The provider batches of the unit being run, by stage (batch delivery). */
export interface UnitProviderBatches {
  list(stage: LlmStage): Promise<ProviderBatchRow[]>
  /** See ProviderBatchStore: claim before submitting, then submitted or release. */
  claim(
    stage: LlmStage,
    batch: Pick<NewProviderBatch, 'provider_batch_id' | 'provider' | 'model' | 'requests'>,
  ): Promise<boolean>
  submitted(claimId: string, providerBatchId: string): Promise<void>
  release(claimId: string): Promise<void>
}

export interface LlmStageContext {
  mode: ClassifyMode
  /**
   * Set in batch delivery: questions go out as one provider batch per stage (where the provider has a batch API) and
   * the stage waits for it; absent, they are asked at once.
   */
  provider_batches?: UnitProviderBatches
  threshold: number
  batch_size: number
  /** Ask once per signature and fan the answer out to every indicator that shares it. */
  dedupe: boolean
  /** Persistent answers across batches; absent when caching is off. */
  cache?: AnswerCache
  /** The batch asked for fresh answers: the cache is written, never read. */
  refresh: boolean
  /** The client of the stage's provider, or null when the stage is answered by the rules. */
  client(stage: LlmStage): LlmClient | null
  record(stage: LlmStage, calls: LlmCallRecord[]): Promise<void>
  /** The calls recorded since the last take, for the runner to persist with the stage's results. */
  take(): { stage: LlmStage; call: LlmCallRecord }[]
}

/** hybrid asks only about what the rules are unsure of; llm asks about everything. */
export function wantsLlm(llm: LlmStageContext | undefined, stage: LlmStage, confidence: number): LlmClient | null {
  const client = llm?.client(stage) ?? null
  if (!client || llm!.mode === 'rules') return null
  return llm!.mode === 'llm' || confidence < llm!.threshold ? client : null
}

/** A batch's LLM context: clients are made on first use, so a stage the rules answer never loads an SDK. */
export function createLlmStageContext(
  settings: Pick<
    LlmStageContext,
    'mode' | 'provider_batches' | 'threshold' | 'batch_size' | 'dedupe' | 'cache' | 'refresh'
  >,
  providerFor: (stage: LlmStage) => LlmProvider | null,
  makeClient: (provider: LlmProvider) => LlmClient,
  /** Where calls go as soon as they are made; without it they wait in memory for `take`. */
  sink?: (stage: LlmStage, calls: LlmCallRecord[]) => Promise<void>,
): LlmStageContext {
  const clients = new Map<LlmProvider, LlmClient>()
  let recorded: { stage: LlmStage; call: LlmCallRecord }[] = []
  return {
    ...settings,
    client(stage) {
      const provider = providerFor(stage)
      if (!provider) return null
      if (!clients.has(provider)) clients.set(provider, makeClient(provider))
      return clients.get(provider)!
    },
    async record(stage, calls) {
      if (sink) await sink(stage, calls)
      else recorded.push(...calls.map((call) => ({ stage, call })))
    },
    take() {
      const taken = recorded
      recorded = []
      return taken
    },
  }
}
