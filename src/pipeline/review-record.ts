import {
  CALIBRATED_STAGES,
  CALIBRATION,
  DISSENT_FEATURES,
  loweredBy,
  perStage,
  recordConfidence,
  secondOpinionOf,
  stageProbability,
  unfamiliarityOf,
  unseenUnitsOf,
  type CalibratedStage,
  type Probability,
  type RecordConfidence,
} from '../rules/index'
import { enforceInvariants, type FinalFields, type Violation } from '../rules/invariants'
import { timeBasisOf, type Family, type HeatMapOrientation, type TemporalAggregation } from '../taxonomy/enums'
import { typeBelongsToFamily, type IndicatorType } from '../taxonomy/type-facts'
import type { Classification } from '../taxonomy/index'
import { upstream } from './graph'
import type {
  Correction,
  CurrencyResult,
  FamilyResult,
  LlmReviewCorrection,
  NormalizedIndicator,
  ReviewContext,
  ReviewedClassification,
  ScaleResult,
  StageItem,
  TimeResult,
  TypeResult,
} from './types'

/** The fields an LLM review may correct; the rest of the record is evidence it sees but does not change. */
interface ReviewAnswer {
  family: Family
  indicator_type: string
  temporal_aggregation: TemporalAggregation
  heat_map_orientation: HeatMapOrientation
  is_currency_denominated: boolean
  confidence: number
  /** Absent when the model agreed without a word (it is asked for one only where it differs or is unsure). */
  reason?: string
  /** Who answered, for the reasoning. */
  provider: string
}

const STAGES_BEFORE_REVIEW = upstream('review')

const sentence = (text: string) => text.trim().replace(/[.;\s]+$/, '')
const core = (text: string) => text.toLowerCase().replace(/[).;\s]+$/, '')

/**
 * Reasons in order, each once: a reason that is a prefix of another ("x (rule r)" beside "x (rule r; units …)")
 * is the same evidence told twice, and the more detailed one is kept in the first one's place.
 */
export function distinctReasons(reasons: readonly (string | null | undefined)[]): string[] {
  const out: string[] = []
  for (const reason of reasons) {
    const text = reason ? sentence(reason) : ''
    if (!text) continue
    const key = core(text)
    const at = out.findIndex((kept) => core(kept).startsWith(key) || key.startsWith(core(kept)))
    if (at === -1) out.push(text)
    else if (text.length > out[at]!.length) out[at] = text
  }
  return out
}

interface Evidence {
  normalized: NormalizedIndicator
  time: TimeResult
  scale: ScaleResult
  currency: CurrencyResult
  family: FamilyResult
  type: TypeResult
}

function evidenceOf(item: StageItem): Evidence {
  return {
    normalized: item.results.normalize as NormalizedIndicator,
    time: item.results.time as TimeResult,
    scale: item.results.scale as ScaleResult,
    currency: item.results.currency as CurrencyResult,
    family: item.results.family as FamilyResult,
    type: item.results.type as TypeResult,
  }
}

/** What the stages proposed, before §5. */
function proposedFields({ time, scale, family, type }: Evidence): FinalFields {
  return {
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
}

/** The rules' evidence disagreeing with itself: what the calibration's `conflicted` feature was fitted on. */
const rulesConflicts = ({ normalized, time }: Evidence): string[] => [...normalized.units.conflicts, ...time.conflicts]

/** LLM answers of earlier stages that could not be used. */
const llmErrors = ({ time, family, type }: Evidence): string[] =>
  [time.llm_error, family.llm_error, type.llm_error].filter((e): e is string => Boolean(e))

/** Conflicts no review can settle: the evidence disagreeing with itself, and LLM answers that could not be used. */
const evidenceConflicts = (e: Evidence): string[] => [...rulesConflicts(e), ...llmErrors(e)]

const violationText = (v: Violation) => `invariant ${v.invariant}: ${v.message}`

interface Settled {
  fields: FinalFields
  corrections: Correction[]
  conflicts: string[]
  stage_confidence: Record<string, number>
  confidence: number
  /** What lowered a calibrated confidence most, named when the record is flagged for it. */
  weakest?: RecordConfidence['weakest']
  disputed?: RecordConfidence['disputed']
  reasons: string[]
}

/** TAXONOMY §5.6: low confidence or any conflict is flagged; otherwise a corrected record says so. */
function settle(
  e: Evidence,
  s: Settled,
  ctx: ReviewContext,
  provenance: Pick<Classification, 'source' | 'provider' | 'model' | 'prompt_version'>,
): ReviewedClassification {
  const review_status =
    s.confidence < ctx.threshold || s.conflicts.length > 0
      ? 'flagged'
      : s.corrections.length > 0
        ? 'corrected'
        : 'passed'
  const reasons = distinctReasons(s.reasons)
  if (review_status === 'flagged') {
    const w = s.weakest
    const disputed = s.disputed ? `; ${DISSENT_FEATURES[s.disputed]}` : ''
    const weakest = w
      ? ` (lowest: ${w.stage} at ${w.probability.toFixed(2)}${w.lowered_by ? `, lowered by ${w.lowered_by}` : ''}${disputed})`
      : ''
    reasons.push(
      s.conflicts.length > 0
        ? `flagged: ${s.conflicts.join('; ')}`
        : `flagged: confidence ${s.confidence.toFixed(2)} below ${ctx.threshold}${weakest}`,
    )
  }
  return {
    ...s.fields,
    detected_currency: e.currency.detected_currency,
    scale_multiplier: e.scale.scale_multiplier,
    reporting_frequency: e.time.reporting_frequency,
    confidence: round(s.confidence),
    stage_confidence: Object.fromEntries(Object.entries(s.stage_confidence).map(([k, v]) => [k, round(v)])),
    reasoning: reasons.join('. ') + '.',
    review_status,
    ...provenance,
    corrections: s.corrections,
    conflicts: s.conflicts,
  }
}

/**
 * Each calibrated stage's probability (its stage confidence) and the evidence feature that lowered it; an LLM's
 * answer has its own confidence and no rules evidence.
 */
const answeredByLlm = (result: object) => 'source' in result && (result.source === 'llm' || result.source === 'cache')

function calibratedStages(e: Evidence, stage_confidence: Record<string, number>): Record<CalibratedStage, Probability> {
  return perStage((stage) => {
    const probability = stage_confidence[stage]!
    if (answeredByLlm(e[stage])) return { probability, lowered_by: 'the LLM’s own confidence' }
    const reading = stageProbability(stage, e[stage].evidence)
    const { least } = reading
    return {
      probability,
      lowered_by: loweredBy(stage, e[stage].evidence, CALIBRATION, reading),
      ...(least === undefined ? {} : { least }),
    }
  })
}

/**
 * Unfamiliarity says how unlike the titles the rules were tuned on a title is: evidence about the rules' answers, not
 * an LLM's. It counts in proportion to the calibrated stages the rules answered (all of them in rules mode, where it
 * was fitted).
 */
function rulesUnfamiliarity(e: Evidence, title: string): number {
  const byRules = CALIBRATED_STAGES.filter((stage) => !answeredByLlm(e[stage])).length
  return byRules === 0 ? 0 : (unfamiliarityOf(title) * byRules) / CALIBRATED_STAGES.length
}

/** The second opinion on the fields the rules answered (an LLM's answer is not what it was fitted on). */
function rulesOpinion(e: Evidence, fields: FinalFields, input: StageItem['input']) {
  const byRules = (stage: 'family' | 'type') => !answeredByLlm(e[stage])
  const answer = {
    ...(byRules('family') ? { family: fields.family } : {}),
    ...(byRules('type')
      ? {
          indicator_type: fields.indicator_type,
          heat_map_orientation: fields.heat_map_orientation,
          temporal_aggregation: fields.temporal_aggregation,
        }
      : {}),
  }
  return {
    ...secondOpinionOf(input.name, input.units ?? '', answer),
    ...(answer.indicator_type === undefined ? {} : { indicator_type: answer.indicator_type }),
  }
}

function stageConfidence(item: StageItem): Record<string, number> {
  return Object.fromEntries(STAGES_BEFORE_REVIEW.map((stage) => [stage, item.confidence[stage] ?? 0]))
}

/**
 * TAXONOMY §5: assemble the stages' answers, enforce the invariants, and decide passed/corrected/flagged.
 * `extraConflicts` are reasons to flag found after the stages (an LLM review answer that could not be used).
 */
export function review(
  item: StageItem,
  ctx: ReviewContext,
  extraConflicts: readonly string[] = [],
): ReviewedClassification {
  const e = evidenceOf(item)
  const { fields, corrections, unresolved } = enforceInvariants(proposedFields(e))
  const stage_confidence = stageConfidence(item)
  const conflicts = [...evidenceConflicts(e), ...unresolved.map(violationText), ...extraConflicts]
  // Calibrated P(all right) (src/rules/calibration.ts), not the weakest stage's own number. It is the rules' record's
  // probability: an LLM answer that could not be used flags the record but is no evidence the calibration has seen.
  const { confidence, weakest, disputed } = recordConfidence(calibratedStages(e, stage_confidence), {
    repaired: corrections.length > 0,
    conflicted: rulesConflicts(e).length + unresolved.length > 0,
    unfamiliarity: rulesUnfamiliarity(e, item.input.name),
    // Units the rules were never tuned on: evidence about the rules' reading of them, so only where they typed it.
    unseen_units: !answeredByLlm(e.type) && unseenUnitsOf(item.input.units ?? ''),
    ...rulesOpinion(e, fields, item.input),
  })
  return settle(
    e,
    {
      fields,
      corrections,
      conflicts,
      stage_confidence,
      confidence,
      weakest,
      disputed,
      reasons: [e.family.reason, e.type.reason, e.time.reason],
    },
    ctx,
    provenance(e, ctx),
  )
}

const CORRECTABLE = [
  'family',
  'indicator_type',
  'temporal_aggregation',
  'heat_map_orientation',
  'is_currency_denominated',
] as const

/**
 * An LLM review's answer applied to the rules' record: it must respect the family–type table and leave nothing
 * §5 cannot fix, or it is rejected (the caller keeps the rules' record and flags it with the returned reason).
 * Every field that ends different from the rules' record is a correction; time_basis follows the aggregation.
 */
export function reviseReview(
  item: StageItem,
  ctx: ReviewContext,
  answer: ReviewAnswer,
): { result: ReviewedClassification; confidence: number } | { error: string } {
  if (!typeBelongsToFamily(answer.family, answer.indicator_type)) {
    return { error: `correction rejected: indicator_type ${answer.indicator_type} is not a type of ${answer.family}` }
  }
  const e = evidenceOf(item)
  const before = enforceInvariants(proposedFields(e))
  const proposed: FinalFields = {
    ...before.fields,
    family: answer.family,
    indicator_type: answer.indicator_type as IndicatorType,
    temporal_aggregation: answer.temporal_aggregation,
    heat_map_orientation: answer.heat_map_orientation,
    is_currency_denominated: answer.is_currency_denominated,
    time_basis: timeBasisOf(answer.temporal_aggregation),
  }
  const after = enforceInvariants(proposed)
  if (after.unresolved.length > 0)
    return { error: `correction rejected: ${after.unresolved.map(violationText).join('; ')}` }

  const changed = (Object.keys(after.fields) as (keyof FinalFields)[]).filter(
    (field) => after.fields[field] !== before.fields[field],
  )
  const llmCorrections: LlmReviewCorrection[] = changed.map((field) => {
    const invariant = field === 'time_basis' ? 2 : after.corrections.find((c) => c.field === field)?.invariant
    return {
      field,
      from: before.fields[field],
      to: after.fields[field],
      source: 'llm-review',
      ...(invariant === undefined ? {} : { invariant }),
    }
  })
  // What the model proposed that §5 overruled is worth a word: the stored value is not the model's.
  const overruled = after.corrections.filter((c) => (CORRECTABLE as readonly string[]).includes(c.field))
  const corrected = llmCorrections.filter((c) => (CORRECTABLE as readonly string[]).includes(c.field))
  const said = answer.reason?.trim() ? `: ${sentence(answer.reason)}` : ''
  const reasons =
    corrected.length > 0
      ? [
          `${answer.provider} review${said}`,
          `review corrected ${corrected.map((c) => `${c.field} ${String(c.from)} → ${String(c.to)}`).join(', ')}`,
          e.time.reason,
        ]
      : [e.family.reason, e.type.reason, e.time.reason, `${answer.provider} review agrees${said}`]
  if (overruled.length > 0)
    reasons.push(
      `invariants overruled the review on ${overruled.map((c) => `${c.field} (§5.${c.invariant})`).join(', ')}`,
    )

  const stage_confidence = { ...stageConfidence(item), review: answer.confidence }
  const result = settle(
    e,
    {
      fields: after.fields,
      corrections: [...before.corrections, ...llmCorrections],
      conflicts: evidenceConflicts(e),
      stage_confidence,
      confidence: answer.confidence,
      reasons,
    },
    ctx,
    // consultLlm stamps the answering provider over this.
    provenance(e, ctx),
  )
  return { result, confidence: result.confidence }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * An indicator any stage of which the LLM answered is an LLM classification (a cached LLM answer: `cache`);
 * otherwise the context's (rules or cache).
 */
function provenance({ time, family, type }: Evidence, ctx: ReviewContext) {
  const stages = [type, family, time]
  const llm = stages.find((r) => r.source === 'llm') ?? stages.find((r) => r.source === 'cache')
  if (!llm) return { source: ctx.source, provider: ctx.provider, model: ctx.model, prompt_version: ctx.prompt_version }
  return { source: llm.source, provider: llm.provider, model: llm.model, prompt_version: llm.prompt_version }
}
