import type { DescribedAggregation } from '../normalize/description'
import type { ParsedUnits } from '../normalize/units'
import type {
  CumulativePattern,
  HeatMapOrientation,
  IndicatorType,
  ParsedUnitType,
  ReportingFrequency,
  TemporalAggregation,
} from '../taxonomy/index'

export interface RulesInput {
  name: string
  long_name?: string
  description?: string
  category_group?: string
  topic?: string
  dataset?: string
  units: ParsedUnits
  /** How the description says the value aggregates ("average of daily figures", "end of period"): evidence below units and name. */
  described_aggregation?: DescribedAggregation['aggregation']
  reporting_frequency: ReportingFrequency
  is_cumulative: boolean
  cumulative_pattern: CumulativePattern
  /** The sample values hold both signs: a gross amount is never negative, a net of opposing flows can be. */
  changes_sign?: boolean
}

/** One answer with the rule that produced it, so a reviewer (or an LLM fallback) can see how sure it is and why. */
export interface Decision<T> {
  value: T
  confidence: number
  rule: string
  reason: string
}

export interface TypeDecision {
  indicator_type: Decision<IndicatorType>
  temporal_aggregation: Decision<TemporalAggregation>
  heat_map_orientation: Decision<HeatMapOrientation>
  is_currency_denominated: Decision<boolean>
}

/** Conditions of a rule; all given conditions must hold. Name patterns are matched against the name and long name. */
export interface When {
  name?: RegExp
  not_name?: RegExp
  /** Matched against the raw units string, for distinctions the unit parser does not make ("% of GDP"). */
  raw_units?: RegExp
  not_raw_units?: RegExp
  units?: readonly ParsedUnitType[]
  not_units?: readonly ParsedUnitType[]
  /** Units carry a currency (ISO code, currency word or "national currency"). */
  currency?: boolean
  /** Units are a bare currency, without scale or per-unit: how FX rates are quoted. */
  bare_currency?: boolean
  physical?: boolean
  /** Units carry a magnitude (thousand, million...): an aggregate rather than a unit price. */
  scaled?: boolean
  per_time?: boolean
  per_people?: boolean
  /** Matched against name, long name and raw units together: "% of GDP" may sit in either. */
  name_or_units?: RegExp
  /** The description states this aggregation ("average of daily figures", "end of period"). */
  described_aggregation?: DescribedAggregation['aggregation']
  /** Matched against the description, which is evidence below units and name (TAXONOMY §3): keep such rows last. */
  description?: RegExp
  /** The time stage found a year-to-date or running-total pattern. */
  cumulative?: boolean
  /** The sample values are positive and negative both. */
  changes_sign?: boolean
}
