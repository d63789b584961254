import { DEFAULT_LLM_THRESHOLD } from '../llm/config'
import type { IndicatorInput } from '../taxonomy/index'
import { STAGES } from '../taxonomy/stages'
import { finalRow, type ClassifiedIndicator } from './final-row'
import { runStageOver, type OutcomesById } from './stage-outcomes'
import { STAGE_DEFS } from './stages/index'
import type { StageContext } from './types'

export const RULES_CONTEXT: StageContext = {
  review: { threshold: DEFAULT_LLM_THRESHOLD, source: 'rules', provider: 'rules', model: null, prompt_version: null },
}

/** The service's stages in order, in memory: what `npm run eval` and the accuracy suite score. */
export async function classifyInProcess(
  indicators: IndicatorInput[],
  ctx: StageContext = RULES_CONTEXT,
): Promise<ClassifiedIndicator[]> {
  const outcomes = await stageOutcomesInProcess(indicators, ctx)
  return indicators.map((input) => finalRow(input, outcomes.get(input.indicator_id)?.review))
}

/** Every stage's outcome per indicator: what `npm run calibrate` reads the deciding rows from. */
export async function stageOutcomesInProcess(
  indicators: IndicatorInput[],
  ctx: StageContext = RULES_CONTEXT,
): Promise<OutcomesById> {
  const outcomes: OutcomesById = new Map(indicators.map((i) => [i.indicator_id, {}]))
  for (const stage of STAGES) {
    const results = await runStageOver(STAGE_DEFS[stage], indicators, outcomes, ctx)
    for (const [id, outcome] of results) outcomes.get(id)![stage] = outcome
  }
  return outcomes
}

export type { ClassifiedIndicator }
