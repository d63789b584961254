import type { CumulativePattern, ReportingFrequency, SampleValue } from '../taxonomy/index'
import { assessCumulative } from './cumulative'
import { datedSeries, fitsGrid, frequencyOfSeries, type DateFrequency, type ParsedDate } from './dates'

export { detectCumulative } from './cumulative'
export { frequencyFromDates, type DateFrequency } from './dates'

const CODES: Record<string, ReportingFrequency> = {
  d: 'daily',
  b: 'daily',
  bd: 'daily',
  w: 'weekly',
  wk: 'weekly',
  m: 'monthly',
  mo: 'monthly',
  mon: 'monthly',
  ms: 'monthly',
  me: 'monthly',
  bm: 'monthly',
  q: 'quarterly',
  qs: 'quarterly',
  qe: 'quarterly',
  qtr: 'quarterly',
  s: 'semiannual',
  h: 'semiannual',
  sa: 'semiannual',
  hy: 'semiannual',
  sem: 'semiannual',
  a: 'annual',
  y: 'annual',
  yr: 'annual',
  ann: 'annual',
  as: 'annual',
  ys: 'annual',
  ye: 'annual',
  ae: 'annual',
}
// pandas-style anchors ("W-FRI", "Q-DEC") do not change the frequency
const ANCHORED_CODE = /^([a-z]+) (?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$/
// "6M", "P3M", "1Y", "every 3 months"
const COUNTED = /^(?:every )?p?(\d+) ?(d|w|m|q|y|a|days?|weeks?|months?|quarters?|years?)$/
const MONTHS_PER_UNIT: Record<string, number> = { m: 1, q: 3, y: 12, a: 12 }
const BY_MONTHS: Record<number, ReportingFrequency> = { 1: 'monthly', 3: 'quarterly', 6: 'semiannual', 12: 'annual' }

// In free text the earliest time word wins ("Monthly, seasonally adjusted annual rate" is monthly). Words of the
// catalogues' own languages (Mensal, Trimestral, Quincenal, Halbjahre…) mean the same.
const WORDS: Array<[RegExp, ReportingFrequency | null]> = [
  // regular but outside the enum: let the dates decide
  [
    /\b(?:bi ?monthly|semi ?monthly|twice (?:a|per) month|bi ?ennial(?:ly)?|tri ?ennial(?:ly)?|every (?:two|three|five|2|3|5) years)\b/,
    null,
  ],
  [/\b(?:irregular(?:ly)?|ad ?hoc|occasional(?:ly)?|sporadic|one off|event)\b/, 'irregular'],
  [
    /\b(?:semi ?annual(?:ly)?|half ?year(?:ly)?|semester|semestral|semestriel(?:le)?|semestrale|halbj[a-z]*|bi ?annual(?:ly)?|twice (?:a|per) year|six ?month(?:ly|s)?|bi ?yearly)\b/,
    'semiannual',
  ],
  [/\b(?:quarter(?:ly)?|qtr|trimestral|trimestriel(?:le)?|trimestrale|quartal[a-z]*|viertelj[a-z]*)\b/, 'quarterly'],
  [/\b(?:month(?:ly)?|mensual|mensuel(?:le)?|mensal|mensile|monat[a-z]*)\b/, 'monthly'],
  // TAXONOMY §3: every two weeks is reported as weekly.
  [
    /\b(?:week(?:ly)?|bi ?weekly|fortnight(?:ly)?|quincenal|quinzenal|semanal|hebdomadaire|settimanale|w[o]?chentlich)\b/,
    'weekly',
  ],
  [/\b(?:daily|days?|weekdays?|diari[oa]|quotidien(?:ne)?|giornaliero|t[a]?glich)\b/, 'daily'],
  [/\b(?:annual(?:ly)?|year(?:ly)?|annum|yr|anual|annuel(?:le)?|annuale|j[a]?hrlich|jahr(?:e)?)\b/, 'annual'],
]

function fromCount(count: number, unit: string): ReportingFrequency | null {
  const u = unit[0]!
  if (u === 'd') return count === 1 ? 'daily' : null
  if (u === 'w') return count === 1 ? 'weekly' : null
  return BY_MONTHS[count * MONTHS_PER_UNIT[u]!] ?? null
}

/** Frequency named by a catalogue's periodicity field (words, codes like Q/6M/P1Y); null when it names none. */
export function parsePeriodicity(periodicity: string | null | undefined): ReportingFrequency | null {
  if (!periodicity) return null
  const text = periodicity
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  if (!text) return null
  const code = CODES[text] ?? CODES[ANCHORED_CODE.exec(text)?.[1] ?? '']
  if (code) return code
  const counted = COUNTED.exec(text)
  if (counted) return fromCount(Number(counted[1]), counted[2]!)

  let best: ReportingFrequency | null = null
  let bestAt = Infinity
  for (const [pattern, frequency] of WORDS) {
    const at = pattern.exec(text)?.index ?? Infinity
    if (at < bestAt) [best, bestAt] = [frequency, at]
  }
  return best
}

export interface TimeInference {
  reporting_frequency: ReportingFrequency
  frequency_source: 'units' | 'dates' | 'periodicity' | 'default'
  is_cumulative: boolean
  cumulative_pattern: CumulativePattern
  confidence: number
  reason: string
  conflicts: string[]
}

export interface TimeInput {
  name: string
  description?: string
  periodicity?: string
  frequency_hint?: ReportingFrequency | null
  sample_values?: SampleValue[]
  is_stock_like?: boolean
}

interface FrequencyVerdict {
  frequency: ReportingFrequency
  source: TimeInference['frequency_source']
  confidence: number
  reason: string
  conflicts: string[]
}

// Two dates give one gap, which a single missing period distorts: they may stand alone but never overrule.
const MIN_DATES_TO_OVERRULE = 3

const days = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} d median`
const datesPhrase = (d: DateFrequency) => `sample dates are ${d.frequency} (${days(d.median_days)})`

function dateConfidence(d: DateFrequency): number {
  if (d.frequency === 'irregular' || d.dated < MIN_DATES_TO_OVERRULE) return 0.5
  return d.dated >= 6 ? 0.85 : 0.7
}

function decideFrequency(
  hint: ReportingFrequency | null | undefined,
  periodicityText: string | undefined,
  dates: DateFrequency | null,
  series: readonly ParsedDate[],
): FrequencyVerdict {
  const declared = parsePeriodicity(periodicityText)
  const strongDates = dates && dates.dated >= MIN_DATES_TO_OVERRULE ? dates : null
  const unread = !declared && periodicityText?.trim() ? ` (periodicity "${periodicityText.trim()}" not understood)` : ''

  if (hint) {
    const conflicts: string[] = []
    if (declared && declared !== hint) conflicts.push(`units say ${hint} but periodicity says ${declared}`)
    if (strongDates && strongDates.frequency !== 'irregular' && strongDates.frequency !== hint) {
      conflicts.push(`units say ${hint} but ${datesPhrase(strongDates)}`)
    }
    return {
      frequency: hint,
      source: 'units',
      confidence: conflicts.length ? 0.7 : 0.95,
      reason: `the units say ${hint}`,
      conflicts,
    }
  }

  if (declared && strongDates) {
    if (declared === strongDates.frequency) {
      return {
        frequency: declared,
        source: 'periodicity',
        confidence: 0.95,
        reason: `periodicity and sample dates agree on ${declared} (${days(strongDates.median_days)})`,
        conflicts: [],
      }
    }
    // Gaps are not a frequency: annual survey years with holes are still annual.
    if (fitsGrid(series, declared)) {
      return {
        frequency: declared,
        source: 'periodicity',
        confidence: 0.85,
        reason: `periodicity says ${declared}; the sample dates sit on its grid with missing periods`,
        conflicts: [],
      }
    }
    const conflicts = [`periodicity says ${declared} but ${datesPhrase(strongDates)}`]
    // Irregular spacing usually means a sparse sample, not a wrong declaration.
    if (strongDates.frequency === 'irregular') {
      return {
        frequency: declared,
        source: 'periodicity',
        confidence: 0.6,
        reason: `periodicity says ${declared} though the sample dates are irregularly spaced`,
        conflicts,
      }
    }
    return {
      frequency: strongDates.frequency,
      source: 'dates',
      confidence: 0.6,
      reason: `${datesPhrase(strongDates)}, overruling periodicity ${declared}`,
      conflicts,
    }
  }

  if (declared)
    return {
      frequency: declared,
      source: 'periodicity',
      confidence: 0.85,
      reason: `periodicity says ${declared}`,
      conflicts: [],
    }
  if (dates) {
    return {
      frequency: dates.frequency,
      source: 'dates',
      confidence: dateConfidence(dates),
      reason: `${datesPhrase(dates)} over ${dates.dated} dates${unread}`,
      conflicts: [],
    }
  }
  return {
    frequency: 'annual',
    source: 'default',
    confidence: 0.3,
    reason: `no units time word, periodicity or dated samples, so annual is assumed${unread}`,
    conflicts: [],
  }
}

/** TAXONOMY §4: reporting frequency (units, then dates vs periodicity) and year-to-date detection. */
export function inferTime(input: TimeInput): TimeInference {
  const series = datedSeries(input.sample_values)
  const frequency = decideFrequency(input.frequency_hint, input.periodicity, frequencyOfSeries(series), series)
  const cumulative = assessCumulative(input.name, input.description, series, frequency.frequency, input.is_stock_like)
  const conflicts = cumulative.conflict ? [...frequency.conflicts, cumulative.conflict] : frequency.conflicts
  const reason = `${frequency.reason}; ${cumulative.reason}.`
  return {
    reporting_frequency: frequency.frequency,
    frequency_source: frequency.source,
    is_cumulative: cumulative.is_cumulative,
    cumulative_pattern: cumulative.cumulative_pattern,
    confidence: Math.min(frequency.confidence, cumulative.confidence),
    reason: reason[0]!.toUpperCase() + reason.slice(1),
    conflicts,
  }
}
