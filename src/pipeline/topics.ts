import { settings } from '../settings/index'

/** Flow and topic names shared by the steps and the API, so an emit and its subscriber cannot drift apart. */
export const FLOW = 'classify-indicator'

export const TOPICS = {
  normalize: 'classify.normalize',
  time: 'classify.infer-time',
  scale: 'classify.infer-scale',
  currency: 'classify.check-currency',
  branchDone: 'classify.branch-done',
  family: 'classify.assign-family',
  type: 'classify.classify-type',
  review: 'classify.review',
  complete: 'classify.complete',
} as const

/** The three branches that run in parallel after normalize and meet at the join. */
export const BRANCH_STAGES = ['time', 'scale', 'currency'] as const
export type BranchStage = (typeof BRANCH_STAGES)[number]

/**
 * Queue settings for every event step. Handlers are idempotent, so a retry is safe; after the last attempt the
 * stage runner stores the unit's indicators as failed itself (see runner.ts), so nothing is left behind in the DLQ.
 * A unit's LLM calls may wait long on a provider's rate limit, hence Motia's longest handler timeout (900 s); the
 * visibility timeout only has to outlast it: after a crash the service resumes units from SQLite itself.
 */
export function queueInfrastructure() {
  return {
    handler: { timeout: 900 },
    queue: { type: 'standard' as const, maxRetries: settings().CLASSIFY_STEP_RETRIES, visibilityTimeout: 930, concurrency: 5 },
  }
}

/** What every pipeline step emits: a reference to a unit, never the indicators themselves (Motia passes event data on a command line). */
export type UnitEmit = { topic: string; data: { batch_id: string; unit_no: number; branch?: BranchStage } }
