import type { IndicatorInput } from '../taxonomy/index'
import type { StageName, StageOutcome } from '../taxonomy/stages'
import { upstream } from './graph'
import type { StageContext, StageDef, StageItem } from './types'

export type OutcomesById = Map<string, Partial<Record<StageName, StageOutcome>>>

/**
 * Runs one stage over the indicators whose earlier stages succeeded. An indicator that failed earlier gets an
 * error outcome here too, so every stage holds an outcome for every indicator and "done" is easy to tell.
 */
export async function runStageOver(
  def: StageDef,
  inputs: IndicatorInput[],
  prior: OutcomesById,
  ctx: StageContext,
): Promise<Map<string, StageOutcome>> {
  const needs = upstream(def.name)
  const items = new Map<string, StageItem>()
  const out = new Map<string, StageOutcome>()
  for (const input of inputs) {
    const outcomes = prior.get(input.indicator_id) ?? {}
    const failed = needs.map((stage) => [stage, outcomes[stage]] as const).find(([, o]) => !o || !o.ok)
    if (failed) {
      const [stage, outcome] = failed
      out.set(input.indicator_id, {
        ok: false,
        error: outcome && !outcome.ok ? outcome.error : `stage ${stage} has no result`,
      })
      continue
    }
    const item: StageItem = { input, results: {}, confidence: {} }
    for (const stage of needs) {
      const outcome = outcomes[stage] as Extract<StageOutcome, { ok: true }>
      item.results[stage] = outcome.result
      item.confidence[stage] = outcome.confidence
    }
    items.set(input.indicator_id, item)
  }
  if (items.size > 0) for (const [id, outcome] of await def.run(items, ctx)) out.set(id, outcome)
  return out
}
