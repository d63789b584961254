import type { IndicatorInput } from '../taxonomy/index'

// Storage concepts, declared by the store the pipeline writes to.
export type { StageOutcome, UnitRef } from '../db/store'

export const STAGES = ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review'] as const
export type StageName = (typeof STAGES)[number]

/** One indicator as a stage sees it: the request as received and the earlier stages' results. */
export interface StageItem {
  input: IndicatorInput
  results: Partial<Record<StageName, unknown>>
  confidence: Partial<Record<StageName, number | null>>
}
