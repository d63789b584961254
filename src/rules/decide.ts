import type { Family, HeatMapOrientation, TemporalAggregation } from '../taxonomy/enums'
import { defaultTypeOf, USUAL_AGGREGATION, USUAL_ORIENTATION, type IndicatorType } from '../taxonomy/type-facts'
import { AGGREGATION_RULES } from './aggregation'
import { decideCurrency } from './currency'
import { matches } from './match'
import { ORIENTATION_RULES } from './orientation'
import { FALLBACK_CONFIDENCE, FALLBACK_FAMILY, TYPE_RULES, type TypeRule } from './type-rules'
import type { Decision, RulesInput, TypeDecision } from './types'

const firstRule = (input: RulesInput, family?: Family): TypeRule | undefined =>
  TYPE_RULES.find((rule) => (family === undefined || rule.then.family === family) && matches(input, rule.when))

const unitsNote = (input: RulesInput) => `units "${input.units.raw}" read as ${input.units.parsed_unit_type}`

/** The family and the row that decided it; its calibrated probability is the family stage's (calibration.ts). */
export function decideFamily(input: RulesInput): Decision<Family> {
  const rule = firstRule(input)
  if (!rule) {
    return {
      value: FALLBACK_FAMILY,
      confidence: FALLBACK_CONFIDENCE,
      rule: 'fallback',
      reason: `no family rule matched; ${unitsNote(input)}`,
    }
  }
  return {
    value: rule.then.family,
    confidence: rule.confidence,
    rule: rule.id,
    reason: `${rule.why} (rule ${rule.id}; ${unitsNote(input)})`,
  }
}

// A type picked by a family's fallback is a guess: below the hybrid threshold so an LLM can take it.
const FAMILY_DEFAULT_CONFIDENCE = 0.4

function decideIndicatorType(input: RulesInput, family: Family, rule: TypeRule | undefined): Decision<IndicatorType> {
  if (rule)
    return {
      value: rule.then.indicator_type,
      confidence: rule.confidence,
      rule: rule.id,
      reason: `${rule.why} (rule ${rule.id})`,
    }
  const value = defaultTypeOf(family, input.units.parsed_unit_type)
  return {
    value,
    confidence: FAMILY_DEFAULT_CONFIDENCE,
    rule: `default-${family}`,
    reason: `no ${family} rule matched; ${value} is the family's default for ${input.units.parsed_unit_type} units`,
  }
}

function decideAggregation(
  input: RulesInput,
  type: Decision<IndicatorType>,
  rule: TypeRule | undefined,
): Decision<TemporalAggregation> {
  const override = AGGREGATION_RULES.find((r) => r.types.includes(type.value) && matches(input, r.when))
  if (override)
    return {
      value: override.aggregation,
      confidence: Math.min(override.confidence, type.confidence),
      rule: override.id,
      reason: `${override.why} (rule ${override.id})`,
    }
  if (rule?.then.temporal_aggregation) {
    return { value: rule.then.temporal_aggregation, confidence: type.confidence, rule: rule.id, reason: rule.why }
  }
  return {
    value: USUAL_AGGREGATION[type.value],
    confidence: Math.min(0.8, type.confidence),
    rule: `usual-${type.value}`,
    reason: `usual aggregation of a ${type.value}`,
  }
}

function decideOrientation(
  input: RulesInput,
  type: Decision<IndicatorType>,
  rule: TypeRule | undefined,
): Decision<HeatMapOrientation> {
  if (rule?.then.heat_map_orientation) {
    return { value: rule.then.heat_map_orientation, confidence: type.confidence, rule: rule.id, reason: rule.why }
  }
  const entry = ORIENTATION_RULES.find((r) => r.types.includes(type.value) && matches(input, r.when))
  if (entry)
    return {
      value: entry.orientation,
      confidence: Math.min(0.8, type.confidence),
      rule: entry.id,
      reason: `${entry.why} (rule ${entry.id})`,
    }
  return {
    value: USUAL_ORIENTATION[type.value],
    confidence: Math.min(0.6, type.confidence),
    rule: `usual-${type.value}`,
    reason: `usual orientation of a ${type.value}`,
  }
}

/** The type's reason, plus the aggregation and orientation rows that overrode what the type row and usage give. */
export function explainType(d: TypeDecision): string {
  const overrides = [
    ['aggregation', d.temporal_aggregation],
    ['orientation', d.heat_map_orientation],
  ] as const
  return [
    d.indicator_type.reason,
    ...overrides
      .filter(([, decision]) => decision.rule !== d.indicator_type.rule && !decision.rule.startsWith('usual-'))
      .map(([field, decision]) => `${field} ${decision.value}: ${decision.reason}`),
  ].join('; ')
}

/**
 * Type, aggregation, orientation and currency flag, each with the row that decided it, within `family`, which may
 * come from an LLM rather than decideFamily; their calibrated probability is the type stage's (calibration.ts).
 */
export function decideType(input: RulesInput, family: Family): TypeDecision {
  const rule = firstRule(input, family)
  const indicator_type = decideIndicatorType(input, family, rule)
  return {
    indicator_type,
    temporal_aggregation: decideAggregation(input, indicator_type, rule),
    heat_map_orientation: decideOrientation(input, indicator_type, rule),
    is_currency_denominated: decideCurrency(input, indicator_type.value),
  }
}
