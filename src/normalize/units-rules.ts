// The ordered reading of a units string. Order is the meaning: phrases that contain other tokens
// ("percent change", "per capita", "Brazilian real", "b/d") are consumed before those tokens are read.
import type { ReportingFrequency } from '../taxonomy/index'
import { CURRENCY_RULES } from './units-currency'
import { tableRule, type Rule, type ScanState } from './units-scan'
import {
  COUNT_WORDS, FREQUENCY_WORDS, PHYSICAL_UNITS, TIME_ABBREVIATIONS, TIME_WORDS, token,
} from './units-tables'

const PCT = '%|percent(?:age)?|per\\s?cent|pct\\.?'

/** A denominator introduced by "/" (which may follow a letter, "USD/capita") or by the word "per". */
const divided = (source: string): RegExp =>
  new RegExp(`(?:/|(?<![\\p{L}\\p{N}])per)[\\s-]*(?:${source})(?![\\p{L}\\p{N}])`, 'giu')

const flag = (field: 'percent' | 'percentChange' | 'changeWord' | 'index' | 'perCapita' | 'ratio', note: string): Rule['apply'] =>
  (_m, st) => {
    st[field] = true
    st.evidence.push(note)
  }

function setFrequency(st: ScanState, frequency: ReportingFrequency, note: string): void {
  st.frequency ??= frequency
  st.evidence.push(`frequency ${frequency} (${note})`)
}

function real(st: ScanState, isReal: boolean, note: string, year?: string): void {
  st.realSignals.push(isReal)
  if (year) st.baseYear ??= year
  st.evidence.push(`${isReal ? 'real' : 'nominal'} (${note})`)
}

function parseCount(digits: string): number {
  return Number(digits.replace(/[,\s.]/g, ''))
}

const PER_N_WORDS: Readonly<Record<string, number>> = {
  hundred: 1e2, thousand: 1e3, 'ten thousand': 1e4, 'hundred thousand': 1e5, million: 1e6, billion: 1e9,
}

const CHANGE_FREQUENCY: Readonly<Record<string, ReportingFrequency>> = { m: 'monthly', q: 'quarterly', w: 'weekly' }

const BEFORE_CURRENCY: readonly Rule[] = [
  {
    // CBS and other Dutch/Nordic tables write the scale as a multiplier: "(x 1 000)", "x 1 000 euro", "× 1000". The
    // "x" is not a ratio ("times"); the number after it is read as the scale.
    re: token('[x×](?=\\s*1(?:[\\s,.]?000)+(?![\\p{N}]))'),
    apply: (m, st) => {
      st.evidence.push(`scale written as a multiplier "${m[0]}"`)
    },
  },
  {
    // A change quoted as an index of an earlier period ("same month last year = 100") is a change (TAXONOMY §3).
    re: token(
      '(?:the\\s+)?(?:same|corresponding|previous|preceding|prior|last)\\s+(?:day|week|month|quarter|period|year)' +
        '(?:\\s+(?:of\\s+)?(?:the\\s+)?(?:last|previous|preceding|prior)\\s+year)?\\s*=\\s*100',
    ),
    apply: (m, st) => {
      st.percentChange = true
      st.evidence.push(`change quoted as an index of an earlier period "${m[0]}"`)
    },
  },
  {
    // An index of a reference level rather than a base year ("Long term average=100", "Normal=100", FRED's "Normal 100").
    re: token('(?:long[-\\s]term\\s+average|trend|average\\s+(?:of\\s+)?\\d{4})\\s*=\\s*100|normal\\s*=?\\s*100'),
    apply: (m, st) => {
      st.index = true
      st.evidence.push(`index of a reference level "${m[0]}"`)
    },
  },
  {
    re: token(
      'amplitude\\s+adjusted|normali[sz]ed|(?:not\\s+)?seasonally(?:\\s+and\\s+(?:calendar|working[-\\s]days?))?\\s+adjusted' +
        '|(?:calendar|working[-\\s]days?)\\s+adjusted|n\\.?s\\.?a\\.?|s\\.a\\.|sa|nsa|sca|swda|wda',
    ),
    apply: (m, st) => void st.evidence.push(`adjustment "${m[0]}"`),
  },
  {
    re: /\(?\s*(?:base\s*)?(?<!\d)(\d{4}(?:\s*[-–/]\s*\d{2,4})?)\s*=\s*(?:100|1(?:\.0+)?)(?![\d.])\s*\)?/giu,
    apply: (m, st) => {
      st.index = true
      st.baseYear = m[1].replace(/\s+/g, '')
      st.evidence.push(`index base ${st.baseYear}`)
    },
  },
  {
    re: token('base(?:\\s+year)?\\s*[:=]?\\s*(\\d{4})'),
    apply: (m, st) => {
      st.baseYear ??= m[1]
      st.evidence.push(`base year ${m[1]}`)
    },
  },
  {
    re: token(
      `(?:annual(?:i[sz]ed)?\\s+)?(?:${PCT})\\s*(?:change|chg|ch\\.|growth|increase|decrease|var(?:iation)?)` +
        '(?:\\s+(?:from|over|on|vs\\.?|at|since)\\s+[^,;()]*)?',
    ),
    apply: flag('percentChange', 'percent change'),
  },
  {
    re: token('([ymqwh])-?o-?\\1|([ymqwha])/\\2|y\\.o\\.y\\.?'),
    apply: (m, st) => {
      st.percentChange = true
      st.evidence.push(`period-on-period change "${m[0]}"`)
      const period = m[0].toLowerCase()[0]
      const frequency = CHANGE_FREQUENCY[period]
      if (frequency) setFrequency(st, frequency, `"${m[0]}"`)
    },
  },
  {
    re: token(`growth\\s+rate|rate\\s+of\\s+(?:change|growth)|log\\s+change|(?:change|growth)\\s*,?\\s*(?:in\\s+)?(?:${PCT})`),
    apply: flag('percentChange', 'percent change'),
  },
  {
    re: token(`(?:${PCT})\\s+of\\s+[^,;()/]+`),
    apply: (m, st) => {
      st.percent = true
      st.evidence.push(`percent "${m[0].trim()}"`)
    },
  },
  {
    re: token(`percentage\\s+points?|percent(?:age)?\\s+pts?|%\\s*pts?|p\\.p\\.|pp|ppts?|pps`),
    apply: flag('percent', 'percentage points'),
  },
  { re: token('basis\\s+points?|bps|bp'), apply: flag('percent', 'basis points') },
  {
    re: token('‰|per\\s?mille|per\\s?mil'),
    apply: (_m, st) => {
      st.perN = 1000
      st.evidence.push('per mille')
    },
  },
  { re: token(PCT), apply: flag('percent', 'percent') },
  {
    re: token('per\\s+annum|p\\.\\s?a\\.?'),
    apply: (m, st) => {
      st.hits.push({ kind: 'time', pos: m.index, unit: 'year', den: true })
      st.evidence.push('per annum')
    },
  },
  {
    re: token('(?:seasonally\\s+adjusted\\s+)?(?:at\\s+)?annual(?:i[sz]ed)?\\s+rates?|saar'),
    apply: (m, st) => void st.evidence.push(`annualized rate "${m[0]}"`),
  },
  {
    re: divided('(\\d{1,3}(?:[,\\s.]\\d{3})+|\\d+)(?!\\p{N})[^,;()]*'),
    apply: (m, st) => {
      st.perN = parseCount(m[1])
      st.evidence.push(`per ${st.perN} ("${m[0].trim()}")`)
    },
  },
  {
    re: token('per\\s+(ten\\s+thousand|hundred\\s+thousand|hundred|thousand|million|billion)[^,;()]*'),
    apply: (m, st) => {
      st.perN = PER_N_WORDS[m[1].toLowerCase().replace(/\s+/g, ' ')]
      st.evidence.push(`per ${st.perN} ("${m[0].trim()}")`)
    },
  },
  {
    re: divided('(?:capita|person|head|inhabitant|resident|individual)s?'),
    apply: flag('perCapita', 'per capita'),
  },
]

const AFTER_CURRENCY: readonly Rule[] = [
  {
    re: token('(?:constant|chained|chain[-\\s]linked)(?:\\s+volumes?)?(?:\\s*\\(?\\s*(\\d{4})\\s*\\)?)?(?:\\s+prices)?'),
    apply: (m, st) => real(st, true, m[0].trim().toLowerCase(), m[1]),
  },
  {
    re: token('(?:(?:at|in)\\s+)?(\\d{4})\\s+prices'),
    apply: (m, st) => real(st, true, `${m[1]} prices`, m[1]),
  },
  { re: token('real|inflation[-\\s]adjusted|deflated'), apply: (m, st) => real(st, true, m[0].toLowerCase()) },
  { re: token('(?:current|nominal)(?:\\s+prices)?'), apply: (m, st) => real(st, false, m[0].toLowerCase()) },
  { re: token('index\\s+points?|diffusion\\s+index|index(?:es)?|indices|points?|pts'), apply: flag('index', 'index') },
  ...[true, false].map((caseSensitive) =>
    tableRule(
      PHYSICAL_UNITS.filter((u) => Boolean(u.caseSensitive) === caseSensitive).map((u) => [u.pattern, u] as const),
      caseSensitive ? 'gu' : 'giu',
      ({ unit, multiplier = 1, perTime }, m, st) => {
        st.hits.push({ kind: 'physical', pos: m.index, unit, multiplier, perTime })
        st.evidence.push(`physical ${unit} ("${m[0]}")`)
      },
    ),
  ),
  tableRule(FREQUENCY_WORDS, 'giu', (frequency, m, st) => setFrequency(st, frequency, `"${m[0]}"`)),
  {
    re: divided(`(${Object.keys(TIME_ABBREVIATIONS).join('|')})`),
    apply: (m, st) => {
      const unit = TIME_ABBREVIATIONS[m[1].toLowerCase()]
      st.hits.push({ kind: 'time', pos: m.index, unit, den: true })
      st.evidence.push(`per ${unit} ("${m[0]}")`)
    },
  },
  tableRule(TIME_WORDS, 'giu', (unit, m, st) => {
    st.hits.push({ kind: 'time', pos: m.index, unit, den: false })
    st.evidence.push(`time ${unit}`)
  }),
  // TAXONOMY §3: "Pure number" is a ratio or a 0–1 fraction; the rules decide the type by subject.
  { re: token('pure\\s+numbers?|dimensionless'), apply: flag('ratio', 'pure number') },
  tableRule(COUNT_WORDS, 'giu', (unit, m, st) => {
    st.hits.push({ kind: 'count', pos: m.index, unit })
    st.evidence.push(`count ${unit}`)
  }),
  { re: token('ratio|times|multiple|proportion|fraction|x'), apply: flag('ratio', 'ratio') },
  { re: token('change|chg|growth|variation'), apply: flag('changeWord', 'change') },
]

export const UNIT_RULES: readonly Rule[] = [...BEFORE_CURRENCY, ...CURRENCY_RULES, ...AFTER_CURRENCY]
