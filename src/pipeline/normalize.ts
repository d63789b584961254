import { parseUnits, reconcileUnits, type ParsedUnits } from '../normalize/units'
import { resolveSharedCurrency } from '../normalize/currency-country'
import { describedAggregation, type DescribedAggregation } from '../normalize/description'
import { readTitle } from '../normalize/title'
import type { IndicatorInput } from '../taxonomy/index'

export interface NormalizedIndicator {
  /** What the rules read as the subject: the name without a unit it carries in place of the units field. */
  name: string
  units: ParsedUnits & { conflicts: string[] }
  /** How the description says the value aggregates over its period, for the rules' aggregation table. */
  described_aggregation: DescribedAggregation | null
}

// A unit taken from the title is a reading of free text, less sure than a units field saying the same.
const TITLE_UNIT_CONFIDENCE = 0.8

// A bare percent ("%", "Porcentaje") says nothing of what the percent is of; "% of GDP" does.
const isGenericPercent = (u: ParsedUnits) => u.parsed_unit_type === 'percent' && !/\bof\b/i.test(u.raw)

/** A part of the title that is a change phrase ("Variação mensal", "Percentage change on previous month"). */
function titleChange(name: string): string | null {
  return name.split(TITLE_PARTS).find((part) => parseUnits(part).parsed_unit_type === 'percent-change') ?? null
}
// "ANNUAL RATE" in a name beats a base year in the units (TAXONOMY §3); "at annual rates" is a scaling of levels.
const ANNUAL_RATE = /(?<!(?:\bat|adjusted)\s+)\bannual\s+rate\b(?!s)/iu
const TITLE_PARTS = /\s*(?:[.;:](?:\s|$)|\s[-–]\s|,\s)\s*/u

/** The units field, or the title's unit when the field is absent or says nothing readable (TAXONOMY §3). */
function unitsOf(input: IndicatorInput): { name: string; units: ParsedUnits } {
  const stated = parseUnits(input.units)
  const change =
    stated.parsed_unit_type === 'unknown' || isGenericPercent(stated)
      ? titleChange(input.name)
      : stated.parsed_unit_type === 'index' ? ANNUAL_RATE.exec(input.name)?.[0] ?? null : null
  if (change) {
    const units = { ...stated, parsed_unit_type: 'percent-change' as const, scale: 'percent' as const, scale_multiplier: 1 }
    units.evidence = [...stated.evidence, `percent change read from the name: "${change}"`]
    units.confidence = Math.min(Math.max(stated.confidence, TITLE_UNIT_CONFIDENCE), TITLE_UNIT_CONFIDENCE)
    return { name: collapse(input.name), units }
  }
  const title = readTitle(input.name)
  if (stated.parsed_unit_type !== 'unknown' || title.unit === null) return { name: collapse(input.name), units: stated }
  const fromTitle = parseUnits(title.unit)
  fromTitle.confidence = Math.min(fromTitle.confidence, TITLE_UNIT_CONFIDENCE)
  fromTitle.evidence.unshift(`units read from the name: "${title.unit}"`)
  return { name: title.subject, units: fromTitle }
}

const collapse = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

export function normalizeIndicator(input: IndicatorInput): NormalizedIndicator {
  const { name, units } = unitsOf(input)
  const reconciled = reconcileUnits(units, { currency_code: input.currency_code, scale: input.scale })
  return {
    name,
    units: { ...resolveSharedCurrency(reconciled, input.name), conflicts: reconciled.conflicts },
    described_aggregation: describedAggregation(input.description),
  }
}
