// The evidence a stage's answer rests on, as features that carry over to catalogues the calibration never saw: what
// kind of evidence the deciding row read (units, name, description…), where the units came from, whether the
// evidence conflicted, how much of the name is left once the units are read off. Rule ids are not features: a
// few hundred calibration cases cannot price 100 rows one by one, and a row added later would be unpriced.
import { readTitle } from '../normalize/title'
import { remembered } from '../normalize/remembered'
import { parseUnits, type ParsedUnits } from '../normalize/units'
import { UNREAD_EVIDENCE } from '../normalize/units-types'
import type { TimeInference } from '../normalize/time'
import type { Family } from '../taxonomy/index'
import { AGGREGATION_RULES } from './aggregation'
import * as L from './lexicon'
import { matches } from './match'
import { ORIENTATION_RULES } from './orientation'
import { TYPE_RULES, type TypeRule } from './type-rules'
import type { Decision, RulesInput, TypeDecision, When } from './types'
import type { Features } from './logistic'

/** The stages whose answers are calibrated; the record's confidence is fitted on theirs. */
export const CALIBRATED_STAGES = ['family', 'type', 'time', 'currency'] as const
export type CalibratedStage = (typeof CALIBRATED_STAGES)[number]
/** A value for every calibrated stage. */
export const perStage = <T>(value: (stage: CalibratedStage) => T) =>
  Object.fromEntries(CALIBRATED_STAGES.map((s) => [s, value(s)])) as Record<CalibratedStage, T>

/** What each kind of condition of a row reads; negated conditions are restrictions, not evidence. */
const EVIDENCE_OF: Partial<Record<keyof When, string>> = {
  name: 'name',
  name_or_units: 'name-or-units',
  raw_units: 'units',
  units: 'units',
  currency: 'units',
  bare_currency: 'units',
  physical: 'units',
  scaled: 'units',
  per_time: 'units',
  per_people: 'units',
  description: 'description',
  described_aggregation: 'description',
  cumulative: 'dates',
  // Read from the same sample series as the yearly resets.
  changes_sign: 'dates',
}

const evidenceOf = (when: When) =>
  [...new Set(Object.keys(when).flatMap((k) => EVIDENCE_OF[k as keyof When] ?? []))].sort().join('+') || 'any'

/** Each row id's kind of evidence (ids shared by rows of different kinds read as all of them). */
const ROW_EVIDENCE: ReadonlyMap<string, string> = (() => {
  const kinds = new Map<string, Set<string>>()
  for (const rule of [...TYPE_RULES, ...AGGREGATION_RULES, ...ORIENTATION_RULES])
    kinds.set(rule.id, (kinds.get(rule.id) ?? new Set()).add(evidenceOf(rule.when)))
  return new Map([...kinds].map(([id, set]) => [id, [...set].sort().join('|')]))
})()

/** A type row's own confidence tier (strong, units, name, weak), as its author judged it. */
const ROW_TIER: ReadonlyMap<string, number> = new Map(TYPE_RULES.map((r) => [r.id, r.confidence]))

/** How many positive conditions a row states (negated ones only restrict): a one-condition row is a broad default. */
const ROW_CONDITIONS: ReadonlyMap<string, number> = new Map(
  TYPE_RULES.map((r) => [r.id, Object.keys(r.when).filter((k) => !k.startsWith('not_')).length]),
)

const conditionsToken = (stage: string, rule: string) => {
  const n = ROW_CONDITIONS.get(rule)
  if (n === undefined) return []
  return [`${stage} row states ${n >= 3 ? '3+ conditions' : n === 1 ? '1 condition' : `${n} conditions`}`]
}

/**
 * A second reading of the same evidence: the rows after the deciding one that also hold. When one of them gives
 * another answer the tables are ambiguous here (only row order decided); when several hold and all agree the
 * evidence is read the same way twice.
 */
function rivalTokens(stage: string, decided: string, holding: readonly TypeRule[], answer: (r: TypeRule) => string) {
  const winner = holding.find((r) => r.id === decided)
  if (winner === undefined) return []
  // A row keyed on the units alone (pct-default, money-flow) is a catch-all: that it holds too says nothing.
  const others = holding.filter((r) => r !== winner && (ROW_CONDITIONS.get(r.id) ?? 0) > 1)
  if (others.some((r) => answer(r) !== answer(winner))) return [`a later row reads another ${stage}`]
  return others.length > 0 ? [`later rows agree on the ${stage}`] : []
}

const holdingRows = (input: RulesInput, family?: Family) =>
  TYPE_RULES.filter((r) => (family === undefined || r.then.family === family) && matches(input, r.when))

/** Rows outside the tables: the family fallback, a family's default type, the usual aggregation or orientation. */
function rowEvidence(rule: string): string {
  if (rule === 'fallback') return 'fallback'
  if (rule.startsWith('default-')) return 'family-default'
  if (rule.startsWith('usual-')) return 'usual'
  return ROW_EVIDENCE.get(rule) ?? rule
}

const UNITS_FROM_NAME = /^units read from the name/

/** Where the units came from, what they parsed as, and whether they conflicted with the request's own fields. */
function unitsFeatures(units: ParsedUnits & { conflicts?: readonly string[] }): string[] {
  const from = units.evidence.some((e) => UNITS_FROM_NAME.test(e))
    ? 'name'
    : units.raw.trim() === ''
      ? 'none'
      : 'stated'
  return [
    `units from ${from}`,
    `units read as ${units.parsed_unit_type}`,
    ...((units.conflicts ?? []).length > 0 ? ['units in conflict'] : []),
  ]
}

/** Every term the rules read names by: the lexicon's and the rows' own name patterns. */
// Each distinct pattern once (most rows reuse lexicon words), kept as the rules hold it: V8 compiles a pattern once
// per process for its source and flags, so testing the rules' own objects costs no compile, while a global copy
// compiles anew and is only made to run on the names it matches.
const NAME_TERMS: readonly { pattern: RegExp; all: RegExp }[] = [
  ...new Map(
    [
      ...Object.values(L).filter((v): v is RegExp => v instanceof RegExp),
      ...[...TYPE_RULES, ...AGGREGATION_RULES, ...ORIENTATION_RULES].flatMap((r) =>
        [r.when.name, r.when.name_or_units].filter((p): p is RegExp => p !== undefined),
      ),
    ].map((p) => [`${p.flags}/${p.source}`, p]),
  ).values(),
].map((pattern) => ({
  pattern,
  all: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
}))

const NAME_WORD = /\p{L}{4,}/gu

/**
 * The share of the name's words (of four letters or more) that no term of the rules covers: a name the rules
 * recognise little of is one they were not written for.
 */
export function unrecognisedShare(name: string): number {
  // Hundreds of patterns per name, and a catalogue repeats its titles across countries: read each title once.
  return remembered(unrecognisedShare, name, () => readUnrecognisedShare(name), 50_000)
}

function readUnrecognisedShare(name: string): number {
  const covered: [number, number][] = []
  for (const { pattern, all } of NAME_TERMS) {
    // A global pattern's test moves its lastIndex; none of the lexicon's is global.
    pattern.lastIndex = 0
    if (!pattern.test(name)) continue
    for (const m of name.matchAll(all)) if (m[0].length > 0) covered.push([m.index, m.index + m[0].length])
  }
  const words = [...name.matchAll(NAME_WORD)]
  if (words.length === 0) return 0
  const unread = words.filter((w) => !covered.some(([a, b]) => w.index < b && w.index + w[0].length > a))
  return Math.round((unread.length / words.length) * 100) / 100
}

const UNRECOGNISED = 'share of the name the rules do not recognise'

/** The name's tokens, and with the unrecognised share every feature nameFeatures gives. */
const NAME = {
  long: 'long name',
  short: 'short name',
  hierarchical: 'hierarchical name',
  described: 'has description',
  repeated: 'name repeats the units',
  disagreeing: 'name and units disagree',
  recognised: 'every word of the name recognised',
  numbered: 'name has a number',
  acronym: 'name has an acronym',
} as const
const NAME_FEATURES: ReadonlySet<string> = new Set([...Object.values(NAME), UNRECOGNISED])

/**
 * A unit the title carries beside a stated units field: when the two parse as different kinds, units and name
 * disagree (the rules follow the units; TAXONOMY §3 "units win over names").
 */
function titleUnitTokens(input: RulesInput): string[] {
  if (input.units.raw.trim() === '') return []
  const unit = readTitle([input.name, input.long_name].filter(Boolean).join(' ')).unit
  if (unit === null) return []
  return parseUnits(unit).parsed_unit_type === input.units.parsed_unit_type ? [NAME.repeated] : [NAME.disagreeing]
}

/**
 * The name features of a family answer's evidence: the type stage reads the same name, and reading it (the title's
 * unit, hundreds of rule terms) is most of what calibration costs a step process. Undefined when the evidence has
 * none (an LLM answered the family).
 */
export function nameFeaturesOf(familyEvidence: Features): Features | undefined {
  if (!(UNRECOGNISED in familyEvidence)) return undefined
  return Object.fromEntries(Object.entries(familyEvidence).filter(([name]) => NAME_FEATURES.has(name)))
}

/** How much subject is left to read: long and hierarchical titles are where rows pick the wrong part. */
function nameFeatures(input: RulesInput): Features {
  const words = input.name.split(/\s+/).filter(Boolean).length
  const unrecognised = unrecognisedShare(input.name)
  return {
    ...tokens([
      ...(words > 8 ? [NAME.long] : words <= 2 ? [NAME.short] : []),
      ...(/;|\s[-–]\s|:/.test(input.name) ? [NAME.hierarchical] : []),
      ...(input.description ? [NAME.described] : []),
      ...titleUnitTokens(input),
      // Every word read by some term: the familiarity a fit on new cases can price only by its own weight.
      ...(unrecognised === 0 ? [NAME.recognised] : []),
      // Source-style names: a base year, a maturity, a region level or an index's constituents in the name, and
      // abbreviations (PPP, NAIRU, LIBOR) whose meaning the rules read only where a term spells them out.
      ...(/\d/.test(input.name) ? [NAME.numbered] : []),
      ...(/\b[A-Z]{2,}\b/.test(input.name) ? [NAME.acronym] : []),
    ]),
    [UNRECOGNISED]: unrecognised,
  }
}

function tokens(list: readonly string[]): Features {
  return Object.fromEntries(list.map((t) => [t, 1]))
}

/** The answer itself is evidence too: some families and types are harder to get right than others. */
export function familyFeatures(input: RulesInput, decision: Pick<Decision<string>, 'value' | 'rule'>): Features {
  const tier = ROW_TIER.get(decision.rule)
  return {
    ...tokens([
      `family ${decision.value}`,
      `family row reads ${rowEvidence(decision.rule)}`,
      ...(tier === undefined ? [] : [`family row tier ${tier}`]),
      ...conditionsToken('family', decision.rule),
      ...rivalTokens('family', decision.rule, holdingRows(input), (r) => r.then.family),
      ...unitsFeatures(input.units),
    ]),
    ...nameFeatures(input),
  }
}

export function typeFeatures(
  input: RulesInput,
  family: Family,
  d: Pick<TypeDecision, keyof TypeDecision>,
  name: Features = nameFeatures(input),
): Features {
  const tier = ROW_TIER.get(d.indicator_type.rule)
  return {
    ...tokens([
      `type ${d.indicator_type.value}`,
      `aggregation ${d.temporal_aggregation.value}`,
      `orientation ${d.heat_map_orientation.value}`,
      `type row reads ${rowEvidence(d.indicator_type.rule)}`,
      ...(tier === undefined ? [] : [`type row tier ${tier}`]),
      ...conditionsToken('type', d.indicator_type.rule),
      ...rivalTokens('type', d.indicator_type.rule, holdingRows(input, family), (r) => r.then.indicator_type),

      `aggregation from ${d.temporal_aggregation.rule === d.indicator_type.rule ? 'type row' : rowEvidence(d.temporal_aggregation.rule)}`,
      `orientation from ${d.heat_map_orientation.rule === d.indicator_type.rule ? 'type row' : rowEvidence(d.heat_map_orientation.rule)}`,
      // A type's usual orientation is right for some types and a coin toss for others: priced per type.
      ...(d.heat_map_orientation.rule.startsWith('usual-') ? [`usual orientation of a ${d.indicator_type.value}`] : []),
      // So is any sign a row read: "higher is better" holds of most counts and of far fewer flows (spending, saving).
      `orientation ${d.heat_map_orientation.value} of a ${d.indicator_type.value}`,
      ...unitsFeatures(input.units),
    ]),
    ...name,
  }
}

export function timeFeatures(
  time: Pick<TimeInference, 'frequency_source' | 'cumulative_pattern' | 'conflicts'>,
  samples: number,
): Features {
  return tokens([
    `frequency from ${time.frequency_source}`,
    `cumulative pattern ${time.cumulative_pattern}`,
    ...(time.conflicts.length > 0 ? ['time evidence in conflict'] : []),
    // No samples adds nothing: the dates can neither confirm nor contradict the frequency.
    ...(samples === 0 ? [] : [samples < 6 ? 'few sample values' : 'sample values']),
  ])
}

export function currencyFeatures(units: ParsedUnits & { conflicts?: readonly string[] }): Features {
  return tokens([
    `currency ${units.currency_kind ?? 'none'}`,
    ...unitsFeatures(units),
    // A word of the units the parser read nothing from may be a currency or scale it does not know.
    ...(units.evidence.some((e) => e.startsWith(UNREAD_EVIDENCE)) ? ['units partly unread'] : []),
  ])
}
