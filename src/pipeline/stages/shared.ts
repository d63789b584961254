import type { ZodApi } from '../../llm/zod'
import type { RulesInput } from '../../rules/index'
import {
  HEAT_MAP_ORIENTATIONS,
  TEMPORAL_AGGREGATIONS,
  type HeatMapOrientation,
  type TemporalAggregation,
} from '../../taxonomy/enums'
import { INDICATOR_TYPES, type IndicatorType } from '../../taxonomy/type-facts'
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
  const values = (input.sample_values ?? []).map((s) => s.value)
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
    changes_sign: values.some((v) => v < 0) && values.some((v) => v > 0),
  }
}

/**
 * The two fields every answer schema ends with: `conf`, the model's confidence, and `reason`, asked only where the
 * answer differs from the rules' view or the model is unsure (SYSTEM_PROMPT): null otherwise. Answer keys are short
 * (the rules view's words) because every key is paid for again in each item's answer.
 */
export const answerTail = (z: ZodApi) => ({ conf: z.number().min(0).max(1), reason: z.string().max(400).optional() })

/** The type fields an answer gives (type stage and review), keyed as the rules view names them. */
export const typeAnswer = (z: ZodApi) => ({
  type: z.enum(INDICATOR_TYPES as [IndicatorType, ...IndicatorType[]]),
  temporal: z.enum(TEMPORAL_AGGREGATIONS),
  orientation: z.enum(HEAT_MAP_ORIENTATIONS),
  money: z.boolean(),
  ...answerTail(z),
})

/** A validated typeAnswer under the taxonomy's field names. */
export function typeFields(answer: Record<string, unknown>) {
  return {
    indicator_type: answer.type as IndicatorType,
    temporal_aggregation: answer.temporal as TemporalAggregation,
    heat_map_orientation: answer.orientation as HeatMapOrientation,
    is_currency_denominated: Boolean(answer.money),
  }
}

/** The model's confidence in its answer. */
export const answerConfidence = (answer: Record<string, unknown>): number => Number(answer.conf)

/** The model's reason, or `otherwise` when it gave none (it agreed, or ignored the instruction). */
export function reasonOr(answer: Record<string, unknown>, otherwise: string): string {
  return typeof answer.reason === 'string' && answer.reason.trim() ? answer.reason : otherwise
}
