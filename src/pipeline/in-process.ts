import type { IndicatorInput } from '../taxonomy/index'
import { runStageOver, stageDef, type OutcomesById } from './outcomes'
import type { ReviewedClassification } from './review'
import type { StageContext } from './stages'
import { STAGES, type StageOutcome } from './types'

export type ClassifiedIndicator =
  | ({ indicator_id: string; name: string; units: string | null; status: 'completed'; error: null } & ReviewedClassification)
  | { indicator_id: string; name: string; units: string | null; status: 'failed'; error: string }

export const RULES_CONTEXT: StageContext = {
  review: { threshold: 0.75, source: 'rules', provider: 'rules', model: null, prompt_version: null },
}

/** The service's stages in order, in memory: what `npm run eval` and the accuracy suite score. */
export async function classifyInProcess(indicators: IndicatorInput[], ctx: StageContext = RULES_CONTEXT): Promise<ClassifiedIndicator[]> {
  const outcomes: OutcomesById = new Map(indicators.map((i) => [i.indicator_id, {}]))
  for (const stage of STAGES) {
    const results = await runStageOver(stageDef(stage), indicators, outcomes, ctx)
    for (const [id, outcome] of results) outcomes.get(id)![stage] = outcome
  }
  return indicators.map((input) => finalRow(input, outcomes.get(input.indicator_id)?.review))
}

export function finalRow(input: IndicatorInput, outcome: StageOutcome | undefined): ClassifiedIndicator {
  const base = { indicator_id: input.indicator_id, name: input.name, units: input.units ?? null }
  if (outcome?.ok) return { ...base, status: 'completed', error: null, ...(outcome.result as ReviewedClassification) }
  return { ...base, status: 'failed', error: outcome && !outcome.ok ? outcome.error : 'no review result' }
}
