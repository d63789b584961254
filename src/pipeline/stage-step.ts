import { loadServiceConfig, type ServiceConfig } from '../settings/service'
import { getStore } from '../db/open'
import type { BatchRow, Store, UnitLease } from '../db/store'
import { createLlmClient } from '../llm/client'
import { isLlmProvider, loadLlmConfig, providerForStage, type ClassifyMode, type LlmConfig } from '../llm/config'
import { providerSchema } from '../taxonomy/index'
import type { UnitRef } from '../taxonomy/stages'
import { isEntry } from './graph'
import { createLlmStageContext, type LlmStageContext, type UnitProviderBatches } from './llm-context'
import { runUnitStage, type StageRun } from './runner'
import { STEP_TIMEOUT_MS, stageEmits, type UnitEmit } from './topics'
import type { StageContext, StageDef } from './types'
import { parseUnitRef } from './unit-events'

async function context(ref: UnitRef): Promise<{ store: Store; ctx: StageContext; attempts: number; lease: UnitLease }> {
  const config = loadServiceConfig()
  const store = getStore(config)
  const batch = await store.batches.get(ref.batch_id)
  const llmConfig = loadLlmConfig()
  return {
    store,
    attempts: config.stage_attempts,
    lease: { owner: config.replica_id, ttl_ms: STEP_TIMEOUT_MS },
    ctx: {
      review: { threshold: llmConfig.threshold, source: 'rules', provider: 'rules', model: null, prompt_version: null },
      llm: batch && batch.mode !== 'rules' ? batchLlmContext(store, ref, batch, config, llmConfig) : undefined,
    },
  }
}

function batchLlmContext(
  store: Store,
  ref: UnitRef,
  batch: BatchRow,
  service: ServiceConfig,
  config: LlmConfig,
): LlmStageContext {
  const override = batch.llm_provider ? providerSchema.parse(batch.llm_provider) : undefined
  return createLlmStageContext(
    {
      mode: batch.mode as ClassifyMode,
      threshold: config.threshold,
      batch_size: config.batchSize,
      dedupe: service.dedupe,
      cache: service.cache
        ? { get: (key) => store.llm.cachedAnswer(key), put: (key, entry) => store.llm.cacheAnswer(key, entry) }
        : undefined,
      refresh: batch.refresh === 1,
      provider_batches: batch.llm_delivery === 'batch' ? unitProviderBatches(store, ref) : undefined,
    },
    (stage) => {
      const provider = providerForStage(config, stage, override)
      return isLlmProvider(provider) ? provider : null
    },
    (provider) => createLlmClient(config, provider, { limiter: store.limits.limiter(config.limits) }),
    // Paid for the moment they are made: stored at once, so a step killed halfway (timeout, crash) is still billed.
    (stage, calls) =>
      store.llm.saveCalls(
        ref,
        calls.map((call) => ({ stage, ...call })),
      ),
  )
}

/** The provider batches of one unit's stages, as batch delivery reads and claims them. */
export function unitProviderBatches(store: Store, ref: UnitRef): UnitProviderBatches {
  return {
    list: (stage) => store.providerBatches.forStage(ref, stage),
    claim: (stage, batch) => store.providerBatches.claim({ ...batch, ...ref, stage }),
    submitted: (claimId, providerBatchId) => store.providerBatches.submitted(claimId, providerBatchId),
    release: (claimId) => store.providerBatches.release(claimId),
  }
}

/** A stage's step: the stage over the event's unit, and the events that carry the unit on. */
export async function runStageStep(
  def: StageDef,
  event: unknown,
): Promise<{ ref: UnitRef; run: StageRun; emits: UnitEmit[] }> {
  const ref = parseUnitRef(event)
  const { store, ctx, attempts, lease } = await context(ref)
  const stage = def.name
  if (isEntry(stage)) await store.batches.markRunning(ref.batch_id)
  const run = await runUnitStage(store, ref, def, ctx, attempts, lease)
  // A stage waiting for a provider batch carries nothing on: the poller emits its event again once the batch ends.
  return { ref, run, emits: run.waiting_for ? [] : stageEmits(stage, ref) }
}
