import { loadServiceConfig, type ServiceConfig } from '../config'
import { getDb, type Db } from '../db/connection'
import { cacheAnswer, cachedAnswer, getBatch, markBatchRunning, saveLlmCalls, type BatchRow } from '../db/repository'
import { createLlmClient } from '../llm/client'
import { limitSettingsFromEnv } from '../llm/limiter'
import { sqliteLimiter } from '../db/limits'
import { isLlmProvider, loadLlmConfig, providerForStage, type ClassifyMode, type LlmConfig } from '../llm/config'
import { providerSchema } from '../taxonomy/index'
import type { StageName, UnitRef } from '../taxonomy/stages'
import { isEntry } from './graph'
import { createLlmStageContext, type LlmStageContext } from './llm-context'
import { runUnitStage, type StageRun } from './runner'
import { stageEmits, type UnitEmit } from './topics'
import type { StageContext } from './types'
import { parseUnitRef } from './unit-events'

function context(ref: UnitRef): { db: ReturnType<typeof getDb>; ctx: StageContext; attempts: number } {
  const config = loadServiceConfig()
  const db = getDb(config.database_path)
  const batch = getBatch(db, ref.batch_id)
  const llmConfig = loadLlmConfig()
  return {
    db,
    attempts: config.stage_attempts,
    ctx: {
      review: { threshold: llmConfig.threshold, source: 'rules', provider: 'rules', model: null, prompt_version: null },
      llm: batch && batch.mode !== 'rules' ? batchLlmContext(db, ref, batch, config, llmConfig) : undefined,
    },
  }
}

function batchLlmContext(db: Db, ref: UnitRef, batch: BatchRow, service: ServiceConfig, config: LlmConfig): LlmStageContext {
  const override = batch.llm_provider ? providerSchema.parse(batch.llm_provider) : undefined
  return createLlmStageContext(
    {
      mode: batch.mode as ClassifyMode,
      threshold: config.threshold,
      batch_size: config.batchSize,
      dedupe: service.dedupe,
      cache: service.cache ? { get: (key) => cachedAnswer(db, key), put: (key, entry) => cacheAnswer(db, key, entry) } : undefined,
      refresh: batch.refresh === 1,
    },
    (stage) => {
      const provider = providerForStage(config, stage, override)
      return isLlmProvider(provider) ? provider : null
    },
    (provider) => createLlmClient(config, provider, { limiter: sqliteLimiter(db, limitSettingsFromEnv(process.env, config.timeoutMs)) }),
    // Paid for the moment they are made: stored at once, so a step killed halfway (timeout, crash) is still billed.
    (stage, calls) => saveLlmCalls(db, ref, calls.map((call) => ({ stage, ...call }))),
  )
}

/** A stage's step: the stage over the event's unit, and the events that carry the unit on. */
export async function runStageStep(stage: StageName, event: unknown): Promise<{ ref: UnitRef; run: StageRun; emits: UnitEmit[] }> {
  const ref = parseUnitRef(event)
  const { db, ctx, attempts } = context(ref)
  if (isEntry(stage)) markBatchRunning(db, ref.batch_id)
  return { ref, run: await runUnitStage(db, ref, stage, ctx, attempts), emits: stageEmits(stage, ref) }
}
