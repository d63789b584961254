// Units parser (TAXONOMY §4): reads a catalogue's free-text units into the unit type, scale,
// currency and rate denominators the classifier builds on.
import type { ParsedUnitType, ReportingFrequency } from '../taxonomy/index'
import { remembered } from './remembered'
import { UNIT_RULES } from './units-rules'
import { Scanner, emptyState, runRules, type Hit, type ScanState } from './units-scan'
import { rewritePhrases } from './units-phrases'
import { readScale, scaleOf } from './units-scale'
import { NEUTRAL_WORDS } from './units-tables'
import { SCALE_EVIDENCE_PREFIX, UNREAD_EVIDENCE, type ParsedUnits, type PerTime } from './units-types'

export type { CurrencyKind, ParsedUnits, PerTime, UnitsEvidence } from './units-types'
export { reconcileUnits } from './units-reconcile'

const PERIOD_FREQUENCY: Readonly<Record<PerTime, ReportingFrequency>> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  quarter: 'quarterly',
  year: 'annual',
}
// Reporting periods: "USD Million per quarter" says the series is quarterly, "USD per day" does not.
const REPORTING_PERIODS: ReadonlySet<PerTime> = new Set(['month', 'quarter', 'year'])
const FREQUENCY_FROM_DENOMINATOR: ReadonlySet<ParsedUnitType> = new Set(['currency-amount', 'count'])

// "US $ into Sterling" is how many dollars one pound buys, as "US $ per pound" says.
const DIVISOR = /\/|(?<![\p{L}\p{N}])(?:per|into|to\s+one|for\s+one)(?![\p{L}\p{N}])/iu
const DIVISOR_WORDS = new Set(['per', 'into', 'one'])

type HitOf<K extends Hit['kind']> = Extract<Hit, { kind: K }>

interface Reading {
  st: ScanState
  num: Hit[]
  den: Hit[]
  /** Unrecognised words after the divisor: the unit of "USD per share". */
  denWords: string[]
}

const isPeriod = (unit: string): unit is PerTime => unit in PERIOD_FREQUENCY
const has = (hits: Hit[], kind: Hit['kind']): boolean => hits.some((h) => h.kind === kind)
const ofKind = <K extends Hit['kind']>(hits: Hit[], kind: K): HitOf<K>[] =>
  hits.filter((h): h is HitOf<K> => h.kind === kind)
const isQuantity = (h: Hit): boolean => h.kind === 'physical' || h.kind === 'count'
const isUnitDenominator = (h: Hit): boolean => isQuantity(h) || (h.kind === 'time' && !isPeriod(h.unit))

/** First match wins; the order encodes TAXONOMY §4 precedence (a change in % is a change, not money). */
const TYPE_RULES: ReadonlyArray<readonly [ParsedUnitType, (r: Reading) => boolean]> = [
  ['percent-change', (r) => r.st.percentChange || (r.st.percent && r.st.changeWord)],
  ['percent', (r) => r.st.percent],
  ['ratio', (r) => r.st.perN !== null],
  ['index', (r) => r.st.index],
  ['per-capita', (r) => r.st.perCapita],
  ['ratio', (r) => has(r.num, 'currency') && has(r.den, 'currency')],
  ['currency-per-unit', (r) => has(r.num, 'currency') && (r.den.some(isUnitDenominator) || r.denWords.length > 0)],
  ['currency-amount', (r) => has(r.num, 'currency')],
  ['ratio', (r) => r.st.ratio || has(r.den, 'currency')],
  ['ratio', (r) => r.num.some(isQuantity) && (r.den.some(isQuantity) || r.denWords.length > 0)],
  ['physical', (r) => has(r.num, 'physical')],
  ['duration', (r) => has(r.num, 'time')],
  ['count', (r) => has(r.num, 'count') || r.st.scales.length > 0],
]

function physicalUnitOf(type: ParsedUnitType, r: Reading): string | null {
  // "Number of vehicles" counts vehicles: the generic "number" names the unit only when alone.
  const quantities = r.num.filter(isQuantity) as HitOf<'physical' | 'count'>[]
  const quantity = quantities.find((h) => h.unit !== 'number') ?? quantities[0]
  switch (type) {
    case 'currency-per-unit': {
      const unit = r.den.find(isUnitDenominator) as HitOf<'physical' | 'count' | 'time'> | undefined
      return unit?.unit ?? r.denWords[0] ?? null
    }
    case 'duration':
      return ofKind(r.num, 'time')[0]?.unit ?? null
    case 'physical':
    case 'count':
    case 'ratio':
    case 'per-capita':
      return quantity?.unit ?? null
    default:
      return null
  }
}

function perTimeOf(r: Reading): PerTime | null {
  const period = ofKind(r.den, 'time').find((h) => isPeriod(h.unit))?.unit
  if (period && isPeriod(period)) return period
  return ofKind(r.num, 'physical').find((h) => h.perTime)?.perTime ?? null
}

function isRealOf(st: ScanState): boolean | null {
  const signals = new Set(st.realSignals)
  if (signals.size > 1) {
    st.penalty += 0.1
    st.evidence.push('conflict: both real and nominal wording')
    return null
  }
  return signals.size === 1 ? st.realSignals[0] : null
}

// A currency pair in market notation ("USD/ZAR", "GBP/USD") is base/quote: the value is in the quote currency.
const ISO_PAIR = /^[A-Z]{3}\s*\/\s*[A-Z]{3}$/

function currencyOf(r: Reading, raw: string): HitOf<'currency'> | undefined {
  const num = ofKind(r.num, 'currency')
  if (ISO_PAIR.test(raw)) {
    const quote = ofKind(r.den, 'currency').find((h) => h.code !== null && h.currencyKind === 'iso')
    if (quote && num.some((h) => h.code !== null)) {
      r.st.evidence.push(`currency pair "${raw}": quote currency ${quote.code}`)
      return quote
    }
  }
  const codes = new Set(num.map((h) => h.code).filter((c) => c !== null))
  if (codes.size > 1) {
    r.st.penalty += 0.2
    r.st.evidence.push(`conflict: several currencies ${[...codes].join(', ')}`)
  }
  const den = ofKind(r.den, 'currency')
  return num.find((h) => h.code) ?? num[0] ?? den.find((h) => h.code) ?? den[0]
}

function magnitude(r: Reading, currency: HitOf<'currency'> | undefined): number {
  const [scale, ...others] = r.st.scales
  if (others.length > 0) {
    r.st.penalty += 0.15
    r.st.evidence.push(`conflict: several scales (${r.st.scales.map((s) => s.word).join('; ')}), first kept`)
  }
  let multiplier = scale?.multiplier ?? 1
  if (scale) r.st.evidence.push(`${SCALE_EVIDENCE_PREFIX}${scale.word} (x${scale.multiplier})`)
  for (const source of [...ofKind(r.num, 'physical'), ...(currency && r.num.includes(currency) ? [currency] : [])]) {
    if (source.multiplier === 1) continue
    multiplier *= source.multiplier
    r.st.evidence.push(`${SCALE_EVIDENCE_PREFIX}x${source.multiplier} carried by the unit`)
  }
  return multiplier
}

function unknown(raw: string, confidence: number, evidence: string[]): ParsedUnits {
  return {
    raw,
    parsed_unit_type: 'unknown',
    scale: 'raw-units',
    scale_multiplier: 1,
    detected_currency: null,
    currency_kind: null,
    physical_unit: null,
    per_time: null,
    frequency_hint: null,
    per_capita: false,
    per_n: null,
    base_year: null,
    is_real: null,
    confidence,
    evidence,
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100

/**
 * What a units string says. Each distinct string is read once per process (a catalogue repeats a few hundred unit
 * strings over thousands of series, and normalize reads each series' units and the unit in its title: reading them
 * was most of that step's CPU); every caller gets its own copy, free to change.
 */
export function parseUnits(units: string | null | undefined): ParsedUnits {
  const text = units ?? ''
  const parsed = remembered(parseUnits, text, () => readUnits(text))
  return { ...parsed, evidence: [...parsed.evidence] }
}

function readUnits(units: string): ParsedUnits {
  const phrased = rewritePhrases(units.trim())
  const raw = phrased.text
  if (!raw) return unknown(raw, 0.1, ['no units given'])

  const sc = new Scanner(raw)
  const st = emptyState()
  st.evidence.push(...phrased.rewrites)
  runRules(UNIT_RULES, st, sc)
  readScale(sc, st, has(st.hits, 'currency'))

  const rest = sc.text
  const divisor = rest.search(DIVISOR)
  const isDen = (pos: number): boolean => divisor >= 0 && pos > divisor
  const unread = [...rest.matchAll(/\p{L}[\p{L}\p{N}]*/gu)].filter(
    (m) => !NEUTRAL_WORDS.has(m[0].toLowerCase()) && !DIVISOR_WORDS.has(m[0].toLowerCase()),
  )
  const r: Reading = {
    st,
    num: st.hits.filter((h) => !(h.kind === 'time' && h.den) && !isDen(h.pos)),
    den: st.hits.filter((h) => (h.kind === 'time' && h.den) || isDen(h.pos)),
    denWords: unread.filter((m) => isDen(m.index)).map((m) => m[0].toLowerCase()),
  }
  if (unread.length > 0) st.evidence.push(`${UNREAD_EVIDENCE}${unread.map((m) => m[0]).join(' ')}`)

  const type = TYPE_RULES.find(([, applies]) => applies(r))?.[0] ?? 'unknown'
  const currency = currencyOf(r, raw)
  const isReal = isRealOf(st)
  const perTime = perTimeOf(r)
  const percentLike = type === 'percent' || type === 'percent-change'
  const multiplier = percentLike || type === 'index' ? 1 : magnitude(r, currency)
  const frequency =
    st.frequency ??
    (perTime && REPORTING_PERIODS.has(perTime) && FREQUENCY_FROM_DENOMINATOR.has(type)
      ? PERIOD_FREQUENCY[perTime]
      : null)
  st.evidence.push(`type ${type}`)

  const vagueCurrency = currency && currency.code === null && currency.currencyKind === 'word' ? 0.1 : 0
  const anySignal = st.hits.length > 0 || st.realSignals.length > 0 || st.baseYear !== null
  const confidence =
    type === 'unknown'
      ? anySignal
        ? 0.3
        : 0.2
      : Math.max(0.3, 0.95 - st.penalty - vagueCurrency - 0.08 * Math.min(unread.length, 4))

  return {
    raw,
    parsed_unit_type: type,
    scale: percentLike ? 'percent' : type === 'index' ? 'index' : scaleOf(multiplier),
    scale_multiplier: multiplier,
    detected_currency: currency?.code ?? null,
    currency_kind: currency?.currencyKind ?? null,
    physical_unit: physicalUnitOf(type, r),
    per_time: perTime,
    frequency_hint: frequency,
    per_capita: st.perCapita,
    per_n: st.perN,
    base_year: st.baseYear,
    is_real: isReal,
    confidence: round2(confidence),
    evidence: st.evidence,
  }
}
