import { enforceInvariants, type FinalFields } from '../rules/invariants'
import type { TimeInference } from '../normalize/time'
import { timeBasisOf, type Classification, type Source } from '../taxonomy/index'
import type { NormalizedIndicator } from './normalize'
import type { CurrencyResult, FamilyResult, ScaleResult, TypeResult } from './stages'
import type { StageItem } from './types'

export interface ReviewContext {
  threshold: number
  source: Source
  provider: string
  model: string | null
  prompt_version: string | null
}

export interface Correction {
  field: string
  from: unknown
  to: unknown
  invariant: number
}

export type ReviewedClassification = Classification & { corrections: Correction[]; conflicts: string[] }

const sentence = (text: string) => text.trim().replace(/[.;\s]+$/, '')

/** TAXONOMY §5: assemble the stages' answers, enforce the invariants, and decide passed/corrected/flagged. */
export function review(item: StageItem, ctx: ReviewContext): ReviewedClassification {
  const normalized = item.results.normalize as NormalizedIndicator
  const time = item.results.time as TimeInference
  const scale = item.results.scale as ScaleResult
  const currency = item.results.currency as CurrencyResult
  const family = item.results.family as FamilyResult
  const type = item.results.type as TypeResult

  const proposed: FinalFields = {
    family: family.family,
    indicator_type: type.indicator_type,
    temporal_aggregation: type.temporal_aggregation,
    heat_map_orientation: type.heat_map_orientation,
    is_currency_denominated: type.is_currency_denominated,
    scale: scale.scale,
    parsed_unit_type: scale.parsed_unit_type,
    time_basis: timeBasisOf(type.temporal_aggregation),
    is_cumulative: time.is_cumulative,
    cumulative_pattern: time.cumulative_pattern,
  }
  const { fields, corrections, unresolved } = enforceInvariants(proposed)

  const stage_confidence: Record<string, number> = {}
  for (const stage of ['normalize', 'time', 'scale', 'currency', 'family', 'type'] as const) {
    stage_confidence[stage] = item.confidence[stage] ?? 0
  }
  const confidence = Math.min(...Object.values(stage_confidence))
  const llmErrors = [family.llm_error, type.llm_error].filter((e): e is string => Boolean(e))
  const conflicts = [...normalized.units.conflicts, ...time.conflicts, ...unresolved.map((v) => `invariant ${v.invariant}: ${v.message}`), ...llmErrors]
  const review_status = confidence < ctx.threshold || conflicts.length > 0 ? 'flagged' : corrections.length > 0 ? 'corrected' : 'passed'

  const reasons = [family.reason, type.reason, time.reason].filter(Boolean).map(sentence)
  if (review_status === 'flagged') {
    reasons.push(conflicts.length > 0 ? `flagged: ${conflicts.join('; ')}` : `flagged: confidence ${confidence.toFixed(2)} below ${ctx.threshold}`)
  }

  return {
    ...fields,
    detected_currency: currency.detected_currency,
    scale_multiplier: scale.scale_multiplier,
    reporting_frequency: time.reporting_frequency,
    confidence: round(confidence),
    stage_confidence: Object.fromEntries(Object.entries(stage_confidence).map(([k, v]) => [k, round(v)])),
    reasoning: reasons.join('. ') + '.',
    review_status,
    ...provenance(family, type, ctx),
    corrections,
    conflicts,
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** An indicator any stage of which the LLM answered is an LLM classification; otherwise the context's (rules or cache). */
function provenance(family: FamilyResult, type: TypeResult, ctx: ReviewContext) {
  const llm = [type, family].find((r) => r.source === 'llm')
  if (!llm) return { source: ctx.source, provider: ctx.provider, model: ctx.model, prompt_version: ctx.prompt_version }
  return { source: 'llm' as const, provider: llm.provider, model: llm.model, prompt_version: llm.prompt_version }
}
