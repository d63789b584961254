import type { RulesInput, When } from './types'

// Letters with accents count as letters: "povertà" ends a word, "é" does not start one.
const LETTER = '\\w\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F'

/** A case-insensitive alternation matched on word boundaries, so "rate" never fires inside "corporate". */
export function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![${LETTER}])(?:${alternatives.join('|')})(?![${LETTER}])`, 'i')
}

// Descriptions, categories and topics are left out: they mention many subjects besides the one measured.
const nameText = (input: RulesInput) => (input.long_name ? `${input.name} ${input.long_name}` : input.name)

export const hasCurrency = (input: RulesInput) =>
  input.units.detected_currency !== null || input.units.currency_kind !== null

// FX quotes are a currency and nothing else: no magnitude, no physical or time denominator, no digits.
const isBareCurrency = (input: RulesInput) => {
  const u = input.units
  return (
    hasCurrency(input) &&
    u.scale_multiplier === 1 &&
    !u.physical_unit &&
    !u.per_time &&
    !u.per_capita &&
    !/\d/.test(u.raw)
  )
}

// "per 1,000 people" is per head; "per 10 grams" or "BBL/D/1K" is not.
const PEOPLE =
  /\b(?:people|persons?|population|inhabitants|capita|adults|children|births|women|men|males?|females?|residents|households)\b/i
const perPeople = (input: RulesInput) =>
  input.units.per_capita || (input.units.per_n !== null && PEOPLE.test(input.units.raw))

type Check = (input: RulesInput, when: When) => boolean

// One check per condition; a condition left out of `when` always holds.
const CHECKS: { [K in keyof Required<When>]: Check } = {
  name: (i, w) => w.name!.test(nameText(i)),
  not_name: (i, w) => !w.not_name!.test(nameText(i)),
  raw_units: (i, w) => w.raw_units!.test(i.units.raw),
  not_raw_units: (i, w) => !w.not_raw_units!.test(i.units.raw),
  units: (i, w) => w.units!.includes(i.units.parsed_unit_type),
  not_units: (i, w) => !w.not_units!.includes(i.units.parsed_unit_type),
  currency: (i, w) => hasCurrency(i) === w.currency,
  bare_currency: (i, w) => isBareCurrency(i) === w.bare_currency,
  physical: (i, w) => Boolean(i.units.physical_unit) === w.physical,
  scaled: (i, w) => (i.units.scale_multiplier !== 1) === w.scaled,
  per_time: (i, w) => Boolean(i.units.per_time) === w.per_time,
  per_people: (i, w) => perPeople(i) === w.per_people,
  description: (i, w) => w.description!.test(i.description ?? ''),
  name_or_units: (i, w) => w.name_or_units!.test(`${nameText(i)} ${i.units.raw}`),
  described_aggregation: (i, w) => i.described_aggregation === w.described_aggregation,
  cumulative: (i, w) => (i.is_cumulative && i.cumulative_pattern !== 'none') === w.cumulative,
  changes_sign: (i, w) => Boolean(i.changes_sign) === w.changes_sign,
}

// Each row's checks, listed once: rows are matched for every indicator of every unit, and listing a row's keys on each
// match was a good part of the rules' time and garbage.
const checksOf = new WeakMap<When, Check[]>()
const rowChecks = (when: When): Check[] => {
  let checks = checksOf.get(when)
  if (!checks) {
    checks = (Object.keys(when) as (keyof When)[]).filter((key) => when[key] !== undefined).map((key) => CHECKS[key])
    checksOf.set(when, checks)
  }
  return checks
}

export function matches(input: RulesInput, when: When): boolean {
  for (const check of rowChecks(when)) if (!check(input, when)) return false
  return true
}
