import { z } from 'zod'
import { loadServiceConfig, type ServiceConfig } from '../config'
import { getDb, type Db } from '../db/connection'
import { cacheAnswer, cachedAnswer, claimJoin, getBatch, markBatchRunning, recordJoinEmitted, type BatchRow } from '../db/repository'
import { createLlmClient } from '../llm/client'
import { limitSettingsFromEnv } from '../llm/limiter'
import { sqliteLimiter } from '../db/limits'
import { isLlmProvider, loadLlmConfig, providerForStage, type ClassifyMode } from '../llm/config'
import { providerSchema } from '../taxonomy/index'
import { createLlmStageContext, type LlmStageContext } from './llm-context'
import { completeUnitClassifications } from './complete'
import { runUnitStage, type StageRun } from './runner'
import type { StageContext } from './stages'
import { BRANCH_STAGES, type BranchStage } from './topics'
import type { StageName, UnitRef } from './types'

// Motia does not enforce event input schemas, so every step parses its event itself.
export const unitRefSchema = z.object({ batch_id: z.string().min(1), unit_no: z.number().int().min(0) })
export const branchDoneSchema = unitRefSchema.extend({ branch: z.enum(BRANCH_STAGES) })

function context(batchId?: string): { db: ReturnType<typeof getDb>; ctx: StageContext; attempts: number } {
  const config = loadServiceConfig()
  const db = getDb(config.database_path)
  const batch = batchId === undefined ? undefined : getBatch(db, batchId)
  return {
    db,
    attempts: config.stage_attempts,
    ctx: {
      review: { threshold: config.review_threshold, source: 'rules', provider: 'rules', model: null, prompt_version: null },
      llm: batch && batch.mode !== 'rules' ? batchLlmContext(db, batch, config) : undefined,
    },
  }
}

function batchLlmContext(db: Db, batch: BatchRow, service: ServiceConfig): LlmStageContext {
  const config = loadLlmConfig()
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
  )
}

export async function runStageStep(stage: StageName, event: unknown): Promise<{ ref: UnitRef; run: StageRun }> {
  const ref = unitRefSchema.parse(event)
  const { db, ctx, attempts } = context(ref.batch_id)
  if (stage === 'normalize') markBatchRunning(db, ref.batch_id)
  return { ref, run: await runUnitStage(db, ref, stage, ctx, attempts) }
}

/** True when this branch's event is the one that must emit the joined unit (exactly once per unit). */
export function joinBranch(event: unknown): { ref: UnitRef; branch: BranchStage; emit: boolean; markEmitted: () => void } {
  const { branch, ...ref } = branchDoneSchema.parse(event)
  const { db } = context()
  return { ref, branch, emit: claimJoin(db, ref, branch, BRANCH_STAGES), markEmitted: () => recordJoinEmitted(db, ref) }
}

export function completeStep(event: unknown) {
  const ref = unitRefSchema.parse(event)
  return { ref, ...completeUnitClassifications(context().db, ref) }
}
