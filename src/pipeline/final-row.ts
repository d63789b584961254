import type { IndicatorInput } from '../taxonomy/index'
import type { StageOutcome } from '../taxonomy/stages'
import type { ReviewedClassification } from './types'

export type ClassifiedIndicator =
  | ({
      indicator_id: string
      name: string
      units: string | null
      status: 'completed'
      error: null
    } & ReviewedClassification)
  | { indicator_id: string; name: string; units: string | null; status: 'failed'; error: string }

/** An indicator's final row from its review outcome: classified, or failed with the first error on its way. */
export function finalRow(input: IndicatorInput, outcome: StageOutcome | undefined): ClassifiedIndicator {
  const base = { indicator_id: input.indicator_id, name: input.name, units: input.units ?? null }
  if (outcome?.ok) return { ...base, status: 'completed', error: null, ...(outcome.result as ReviewedClassification) }
  return { ...base, status: 'failed', error: outcome && !outcome.ok ? outcome.error : 'no review result' }
}
