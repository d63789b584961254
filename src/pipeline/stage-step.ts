import { getStore } from '../db/open'
import type { BatchRow, Store, UnitLease } from '../db/store'
import { createLlmClient } from '../llm/client'
import { isLlmProvider, llmConfigOf, providerForStage, type LlmConfig } from '../llm/config-of'
import { stepSettings } from '../settings/handed'
import type { ClassifyMode } from '../settings/mode'
import { serviceConfigOf, type ServiceConfig } from '../settings/service-config'
import { PROVIDERS, type Provider } from '../taxonomy/enums'
import type { UnitRef } from '../taxonomy/stages'
import { BRANCH_STAGES, isBranch, isEntry } from './graph'
import { createLlmStageContext, type LlmStageContext, type UnitProviderBatches } from './llm-context'
import { runUnitStage, type StageRun } from './runner'
import { STEP_TIMEOUT_MS, stageEmits, type UnitEmit } from './topics'
import type { StageContext, StageDef } from './types'
import { parseUnitRef } from './unit-events'

async function context(ref: UnitRef): Promise<{ store: Store; ctx: StageContext; attempts: number; lease: UnitLease }> {
  // Parsed once by the process that started the service: a step process does not load the settings schema.
  const settings = stepSettings()
  const config = serviceConfigOf(settings)
  const store = getStore(config)
  const batch = await store.batches.get(ref.batch_id)
  const llmConfig = llmConfigOf(settings)
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

/** A stored batch's provider choice: checked at intake, so anything else is a corrupt row, refused by name. */
function storedProvider(value: string): Provider {
  if ((PROVIDERS as readonly string[]).includes(value)) return value as Provider
  throw new Error(`batch llm_provider: '${value}' is not one of ${PROVIDERS.join(', ')}`)
}

function batchLlmContext(
  store: Store,
  ref: UnitRef,
  batch: BatchRow,
  service: ServiceConfig,
  config: LlmConfig,
): LlmStageContext {
  const override = batch.llm_provider ? storedProvider(batch.llm_provider) : undefined
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

/**
 * A stage's step: the stage over the event's unit, then the events that carry the unit on. A branch carries it on
 * only when its claim finds every branch of the unit done: the branches meet in the store, exactly once per unit, and
 * no join step runs (one process less per branch and unit). A claimer that dies before recording its emit is emitted
 * for by resume (resume.ts).
 */
export async function runStageStep(
  def: StageDef,
  event: unknown,
  emit: (event: UnitEmit) => Promise<void>,
): Promise<{ ref: UnitRef; run: StageRun; emitted: number }> {
  const ref = parseUnitRef(event)
  const { store, ctx, attempts, lease } = await context(ref)
  const stage = def.name
  if (isEntry(stage)) await store.batches.markRunning(ref.batch_id)
  const run = await runUnitStage(store, ref, def, ctx, attempts, lease)
  // A stage waiting for a provider batch carries nothing on: the poller emits its event again once the batch ends.
  if (run.waiting_for) return { ref, run, emitted: 0 }
  const joined = isBranch(stage) ? await store.joins.claim(ref, stage, BRANCH_STAGES) : null
  const emits = joined === false ? [] : stageEmits(stage, ref)
  await Promise.all(emits.map((e) => emit(e)))
  if (joined) await store.joins.recordEmitted(ref)
  return { ref, run, emitted: emits.length }
}

/** The part of Motia's step logger a stage step uses (src/ does not import Motia). */
interface StepLogger {
  info(message: string, meta?: Record<string, unknown>): void
}

/** A stage's step handler: the stage over the event's unit (runStageStep), logged with the unit, its run and emits. */
export const stageHandler =
  (def: StageDef) =>
  async (event: unknown, { emit, logger }: { emit: (event: UnitEmit) => Promise<void>; logger: StepLogger }) => {
    const { ref, run, emitted } = await runStageStep(def, event, emit)
    logger.info(`${def.name} done`, { ...ref, ...run, emitted })
  }
