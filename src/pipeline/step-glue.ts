import { z } from 'zod'
import { loadServiceConfig } from '../config'
import { getDb } from '../db/connection'
import { recordJoinEmitted, claimJoin, markBatchRunning } from '../db/repository'
import { completeUnitClassifications } from './complete'
import { runUnitStage, type StageRun } from './runner'
import type { StageContext } from './stages'
import { BRANCH_STAGES, type BranchStage } from './topics'
import type { StageName, UnitRef } from './types'

// Motia does not enforce event input schemas, so every step parses its event itself.
export const unitRefSchema = z.object({ batch_id: z.string().min(1), unit_no: z.number().int().min(0) })
export const branchDoneSchema = unitRefSchema.extend({ branch: z.enum(BRANCH_STAGES) })

function context(): { db: ReturnType<typeof getDb>; ctx: StageContext; attempts: number } {
  const config = loadServiceConfig()
  return {
    db: getDb(config.database_path),
    attempts: config.stage_attempts,
    ctx: { review: { threshold: config.review_threshold, source: 'rules', provider: 'rules', model: null, prompt_version: null } },
  }
}

export async function runStageStep(stage: StageName, event: unknown): Promise<{ ref: UnitRef; run: StageRun }> {
  const ref = unitRefSchema.parse(event)
  const { db, ctx, attempts } = context()
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
