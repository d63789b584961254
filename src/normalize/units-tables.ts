// Token tables for the units parser. Patterns are regex sources, case-insensitive unless flagged,
// and always matched as whole tokens (see token()) so "AMT" never yields "mt" nor "m3" an "m".
import type { ReportingFrequency } from '../taxonomy/index'
import type { PerTime } from './units-types'

export function token(source: string, flags = 'giu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags)
}

export interface PhysicalUnit {
  pattern: string
  unit: string
  multiplier?: number
  perTime?: PerTime
  caseSensitive?: boolean
}

/** Ordered: compound and prefixed forms before the plain unit they contain. */
export const PHYSICAL_UNITS: readonly PhysicalUnit[] = [
  { pattern: 'mmb/d|mb/d|mbd|mmbd|mmbpd', unit: 'barrel', multiplier: 1e6, perTime: 'day' },
  { pattern: 'kb/d|kbd|kbpd|tb/d', unit: 'barrel', multiplier: 1e3, perTime: 'day' },
  { pattern: 'b/d|bpd|bopd', unit: 'barrel', perTime: 'day' },
  { pattern: 'barrels?\\s+of\\s+oil\\s+equivalent|boe', unit: 'boe' },
  { pattern: 'mmbbls?', unit: 'barrel', multiplier: 1e6 },
  { pattern: 'mbbls?', unit: 'barrel', multiplier: 1e3 },
  { pattern: 'barrels?|bbls?', unit: 'barrel' },
  { pattern: 'ktoe', unit: 'toe', multiplier: 1e3 },
  { pattern: 'mtoe', unit: 'toe', multiplier: 1e6 },
  { pattern: 'tonnes?\\s+of\\s+oil\\s+equivalent|toe', unit: 'toe' },
  { pattern: 'tonne[-\\s]?km|tkm|tonne[-\\s]kilomet(?:re|er)s?', unit: 'tonne-km' },
  { pattern: 'passenger[-\\s]?km|pkm|passenger[-\\s]kilomet(?:re|er)s?', unit: 'passenger-km' },
  // SI prefixes on tonnes are case-significant: "Mt" is a megatonne, "MT"/"mt" a metric tonne.
  { pattern: 'Mt', unit: 'tonne', multiplier: 1e6, caseSensitive: true },
  { pattern: 'Gt', unit: 'tonne', multiplier: 1e9, caseSensitive: true },
  { pattern: 'kt|kilotonnes?|kilotons?', unit: 'tonne', multiplier: 1e3 },
  { pattern: 'short\\s+tons?', unit: 'short-ton' },
  // Ores are priced per dry metric tonne (unit): "$/dmtu".
  { pattern: 'dmtu?|dry\\s+metric\\s+tonnes?', unit: 'tonne' },
  { pattern: 'metric\\s+tonnes?|metric\\s+tons?|tonnes?|tons?|mt|t', unit: 'tonne' },
  { pattern: 'kgs?|kilogram(?:me)?s?|kilos?', unit: 'kg' },
  { pattern: 'gram(?:me)?s?', unit: 'gram' },
  { pattern: 'troy\\s+ounces?|troy\\s+oz|t\\.\\s?oz|ounces?|oz', unit: 'ounce' },
  { pattern: 'lbs?|pounds?', unit: 'pound' },
  { pattern: 'bushels?|bu', unit: 'bushel' },
  { pattern: 'twh', unit: 'twh' },
  { pattern: 'gwh', unit: 'gwh' },
  { pattern: 'mwh', unit: 'mwh' },
  { pattern: 'kwh', unit: 'kwh' },
  { pattern: 'gw', unit: 'gw' },
  { pattern: 'mw', unit: 'mw' },
  { pattern: 'kw', unit: 'kw' },
  { pattern: 'petajoules?|pj', unit: 'petajoule' },
  { pattern: 'terajoules?|tj', unit: 'terajoule' },
  { pattern: 'gigajoules?|gj', unit: 'gigajoule' },
  { pattern: 'mmbtus?|million\\s+btus?', unit: 'mmbtu' },
  { pattern: 'btus?|british\\s+thermal\\s+units?', unit: 'btu' },
  { pattern: 'therms?', unit: 'therm' },
  { pattern: 'bcm', unit: 'cubic-metre', multiplier: 1e9 },
  { pattern: 'mcm|mmcm|mmscm', unit: 'cubic-metre', multiplier: 1e6 },
  { pattern: 'm3|m\\^3|m³|cu\\.?\\s?m|cubic\\s+met(?:re|er)s?|scm', unit: 'cubic-metre' },
  { pattern: 'tcf', unit: 'cubic-foot', multiplier: 1e12 },
  { pattern: 'bcf', unit: 'cubic-foot', multiplier: 1e9 },
  { pattern: 'mmcf|mmscf', unit: 'cubic-foot', multiplier: 1e6 },
  { pattern: 'mcf', unit: 'cubic-foot', multiplier: 1e3 },
  { pattern: 'cubic\\s+f(?:ee|oo)t|cu\\.?\\s?ft|cf', unit: 'cubic-foot' },
  { pattern: 'hectolit(?:re|er)s?|hl', unit: 'hectolitre' },
  { pattern: 'lit(?:re|er)s?|l', unit: 'litre' },
  { pattern: 'gallons?|gal', unit: 'gallon' },
  { pattern: 'hectares?|ha', unit: 'hectare' },
  { pattern: 'acres?', unit: 'acre' },
  { pattern: 'km2|km²|sq\\.?\\s?(?:km|kilomet(?:re|er)s?)|square\\s+kilomet(?:re|er)s?', unit: 'square-km' },
  { pattern: 'm2|m²|sq\\.?\\s?m(?:et(?:re|er)s?)?|square\\s+met(?:re|er)s?', unit: 'square-metre' },
  { pattern: 'km|kilomet(?:re|er)s?', unit: 'km' },
  { pattern: 'met(?:re|er)s?', unit: 'metre' },
  { pattern: 'teus?|twenty[-\\s]foot\\s+equivalent\\s+units?', unit: 'teu' },
]

/** Things counted, as canonical plural nouns. */
export const COUNT_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['housing\\s+units?|dwellings?|houses|homes', 'dwellings'],
  ['persons?|people|individuals|inhabitants|residents|workers|employees|pers\\.', 'persons'],
  ['jobs', 'jobs'],
  ['units?', 'units'],
  ['numbers?|no\\.|nos\\.|count', 'number'],
  ['companies|company|firms?|businesses|enterprises', 'companies'],
  ['households?', 'households'],
  ['vehicles?|cars|motor\\s+vehicles', 'vehicles'],
  ['claims', 'claims'],
  ['arrivals|tourists|visitors', 'arrivals'],
  ['passengers', 'passengers'],
  ['transactions', 'transactions'],
  ['permits', 'permits'],
  ['births', 'births'],
  ['deaths', 'deaths'],
  ['cases', 'cases'],
  ['contracts', 'contracts'],
  ['applications', 'applications'],
  ['bankruptcies|insolvencies', 'bankruptcies'],
  ['rigs', 'rigs'],
  ['beds', 'beds'],
  ['subscribers|subscriptions', 'subscriptions'],
]

export type TimeUnit = PerTime | 'hour' | 'minute' | 'second'

/** Time words: a quantity when measured (duration), a rate denominator after "per" or "/". */
export const TIME_WORDS: ReadonlyArray<readonly [string, TimeUnit]> = [
  ['days?', 'day'],
  ['weeks?', 'week'],
  ['months?', 'month'],
  ['quarters?', 'quarter'],
  ['years?|yrs?|annum', 'year'],
  ['hours?|hrs?', 'hour'],
  ['minutes?|mins?', 'minute'],
  ['seconds?|secs?', 'second'],
]

/** Abbreviations that mean a time only as a denominator ("BBL/D", "t/a"); "m" is left out, it may be metres. */
export const TIME_ABBREVIATIONS: Readonly<Record<string, TimeUnit>> = {
  d: 'day',
  dy: 'day',
  w: 'week',
  wk: 'week',
  mo: 'month',
  mth: 'month',
  q: 'quarter',
  qtr: 'quarter',
  y: 'year',
  yr: 'year',
  a: 'year',
  h: 'hour',
  hr: 'hour',
}

export const FREQUENCY_WORDS: ReadonlyArray<readonly [string, ReportingFrequency]> = [
  ['daily', 'daily'],
  ['weekly', 'weekly'],
  ['monthly', 'monthly'],
  ['quarterly', 'quarterly'],
  ['semi-?annual(?:ly)?|half-?yearly|bi-?annual(?:ly)?', 'semiannual'],
  ['yearly|annually', 'annual'],
]

export interface ScaleWord {
  multiplier: number
  /** Bare letters ("m", "mm", "cr") read as a scale only beside a currency. */
  needsCurrency?: boolean
  /** "ten", "100" scale only as the first word of a compound ("Ten Thousand", "100 million"). */
  prefixOnly?: boolean
}

export const SCALE_WORDS: Readonly<Record<string, ScaleWord>> = {
  ten: { multiplier: 10, prefixOnly: true },
  '10': { multiplier: 10, prefixOnly: true },
  '100': { multiplier: 1e2, prefixOnly: true },
  hundred: { multiplier: 1e2 },
  hundreds: { multiplier: 1e2 },
  thousand: { multiplier: 1e3 },
  thousands: { multiplier: 1e3 },
  thous: { multiplier: 1e3 },
  th: { multiplier: 1e3 },
  ths: { multiplier: 1e3 },
  k: { multiplier: 1e3 },
  '000': { multiplier: 1e3 },
  '000s': { multiplier: 1e3 },
  lakh: { multiplier: 1e5 },
  lakhs: { multiplier: 1e5 },
  lac: { multiplier: 1e5 },
  lacs: { multiplier: 1e5 },
  million: { multiplier: 1e6 },
  millions: { multiplier: 1e6 },
  mn: { multiplier: 1e6 },
  mio: { multiplier: 1e6 },
  mln: { multiplier: 1e6 },
  mil: { multiplier: 1e6, needsCurrency: true },
  mm: { multiplier: 1e6, needsCurrency: true },
  m: { multiplier: 1e6, needsCurrency: true },
  crore: { multiplier: 1e7 },
  crores: { multiplier: 1e7 },
  cr: { multiplier: 1e7, needsCurrency: true },
  billion: { multiplier: 1e9 },
  billions: { multiplier: 1e9 },
  bn: { multiplier: 1e9 },
  bln: { multiplier: 1e9 },
  bil: { multiplier: 1e9 },
  trillion: { multiplier: 1e12 },
  trillions: { multiplier: 1e12 },
  tn: { multiplier: 1e12 },
  trn: { multiplier: 1e12 },
  tril: { multiplier: 1e12 },
}

/** Words that carry no unit meaning; anything else left unread lowers confidence. */
export const NEUTRAL_WORDS: ReadonlySet<string> = new Set([
  'of',
  'in',
  'the',
  'and',
  'a',
  'an',
  'at',
  'on',
  'for',
  'as',
  'by',
  'from',
  'with',
  'or',
  'to',
  'amt',
  'amount',
  'value',
  'values',
  'level',
  'levels',
  'total',
  'price',
  'prices',
  'terms',
  'basis',
  'average',
  'avg',
  'period',
  'end',
  'eop',
  'eom',
  'ppp',
  'equivalent',
  'co2',
  'co2e',
  'oil',
  'gas',
  'live',
  'population',
  'rate',
  'ltd',
  'est',
  'estimate',
  'estimated',
  'data',
  'series',
  'balance',
  'opinion',
])
