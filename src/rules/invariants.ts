import {
  timeBasisOf,
  type CumulativePattern,
  type Family,
  type HeatMapOrientation,
  type ParsedUnitType,
  type Scale,
  type TemporalAggregation,
  type TimeBasis,
} from '../taxonomy/enums'
import {
  CUMULABLE,
  defaultTypeOf,
  MONEY_CAPABLE,
  MONEY_IN_MONEY_UNITS,
  typeBelongsToFamily,
  USUAL_AGGREGATION,
  type IndicatorType,
} from '../taxonomy/type-facts'
import { MAYBE_MONEY_UNITS, MONEY_UNITS } from './money'

export interface FinalFields {
  family: Family
  indicator_type: IndicatorType
  temporal_aggregation: TemporalAggregation
  heat_map_orientation: HeatMapOrientation
  is_currency_denominated: boolean
  scale: Scale
  parsed_unit_type: ParsedUnitType
  time_basis: TimeBasis
  is_cumulative: boolean
  cumulative_pattern: CumulativePattern
}

export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5
  field: keyof FinalFields
  message: string
}

export interface Correction {
  field: string
  from: unknown
  to: unknown
  invariant: number
}

/** TAXONOMY §5.3, with what the unit type says about whether the value is money at all. */
function requiredCurrency(f: FinalFields): boolean | null {
  const moneyUnits = MONEY_UNITS.includes(f.parsed_unit_type)
  if (!MONEY_CAPABLE.includes(f.indicator_type)) return false
  // Only money per capita keeps a ratio in money.
  if (f.indicator_type === 'ratio' && !moneyUnits && !MAYBE_MONEY_UNITS.includes(f.parsed_unit_type)) return false
  if (MONEY_IN_MONEY_UNITS.includes(f.indicator_type) && moneyUnits) return true
  // Percent, index, count, physical or duration units are never an amount of money.
  if (!moneyUnits && !MAYBE_MONEY_UNITS.includes(f.parsed_unit_type) && f.parsed_unit_type !== 'unknown') return false
  return null
}

/** TAXONOMY §5.5: percent and index units fix the scale; any other unit carries a magnitude. */
function requiredScale(f: FinalFields): Scale | null {
  if (f.parsed_unit_type === 'percent' || f.parsed_unit_type === 'percent-change') return 'percent'
  if (f.parsed_unit_type === 'index') return 'index'
  // A magnitude cannot be recovered from these fields; raw-units claims none rather than a wrong one.
  if (f.scale === 'percent' || f.scale === 'index') return 'raw-units'
  return null
}

/** TAXONOMY §5.4: the aggregation a type may carry, or null when the given one is legal. */
function legalAggregation(f: FinalFields): TemporalAggregation | null {
  const illegal =
    (f.temporal_aggregation === 'period-rate' && f.family !== 'change-movement') ||
    (f.temporal_aggregation === 'period-cumulative' && !CUMULABLE.includes(f.indicator_type))
  return illegal ? USUAL_AGGREGATION[f.indicator_type] : null
}

export function checkInvariants(f: FinalFields): Violation[] {
  const violations: Violation[] = []
  if (!typeBelongsToFamily(f.family, f.indicator_type)) {
    violations.push({
      invariant: 1,
      field: 'indicator_type',
      message: `${f.indicator_type} is not a type of ${f.family}`,
    })
  }
  const basis = timeBasisOf(f.temporal_aggregation)
  if (f.time_basis !== basis) {
    violations.push({
      invariant: 2,
      field: 'time_basis',
      message: `${f.temporal_aggregation} implies time_basis ${basis}, not ${f.time_basis}`,
    })
  }
  const currency = requiredCurrency(f)
  if (currency !== null && currency !== f.is_currency_denominated) {
    violations.push({
      invariant: 3,
      field: 'is_currency_denominated',
      message: `a ${f.indicator_type} in ${f.parsed_unit_type} units is ${currency ? '' : 'not '}currency-denominated`,
    })
  }
  if (legalAggregation(f) !== null) {
    violations.push({
      invariant: 4,
      field: 'temporal_aggregation',
      message: `${f.temporal_aggregation} is not allowed for ${f.family}/${f.indicator_type}`,
    })
  }
  if (f.is_cumulative && !CUMULABLE.includes(f.indicator_type)) {
    violations.push({
      invariant: 4,
      field: 'is_cumulative',
      message: `a ${f.indicator_type} does not accumulate over the year`,
    })
  }
  const scale = requiredScale(f)
  if (scale !== null && scale !== f.scale) {
    violations.push({
      invariant: 5,
      field: 'scale',
      message: `${f.parsed_unit_type} units need scale ${scale}, not ${f.scale}`,
    })
  }
  return violations
}

/**
 * Corrects what the other fields determine, in dependency order: type first (aggregation and currency hang on
 * it), then aggregation, then time_basis. What is still violated afterwards is returned as unresolved.
 */
export function enforceInvariants(f: FinalFields): {
  fields: FinalFields
  corrections: Correction[]
  unresolved: Violation[]
} {
  const fields = { ...f }
  const corrections: Correction[] = []
  const set = <K extends keyof FinalFields>(field: K, to: FinalFields[K], invariant: number) => {
    if (fields[field] === to) return
    corrections.push({ field, from: fields[field], to, invariant })
    fields[field] = to
  }

  if (!typeBelongsToFamily(fields.family, fields.indicator_type))
    set('indicator_type', defaultTypeOf(fields.family, fields.parsed_unit_type), 1)
  const aggregation = legalAggregation(fields)
  if (aggregation !== null) set('temporal_aggregation', aggregation, 4)
  // A year-to-date growth rate or level is not itself accumulated (§5.4): only flows, balances, volumes and counts are.
  if (fields.is_cumulative && !CUMULABLE.includes(fields.indicator_type)) {
    set('is_cumulative', false, 4)
    set('cumulative_pattern', 'none', 4)
  }
  set('time_basis', timeBasisOf(fields.temporal_aggregation), 2)
  const currency = requiredCurrency(fields)
  if (currency !== null) set('is_currency_denominated', currency, 3)
  const scale = requiredScale(fields)
  if (scale !== null) set('scale', scale, 5)

  return { fields, corrections, unresolved: checkInvariants(fields) }
}
