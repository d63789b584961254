import { decideFamily, decideType, explainType, type RulesInput } from '../rules/index'
import { inferTime, type TimeInference } from '../normalize/time'
import { z } from 'zod'
import {
  CUMULATIVE_PATTERNS,
  FAMILIES,
  HEAT_MAP_ORIENTATIONS,
  REPORTING_FREQUENCIES,
  INDICATOR_TYPES,
  TEMPORAL_AGGREGATIONS,
  typeBelongsToFamily,
  type CumulativePattern,
  type Family,
  type IndicatorType,
  type TemporalAggregation,
  type HeatMapOrientation,
  type ReportingFrequency,
} from '../taxonomy/index'
import { consultLlm, RULES_PROVENANCE, type Provenance } from './llm-consult'
import { MAX_SAMPLES, withTaxonomy } from './llm-prompts'
import type { LlmStageContext } from './llm-context'
import { normalizeIndicator, type NormalizedIndicator } from './normalize'
import type { ReviewContext } from './review'
import { reviewStageRun } from './review-llm'
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
/** The rules' time inference, or the LLM's answer in its shape (`frequency_source: 'llm'`). */
export interface TimeResult extends Omit<TimeInference, 'frequency_source'>, Provenance {
  frequency_source: TimeInference['frequency_source'] | 'llm'
}
export interface FamilyResult extends Provenance {
  family: Family
  rule: string
  reason: string
}
export interface TypeResult extends Provenance {
  indicator_type: IndicatorType
  temporal_aggregation: TemporalAggregation
  heat_map_orientation: HeatMapOrientation
  is_currency_denominated: boolean
  reason: string
  confidences: Record<'indicator_type' | 'temporal_aggregation' | 'heat_map_orientation' | 'is_currency_denominated', number>
}

export interface StageContext {
  review: ReviewContext
  llm?: LlmStageContext
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
const timeOf = (item: StageItem) => item.results.time as TimeResult

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

const confidence = z.number().min(0).max(1)
const reason = z.string().max(400)

/**
 * The item line shows the last few samples; a year's worth is what a yearly reset (year-to-date) needs. It is sent
 * only when the rules are in doubt: the series is part of the question, so it would make every indicator of a
 * catalogue a question of its own and defeat de-duplication.
 */
const doubtful = (r: TimeResult) => r.cumulative_pattern === 'unknown' || r.conflicts.length > 0 || r.frequency_source === 'default'

const TIME_SAMPLES = 14
function longerSeries(item: StageItem): string {
  const samples = item.input.sample_values ?? []
  if (samples.length <= MAX_SAMPLES) return ''
  return ` series=${samples.slice(-TIME_SAMPLES).map((s) => `${s.date}:${s.value}`).join(',')}`
}

const timeRules = perIndicator((item) => {
  const inferred = inferTime({
    name: normalized(item).name,
    description: item.input.description,
    periodicity: item.input.periodicity,
    frequency_hint: normalized(item).units.frequency_hint,
    sample_values: item.input.sample_values,
  })
  const result: TimeResult = { ...inferred, ...RULES_PROVENANCE }
  return { result, confidence: result.confidence }
})

const timeStage: StageDef = {
  name: 'time',
  needs: ['normalize'],
  run: async (items, ctx) =>
    consultLlm<TimeResult>(items, await timeRules(items, ctx), ctx.llm, {
      stage: 'time',
      instructions:
        'For each item give its reporting_frequency (units time words, then periodicity, then the spacing of the sample dates; when periodicity and dates disagree the dates win), ' +
        'whether the values are cumulative (year-to-date: the name says YTD/year-to-date, or the values rise within each year and reset at the year start; a steady rise without reset is not) ' +
        'and the cumulative_pattern (none when not cumulative).',
      answerSchema: z.object({
        reporting_frequency: z.enum(REPORTING_FREQUENCIES),
        is_cumulative: z.boolean(),
        cumulative_pattern: z.enum(CUMULATIVE_PATTERNS),
        confidence,
        reason,
      }),
      schema_name: 'time_answers',
      rulesView: (r, item) =>
        `frequency=${r.reporting_frequency} (from ${r.frequency_source}) cumulative=${r.is_cumulative ? r.cumulative_pattern : 'no'}` +
        (r.conflicts.length > 0 ? ` conflicts=${JSON.stringify(r.conflicts.join('; '))}` : '') +
        (doubtful(r) ? longerSeries(item) : ''),
      merge: (r, answer) => {
        const is_cumulative = Boolean(answer.is_cumulative)
        const pattern = answer.cumulative_pattern as CumulativePattern
        // is_cumulative is the decision; a pattern that contradicts it is read in its light.
        const cumulative_pattern: CumulativePattern = !is_cumulative ? 'none' : pattern === 'none' ? 'unknown' : pattern
        return {
          result: {
            ...r,
            reporting_frequency: answer.reporting_frequency as ReportingFrequency,
            frequency_source: 'llm',
            is_cumulative,
            cumulative_pattern,
            confidence: Number(answer.confidence),
            reason: String(answer.reason),
          },
          confidence: Number(answer.confidence),
        }
      },
    }),
}

const familyRules = perIndicator((item) => {
  const decision = decideFamily(rulesInput(item))
  const result: FamilyResult = { family: decision.value, rule: decision.rule, reason: decision.reason, ...RULES_PROVENANCE }
  return { result, confidence: decision.confidence }
})

const familyStage: StageDef = {
  name: 'family',
  needs: ['normalize', 'time', 'scale', 'currency'],
  run: async (items, ctx) =>
    consultLlm<FamilyResult>(items, await familyRules(items, ctx), ctx.llm, {
      stage: 'family',
      instructions: withTaxonomy('For each item give its family.'),
      answerSchema: z.object({ family: z.enum(FAMILIES), confidence, reason }),
      schema_name: 'family_answers',
      rulesView: (r) => `family=${r.family} (${r.rule})`,
      merge: (r, answer) => ({ result: { ...r, family: answer.family as Family, rule: 'llm', reason: String(answer.reason) }, confidence: Number(answer.confidence) }),
    }),
}

const typeRules = perIndicator((item) => {
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
      reason: explainType(d),
      confidences,
      ...RULES_PROVENANCE,
    }
    return { result, confidence: Math.min(...Object.values(confidences)) }
})

const typeStage: StageDef = {
  name: 'type',
  needs: ['normalize', 'time', 'scale', 'currency', 'family'],
  run: async (items, ctx) =>
    consultLlm<TypeResult>(items, await typeRules(items, ctx), ctx.llm, {
      stage: 'type',
      instructions: withTaxonomy(
        'Each item has a decided family (in the rules view). For each item give its indicator_type within that family, temporal_aggregation, heat_map_orientation and is_currency_denominated.',
      ),
      answerSchema: z.object({
        indicator_type: z.enum(INDICATOR_TYPES as [IndicatorType, ...IndicatorType[]]),
        temporal_aggregation: z.enum(TEMPORAL_AGGREGATIONS),
        heat_map_orientation: z.enum(HEAT_MAP_ORIENTATIONS),
        is_currency_denominated: z.boolean(),
        confidence,
        reason,
      }),
      schema_name: 'type_answers',
      rulesView: (r, item) =>
        `family=${(item.results.family as FamilyResult).family} type=${r.indicator_type} temporal=${r.temporal_aggregation} orientation=${r.heat_map_orientation} money=${r.is_currency_denominated}`,
      merge: (r, answer, item) => {
        const family = (item.results.family as FamilyResult).family
        if (!typeBelongsToFamily(family, String(answer.indicator_type))) return { error: `indicator_type ${answer.indicator_type} is not a type of ${family}` }
        const c = Number(answer.confidence)
        return {
          result: {
            ...r,
            indicator_type: answer.indicator_type as IndicatorType,
            temporal_aggregation: answer.temporal_aggregation as TemporalAggregation,
            heat_map_orientation: answer.heat_map_orientation as HeatMapOrientation,
            is_currency_denominated: Boolean(answer.is_currency_denominated),
            reason: String(answer.reason),
            confidences: { indicator_type: c, temporal_aggregation: c, heat_map_orientation: c, is_currency_denominated: c },
          },
          confidence: c,
        }
      },
    }),
}

const reviewStage: StageDef = {
  name: 'review',
  needs: ['normalize', 'time', 'scale', 'currency', 'family', 'type'],
  run: reviewStageRun,
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
