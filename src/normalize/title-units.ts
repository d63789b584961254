// The units an indicator is read in, from its units field and its title together (TAXONOMY §3 "Catalogue
// styles beyond one vendor"): a title carries the unit when the field is absent or unreadable, and a change
// phrase of the title makes a generic percent a percent change.
import { readTitle } from './title'
import { withoutCollectionHeading } from './title-heading'
import { parseUnits, type ParsedUnits } from './units'
import { UNREAD_EVIDENCE } from './units-types'

// A unit taken from the title is a reading of free text, less sure than a units field saying the same.
const TITLE_UNIT_CONFIDENCE = 0.8
// A bare percent ("%", "Porcentaje") says nothing of what the percent is of; "% of GDP" does.
const isGenericPercent = (u: ParsedUnits) => u.parsed_unit_type === 'percent' && !/\bof\b/i.test(u.raw)
const TITLE_PARTS = /\s*(?:[.;:](?:\s|$)|\s[-–]\s|,\s)\s*/u
// "ANNUAL RATE" in a name beats a base year in the units (TAXONOMY §3); "at annual rates" is a scaling of levels.
const ANNUAL_RATE = /(?<!(?:\bat|adjusted)\s+)\bannual\s+rate\b(?!s)/iu

// The subject is the most specific part: a dataset heading before it is dropped.
const collapse = (text: string) => withoutCollectionHeading(text.replace(/\s+/g, ' ').trim())

/** A part of the title that is a change phrase ("Variação mensal", "Percentage change on previous month"). */
function titleChange(name: string): string | null {
  return name.split(TITLE_PARTS).find((part) => parseUnits(part).parsed_unit_type === 'percent-change') ?? null
}

// A base year in the name ("… 2015=100") is what "annual rate" beats; without one, "annual rate" may scale a level.
const BASE_YEAR = /\b(?:19|20)\d\d\s*=\s*100\b/u
const annualRateOfIndex = (name: string) => (BASE_YEAR.test(name) ? (ANNUAL_RATE.exec(name)?.[0] ?? null) : null)

function changeCue(name: string, stated: ParsedUnits): string | null {
  if (stated.parsed_unit_type === 'unknown' || isGenericPercent(stated))
    return titleChange(name) ?? annualRateOfIndex(name)
  return stated.parsed_unit_type === 'index' ? (ANNUAL_RATE.exec(name)?.[0] ?? null) : null
}

export interface IndicatorUnits {
  /** What the rules read as the subject: the name without a unit it carries in place of the units field. */
  subject: string
  units: ParsedUnits
}

// A title part that is nothing but a currency's name ("… - Polish zloty - Average", "Average: Japanese yen") names
// the national currency, unless the units already name it as the other side ("National currency per euro").
function namedCurrency(parts: readonly ParsedUnits[], units: ParsedUnits): ParsedUnits | undefined {
  const inUnits = (code: string) => units.evidence.some((e) => e.startsWith(`currency ${code} `))
  return parts.find(
    (p) =>
      p.parsed_unit_type === 'currency-amount' &&
      p.detected_currency !== null &&
      !inUnits(p.detected_currency) &&
      !p.evidence.some((e) => e.startsWith(UNREAD_EVIDENCE)),
  )
}

// "Euro per US dollar" in the title names the currency a units field leaves as "National currency units per US dollar".
function withQuotedCurrency(name: string, units: ParsedUnits): ParsedUnits {
  if (units.currency_kind !== 'national' || units.detected_currency !== null) return units
  const parts = name.split(TITLE_PARTS).map((part) => parseUnits(part))
  const named = namedCurrency(parts, units)
  if (named) {
    const evidence = `currency ${named.detected_currency} named by "${named.raw}" in the name`
    return { ...units, detected_currency: named.detected_currency, evidence: [...units.evidence, evidence] }
  }
  const quote = parts.find((p) => p.parsed_unit_type === 'ratio' && p.detected_currency !== null)
  if (!quote) return units
  const evidence = `currency ${quote.detected_currency} named by the quote "${quote.raw}" in the name`
  return { ...units, detected_currency: quote.detected_currency, evidence: [...units.evidence, evidence] }
}

export function readIndicatorUnits(name: string, unitsField: string | undefined): IndicatorUnits {
  const stated = withQuotedCurrency(name, parseUnits(unitsField))
  const change = changeCue(name, stated)
  if (change) {
    return {
      subject: collapse(name),
      units: {
        ...stated,
        parsed_unit_type: 'percent-change',
        scale: 'percent',
        scale_multiplier: 1,
        confidence: TITLE_UNIT_CONFIDENCE,
        evidence: [...stated.evidence, `percent change read from the name: "${change}"`],
      },
    }
  }
  const title = readTitle(name)
  if (stated.parsed_unit_type !== 'unknown' || title.unit === null) return { subject: collapse(name), units: stated }
  const fromTitle = withQuotedCurrency(title.subject, parseUnits(title.unit))
  return {
    subject: collapse(title.subject),
    units: {
      ...fromTitle,
      confidence: Math.min(fromTitle.confidence, TITLE_UNIT_CONFIDENCE),
      evidence: [`units read from the name: "${title.unit}"`, ...fromTitle.evidence],
    },
  }
}
