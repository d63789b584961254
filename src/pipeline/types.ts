import type { DescribedAggregation } from '../normalize/description'
import type { ParsedUnits } from '../normalize/units'
import type { TimeInference } from '../normalize/time'
import type { Correction as InvariantCorrection } from '../rules/invariants'
import type {
  Classification,
  Family,
  HeatMapOrientation,
  IndicatorInput,
  IndicatorType,
  Source,
  TemporalAggregation,
} from '../taxonomy/index'
import type { StageName, StageOutcome } from '../taxonomy/stages'
import type { LlmStageContext } from './llm-context'

export type { StageName, StageOutcome, UnitRef } from '../taxonomy/stages'

/** One indicator as a stage sees it: the request as received and the earlier stages' results. */
export interface StageItem {
  input: IndicatorInput
  results: Partial<Record<StageName, unknown>>
  confidence: Partial<Record<StageName, number | null>>
}

/** What a stage needs besides its items: the review's settings and, for LLM batches, the providers. */
export interface StageContext {
  review: ReviewContext
  llm?: LlmStageContext
}

/** A stage works on a whole unit; one indicator's failure never sinks the others. What it reads is in the graph. */
export interface StageDef {
  name: StageName
  run(items: Map<string, StageItem>, ctx: StageContext): Promise<Map<string, StageOutcome>>
}

/** Who answered a stage for one indicator; an LLM answer that could not be used is kept as `llm_error`. */
export interface Provenance {
  source: 'rules' | 'llm' | 'cache'
  provider: string
  model: string | null
  prompt_version: string | null
  llm_error?: string
}

/** A calibrated stage's answer: the evidence features its probability was read from; none when an LLM answered. */
export interface Calibrated {
  evidence: Record<string, number>
}

// The stages' results, in flow order.

export interface NormalizedIndicator {
  /** What the rules read as the subject: the name without a unit it carries in place of the units field. */
  name: string
  units: ParsedUnits & { conflicts: string[] }
  /** How the description says the value aggregates over its period, for the rules' aggregation table. */
  described_aggregation: DescribedAggregation | null
}
/** The rules' time inference, or the LLM's answer in its shape (`frequency_source: 'llm'`). */
export interface TimeResult extends Omit<TimeInference, 'frequency_source'>, Provenance, Calibrated {
  frequency_source: TimeInference['frequency_source'] | 'llm'
}
export interface ScaleResult {
  scale: NormalizedIndicator['units']['scale']
  scale_multiplier: number
  parsed_unit_type: NormalizedIndicator['units']['parsed_unit_type']
  reason: string
}
export interface CurrencyResult extends Calibrated {
  detected_currency: string | null
  currency_kind: NormalizedIndicator['units']['currency_kind']
  reason: string
}
export interface FamilyResult extends Provenance, Calibrated {
  family: Family
  rule: string
  reason: string
}
export interface TypeResult extends Provenance, Calibrated {
  indicator_type: IndicatorType
  temporal_aggregation: TemporalAggregation
  heat_map_orientation: HeatMapOrientation
  is_currency_denominated: boolean
  reason: string
}

/** A field the LLM review changed; `invariant` names the §5 rule when the stored value is one §5 derived or fixed. */
export interface LlmReviewCorrection {
  field: string
  from: unknown
  to: unknown
  source: 'llm-review'
  invariant?: number
}

/** §5 fixes made by the invariants (`invariant` set, no `source`) and fields the LLM review corrected. */
export type Correction = InvariantCorrection | LlmReviewCorrection

export type ReviewedClassification = Classification & { corrections: Correction[]; conflicts: string[] }

export interface ReviewContext {
  threshold: number
  source: Source
  provider: string
  model: string | null
  prompt_version: string | null
}
