import type { IndicatorInput } from '../taxonomy/index'

/** The unit of work: events carry only this; everything else is read from SQLite. */
export interface UnitRef {
  batch_id: string
  unit_no: number
}

export const STAGES = ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review'] as const
export type StageName = (typeof STAGES)[number]

/** What one stage decided for one indicator, or why it could not. */
export type StageOutcome<T = unknown> = { ok: true; result: T; confidence: number | null } | { ok: false; error: string }

/** One indicator as a stage sees it: the request as received and the earlier stages' results. */
export interface StageItem {
  input: IndicatorInput
  results: Partial<Record<StageName, unknown>>
  confidence: Partial<Record<StageName, number | null>>
}
