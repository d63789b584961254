import { z } from 'zod'
import type { RulesInput } from '../../rules/index'
import type { NormalizedIndicator, StageDef, StageItem, StageOutcome, TimeResult } from '../types'

/** A stage that decides each indicator on its own: one indicator's exception is its own error outcome. */
export function perIndicator(fn: (item: StageItem) => { result: unknown; confidence: number | null }): StageDef['run'] {
  return async (items) => {
    const out = new Map<string, StageOutcome>()
    for (const [id, item] of items) {
      try {
        out.set(id, { ok: true, ...fn(item) })
      } catch (error) {
        out.set(id, { ok: false, error: error instanceof Error ? error.message : String(error) })
      }
    }
    return out
  }
}

export const normalized = (item: StageItem) => item.results.normalize as NormalizedIndicator

/** What the family and type rules see of an indicator: the request, its parsed units and its time. */
export function rulesInput(item: StageItem): RulesInput {
  const { input } = item
  const time = item.results.time as TimeResult
  return {
    name: normalized(item).name,
    long_name: input.long_name,
    description: input.description,
    category_group: input.category_group,
    topic: input.topic,
    dataset: input.dataset,
    units: normalized(item).units,
    described_aggregation: normalized(item).described_aggregation?.aggregation,
    reporting_frequency: time.reporting_frequency,
    is_cumulative: time.is_cumulative,
    cumulative_pattern: time.cumulative_pattern,
  }
}

/** The two fields every answer schema ends with. */
export const answerConfidence = z.number().min(0).max(1)
/** Asked only where the answer differs from the rules' view or the model is unsure (SYSTEM_PROMPT): null otherwise. */
export const answerReason = z.string().max(400).optional()

/** The model's reason, or `otherwise` when it gave none (it agreed, or ignored the instruction). */
export function reasonOr(answer: Record<string, unknown>, otherwise: string): string {
  return typeof answer.reason === 'string' && answer.reason.trim() ? answer.reason : otherwise
}
