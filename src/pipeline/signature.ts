import { createHash } from 'node:crypto'
import { parseUnits } from '../normalize/units'
import { withoutCountries } from '../normalize/countries'
import { parsePeriodicity } from '../normalize/time'
import type { IndicatorInput } from '../taxonomy/index'

// Countries are abstracted like currencies: "GDP in Germany: …" and "GDP in Japan: …" ask the same question.
const text = (value: string | undefined, max = 300) =>
  withoutCountries(value ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim()
    .slice(0, max)

/**
 * What classifying an indicator depends on, minus what only belongs to the indicator itself. Catalogues repeat one
 * series across ~100 countries: "GDP" in "USD Billion", "EUR Billion" and "JPY Billion" share a signature because
 * the units differ only in currency and magnitude, which each member keeps, and country names in the name or
 * description are abstracted the same way. Anything else — another name, another
 * kind of unit (% vs points), a physical unit, a per-time or per-capita denominator, another frequency, another
 * description — gives another signature, so such indicators are never classified as one.
 */
export function intakeSignature(input: IndicatorInput): string {
  return signer()(input)
}

/** Memoizes per distinct string: catalogues repeat names, units and periodicities across thousands of series. */
function memo<R>(f: (value: string | undefined) => R): (value: string | undefined) => R {
  const cache = new Map<string | undefined, R>()
  return (value) => {
    if (cache.has(value)) return cache.get(value)!
    const result = f(value)
    cache.set(value, result)
    return result
  }
}

/** intakeSignature with its parsing memoized, for signing a whole batch. */
function signer(): (input: IndicatorInput) => string {
  const textOf = memo((value) => text(value))
  const unitClassOf = memo(unitClass)
  const periodicityOf = memo((value) => parsePeriodicity(value) ?? textOf(value))
  return (input) =>
    [
      textOf(input.name),
      unitClassOf(input.units),
      periodicityOf(input.periodicity),
      textOf(input.description),
      textOf(input.long_name),
    ].join('|')
}

function unitClass(units: string | undefined): string {
  const u = parseUnits(units)
  return [
    u.parsed_unit_type,
    u.currency_kind ? 'money' : '',
    u.physical_unit ?? '',
    u.per_time ?? '',
    u.per_capita ? 'per-capita' : '',
    u.per_n ?? '',
    u.base_year ? 'based' : '',
  ].join(':')
}

export const digest = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)

/**
 * Unit numbers for a batch: members of one signature are placed next to each other, so that they share a unit and
 * one LLM question serves them all. Positions (the caller's order) are kept separately.
 */
export function unitAssignment(indicators: IndicatorInput[], chunkSize: number, dedupe: boolean): number[] {
  const order = indicators.map((_, i) => i)
  if (dedupe) {
    const sign = signer()
    const signatures = indicators.map((indicator) => sign(indicator))
    // Sorted by the rank of the signature among the distinct ones, then by position: a 100,000 batch sorts its few
    // thousand distinct signatures as strings, and numbers for the rest.
    const rankOf = new Map([...new Set(signatures)].sort().map((signature, rank) => [signature, rank]))
    const ranks = signatures.map((signature) => rankOf.get(signature)!)
    order.sort((a, b) => ranks[a]! - ranks[b]! || a - b)
  }
  const units = new Array<number>(indicators.length)
  order.forEach((index, rank) => (units[index] = Math.floor(rank / chunkSize)))
  return units
}
