import { FAMILIES, type Family, type HeatMapOrientation, type ParsedUnitType, type TemporalAggregation } from './enums'
import { TYPE_TABLE } from './type-table'

type Row = (typeof TYPE_TABLE)[number]
export type IndicatorType = Row['type']
export type TypeOfFamily<F extends Family> = Extract<Row, { family: F }>['type']

const typesWhere = (keep: (row: Row) => boolean): readonly IndicatorType[] =>
  TYPE_TABLE.filter(keep).map((row) => row.type)
const byType = <V>(value: (row: Row) => V) =>
  Object.fromEntries(TYPE_TABLE.map((row) => [row.type, value(row)])) as Record<IndicatorType, V>

export const INDICATOR_TYPES = TYPE_TABLE.map((row) => row.type) as [IndicatorType, ...IndicatorType[]]

/** TAXONOMY §2: the only legal family → type pairs. */
export const TYPES_BY_FAMILY = Object.fromEntries(
  FAMILIES.map((family) => [family, typesWhere((row) => row.family === family)]),
) as { [F in Family]: readonly TypeOfFamily<F>[] }

export function typeBelongsToFamily(family: Family, type: string): type is IndicatorType {
  return (TYPES_BY_FAMILY[family] as readonly string[]).includes(type)
}

export const USUAL_AGGREGATION: Record<IndicatorType, TemporalAggregation> = byType((row) => row.usual_aggregation)
export const USUAL_ORIENTATION: Record<IndicatorType, HeatMapOrientation> = byType((row) => row.usual_orientation)

/** §5.3: types whose value can be an amount of money; every other type never is. */
export const MONEY_CAPABLE = typesWhere((row) => row.money !== 'never')
/** §5.3: types that are money whenever their units are money (flow, stock, balance). */
export const MONEY_IN_MONEY_UNITS = typesWhere((row) => row.money === 'in-money-units')
/** §5.4: only these types may accumulate over the year (period-cumulative). */
export const CUMULABLE = typesWhere((row) => row.cumulable)

const FAMILY_DEFAULT = Object.fromEntries(
  TYPE_TABLE.filter((row) => 'family_default' in row).map((row) => [row.family, row.type]),
) as Record<Family, IndicatorType>

/**
 * The type a family falls back to when no rule of that family matched, e.g. when an LLM chose the family against
 * the units. The units still pick the likeliest member.
 */
export function defaultTypeOf(family: Family, unitType: ParsedUnitType): IndicatorType {
  const byUnits = TYPE_TABLE.find(
    (row) =>
      row.family === family &&
      'default_for_units' in row &&
      (row.default_for_units as readonly ParsedUnitType[]).includes(unitType),
  )
  return byUnits?.type ?? FAMILY_DEFAULT[family]
}
