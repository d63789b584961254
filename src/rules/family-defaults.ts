import type { Family, IndicatorType, ParsedUnitType, TYPES_BY_FAMILY } from '../taxonomy/index'

type TypeOf<F extends Family> = (typeof TYPES_BY_FAMILY)[F][number]
type Defaults = { [F in Family]: { type: TypeOf<F>; by_units: Partial<Record<ParsedUnitType, TypeOf<F>>> } }

/**
 * The type a family falls back to when no rule of that family matched, e.g. when an LLM chose the family
 * against the units. The units still pick the likeliest member.
 */
export const FAMILY_DEFAULTS: Defaults = {
  'physical-fundamental': { type: 'flow', by_units: { physical: 'volume', count: 'volume' } },
  'numeric-measurement': { type: 'ratio', by_units: { percent: 'percentage', count: 'count' } },
  'price-value': { type: 'price', by_units: {} },
  'change-movement': { type: 'rate', by_units: {} },
  'composite-derived': { type: 'index', by_units: {} },
  temporal: { type: 'duration', by_units: { percent: 'probability', 'currency-amount': 'threshold', 'currency-per-unit': 'threshold' } },
  qualitative: { type: 'sentiment', by_units: { percent: 'allocation' } },
}

export function defaultTypeOf(family: Family, unitType: ParsedUnitType): IndicatorType {
  const defaults = FAMILY_DEFAULTS[family]
  return (defaults.by_units as Partial<Record<ParsedUnitType, IndicatorType>>)[unitType] ?? defaults.type
}
