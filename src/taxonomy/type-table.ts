import type { Family, HeatMapOrientation, ParsedUnitType, TemporalAggregation } from './enums'

/**
 * Whether a type's value can be an amount of money (TAXONOMY §5.3): `never`; `may` (the units and the subject
 * decide); `in-money-units` (money whenever its units are money).
 */
export type MoneyRule = 'never' | 'may' | 'in-money-units'

export interface TypeRow {
  type: string
  family: Family
  /** §2 "usual temporal": the aggregation when nothing says otherwise. */
  usual_aggregation: TemporalAggregation
  /** §2 "usual orientation": the orientation when no subject is recognised. */
  usual_orientation: HeatMapOrientation
  money: MoneyRule
  /** §5.4: may be period-cumulative (year-to-date). */
  cumulable: boolean
  /** The type its family falls back to when no rule of the family matched (exactly one per family). */
  family_default?: true
  /** Units for which this type, not the family default, is the family's likeliest member. */
  default_for_units?: readonly ParsedUnitType[]
}

/** TAXONOMY §2, one row per indicator_type in the contract's order; every other taxonomy fact about a type derives from it. */
export const TYPE_TABLE = [
  { type: 'stock', family: 'physical-fundamental', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'in-money-units', cumulable: false },
  { type: 'flow', family: 'physical-fundamental', usual_aggregation: 'period-total', usual_orientation: 'higher-is-positive', money: 'in-money-units', cumulable: true, family_default: true },
  { type: 'balance', family: 'physical-fundamental', usual_aggregation: 'period-total', usual_orientation: 'neutral', money: 'in-money-units', cumulable: true },
  { type: 'capacity', family: 'physical-fundamental', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'may', cumulable: false },
  { type: 'volume', family: 'physical-fundamental', usual_aggregation: 'period-total', usual_orientation: 'higher-is-positive', money: 'never', cumulable: true, default_for_units: ['physical', 'count'] },
  { type: 'count', family: 'numeric-measurement', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'never', cumulable: true, default_for_units: ['count'] },
  { type: 'percentage', family: 'numeric-measurement', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false, default_for_units: ['percent'] },
  { type: 'ratio', family: 'numeric-measurement', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'may', cumulable: false, family_default: true },
  { type: 'spread', family: 'numeric-measurement', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'share', family: 'numeric-measurement', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'price', family: 'price-value', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'may', cumulable: false, family_default: true },
  { type: 'yield', family: 'price-value', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'rate', family: 'change-movement', usual_aggregation: 'period-rate', usual_orientation: 'higher-is-positive', money: 'never', cumulable: false, family_default: true },
  { type: 'volatility', family: 'change-movement', usual_aggregation: 'point-in-time', usual_orientation: 'lower-is-positive', money: 'never', cumulable: false },
  { type: 'gap', family: 'change-movement', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'index', family: 'composite-derived', usual_aggregation: 'point-in-time', usual_orientation: 'higher-is-positive', money: 'never', cumulable: false, family_default: true },
  { type: 'correlation', family: 'composite-derived', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'elasticity', family: 'composite-derived', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'multiplier', family: 'composite-derived', usual_aggregation: 'not-applicable', usual_orientation: 'neutral', money: 'never', cumulable: false },
  { type: 'duration', family: 'temporal', usual_aggregation: 'period-average', usual_orientation: 'lower-is-positive', money: 'never', cumulable: false, family_default: true },
  { type: 'probability', family: 'temporal', usual_aggregation: 'point-in-time', usual_orientation: 'lower-is-positive', money: 'never', cumulable: false, default_for_units: ['percent'] },
  { type: 'threshold', family: 'temporal', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'may', cumulable: false, default_for_units: ['currency-amount', 'currency-per-unit'] },
  { type: 'sentiment', family: 'qualitative', usual_aggregation: 'point-in-time', usual_orientation: 'higher-is-positive', money: 'never', cumulable: false, family_default: true },
  { type: 'allocation', family: 'qualitative', usual_aggregation: 'point-in-time', usual_orientation: 'neutral', money: 'never', cumulable: false, default_for_units: ['percent'] },
] as const satisfies readonly TypeRow[]
