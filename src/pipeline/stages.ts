import { decideFamily, decideType, type RulesInput } from '../rules/index'
import { inferTime, type TimeInference } from '../normalize/time'
import type { Family, IndicatorType, TemporalAggregation, HeatMapOrientation } from '../taxonomy/index'
import { normalizeIndicator, type NormalizedIndicator } from './normalize'
import { review, type ReviewContext } from './review'
import type { StageItem, StageName, StageOutcome } from './types'

export interface ScaleResult {
  scale: NormalizedIndicator['units']['scale']
  scale_multiplier: number
  parsed_unit_type: NormalizedIndicator['units']['parsed_unit_type']
  reason: string
}
export interface CurrencyResult {
  detected_currency: string | null
  currency_kind: NormalizedIndicator['units']['currency_kind']
  reason: string
}
export interface FamilyResult {
  family: Family
  rule: string
  reason: string
}
export interface TypeResult {
  indicator_type: IndicatorType
  temporal_aggregation: TemporalAggregation
  heat_map_orientation: HeatMapOrientation
  is_currency_denominated: boolean
  reason: string
  confidences: Record<'indicator_type' | 'temporal_aggregation' | 'heat_map_orientation' | 'is_currency_denominated', number>
}

export interface StageContext {
  review: ReviewContext
}

/** A stage works on a whole unit; one indicator's failure never sinks the others. */
export interface StageDef {
  name: StageName
  needs: readonly StageName[]
  run(items: Map<string, StageItem>, ctx: StageContext): Promise<Map<string, StageOutcome>>
}

function perIndicator(fn: (item: StageItem, ctx: StageContext) => { result: unknown; confidence: number | null }): StageDef['run'] {
  return async (items, ctx) => {
    const out = new Map<string, StageOutcome>()
    for (const [id, item] of items) {
      try {
        out.set(id, { ok: true, ...fn(item, ctx) })
      } catch (error) {
        out.set(id, { ok: false, error: error instanceof Error ? error.message : String(error) })
      }
    }
    return out
  }
}

const normalized = (item: StageItem) => item.results.normalize as NormalizedIndicator
const timeOf = (item: StageItem) => item.results.time as TimeInference

export function rulesInput(item: StageItem): RulesInput {
  const { input } = item
  const time = timeOf(item)
  return {
    name: normalized(item).name,
    long_name: input.long_name,
    description: input.description,
    category_group: input.category_group,
    topic: input.topic,
    dataset: input.dataset,
    units: normalized(item).units,
    reporting_frequency: time.reporting_frequency,
    is_cumulative: time.is_cumulative,
    cumulative_pattern: time.cumulative_pattern,
  }
}

const normalizeStage: StageDef = {
  name: 'normalize',
  needs: [],
  run: perIndicator((item) => {
    const result = normalizeIndicator(item.input)
    return { result, confidence: result.units.confidence }
  }),
}

const timeStage: StageDef = {
  name: 'time',
  needs: ['normalize'],
  run: perIndicator((item) => {
    const result = inferTime({
      name: normalized(item).name,
      description: item.input.description,
      periodicity: item.input.periodicity,
      frequency_hint: normalized(item).units.frequency_hint,
      sample_values: item.input.sample_values,
    })
    return { result, confidence: result.confidence }
  }),
}

const scaleStage: StageDef = {
  name: 'scale',
  needs: ['normalize'],
  run: perIndicator((item) => {
    const units = normalized(item).units
    const result: ScaleResult = {
      scale: units.scale,
      scale_multiplier: units.scale_multiplier,
      parsed_unit_type: units.parsed_unit_type,
      reason: units.evidence.join('; ') || 'no units evidence',
    }
    return { result, confidence: units.confidence }
  }),
}

const currencyStage: StageDef = {
  name: 'currency',
  needs: ['normalize'],
  run: perIndicator((item) => {
    const units = normalized(item).units
    const result: CurrencyResult = {
      detected_currency: units.detected_currency,
      currency_kind: units.currency_kind,
      reason: units.detected_currency
        ? `currency ${units.detected_currency} (${units.currency_kind})`
        : units.currency_kind === 'national'
          ? 'national currency without a code'
          : 'no currency in units',
    }
    // A currency conflict between the units and the request's currency_code is the one thing this stage can doubt.
    const conflicted = units.conflicts.some((c) => /currency/i.test(c))
    return { result, confidence: conflicted ? 0.5 : 0.95 }
  }),
}

const familyStage: StageDef = {
  name: 'family',
  needs: ['normalize', 'time', 'scale', 'currency'],
  run: perIndicator((item) => {
    const decision = decideFamily(rulesInput(item))
    const result: FamilyResult = { family: decision.value, rule: decision.rule, reason: decision.reason }
    return { result, confidence: decision.confidence }
  }),
}

const typeStage: StageDef = {
  name: 'type',
  needs: ['normalize', 'time', 'scale', 'currency', 'family'],
  run: perIndicator((item) => {
    const family = (item.results.family as FamilyResult).family
    const d = decideType(rulesInput(item), family)
    const confidences = {
      indicator_type: d.indicator_type.confidence,
      temporal_aggregation: d.temporal_aggregation.confidence,
      heat_map_orientation: d.heat_map_orientation.confidence,
      is_currency_denominated: d.is_currency_denominated.confidence,
    }
    const result: TypeResult = {
      indicator_type: d.indicator_type.value,
      temporal_aggregation: d.temporal_aggregation.value,
      heat_map_orientation: d.heat_map_orientation.value,
      is_currency_denominated: d.is_currency_denominated.value,
      reason: d.indicator_type.reason,
      confidences,
    }
    return { result, confidence: Math.min(...Object.values(confidences)) }
  }),
}

const reviewStage: StageDef = {
  name: 'review',
  needs: ['normalize', 'time', 'scale', 'currency', 'family', 'type'],
  run: perIndicator((item, ctx) => {
    const result = review(item, ctx.review)
    return { result, confidence: result.confidence }
  }),
}

export const STAGE_DEFS: Record<StageName, StageDef> = {
  normalize: normalizeStage,
  time: timeStage,
  scale: scaleStage,
  currency: currencyStage,
  family: familyStage,
  type: typeStage,
  review: reviewStage,
}
