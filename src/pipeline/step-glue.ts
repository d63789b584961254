import { loadServiceConfig, type ServiceConfig } from '../config'
import { getStore } from '../db/open'
import type { BatchRow, Store } from '../db/store'
import { createLlmClient } from '../llm/client'
import { limitSettingsFromEnv } from '../llm/limiter'
import { isLlmProvider, loadLlmConfig, providerForStage, type ClassifyMode, type LlmConfig } from '../llm/config'
import { providerSchema } from '../taxonomy/index'
import { createLlmStageContext, type LlmStageContext } from './llm-context'
import { runUnitStage, type StageRun } from './runner'
import type { StageContext } from './stages'
import { parseUnitRef } from './unit-ref'
import type { StageName, UnitRef } from './types'

async function context(ref: UnitRef): Promise<{ store: Store; ctx: StageContext; attempts: number }> {
  const config = loadServiceConfig()
  const store = getStore(config)
  // This replica works on the unit now: a replica that starts meanwhile leaves it alone.
  await store.leases.hold(ref, config.replica_id, config.lease_ms)
  const batch = await store.batches.get(ref.batch_id)
  const llmConfig = loadLlmConfig()
  return {
    store,
    attempts: config.stage_attempts,
    ctx: {
      review: { threshold: llmConfig.threshold, source: 'rules', provider: 'rules', model: null, prompt_version: null },
      llm: batch && batch.mode !== 'rules' ? batchLlmContext(store, ref, batch, config, llmConfig) : undefined,
    },
  }
}

function batchLlmContext(store: Store, ref: UnitRef, batch: BatchRow, service: ServiceConfig, config: LlmConfig): LlmStageContext {
  const override = batch.llm_provider ? providerSchema.parse(batch.llm_provider) : undefined
  return createLlmStageContext(
    {
      mode: batch.mode as ClassifyMode,
      threshold: config.threshold,
      batch_size: config.batchSize,
      dedupe: service.dedupe,
      cache: service.cache ? { get: (key) => store.llm.cachedAnswer(key), put: (key, entry) => store.llm.cacheAnswer(key, entry) } : undefined,
      refresh: batch.refresh === 1,
    },
    (stage) => {
      const provider = providerForStage(config, stage, override)
      return isLlmProvider(provider) ? provider : null
    },
    (provider) => createLlmClient(config, provider, { limiter: store.limits.limiter(limitSettingsFromEnv(process.env, config.timeoutMs)) }),
    // Paid for the moment they are made: stored at once, so a step killed halfway (timeout, crash) is still billed.
    (stage, calls) => store.llm.saveCalls(ref, calls.map((call) => ({ stage, ...call }))),
  )
}

export async function runStageStep(stage: StageName, event: unknown): Promise<{ ref: UnitRef; run: StageRun }> {
  const ref = parseUnitRef(event)
  const { store, ctx, attempts } = await context(ref)
  if (stage === 'normalize') await store.batches.markRunning(ref.batch_id)
  return { ref, run: await runUnitStage(store, ref, stage, ctx, attempts) }
}
