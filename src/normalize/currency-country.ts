// A currency word shared by many countries ("dollars", "$", "pesos", "cents") names the currency of the
// country the title is about: "Chained (2017) dollars" under "…; Canada; …" are Canadian dollars. A national
// publisher writes its own money bare and leaves its country out of the title ("$ Millions" at the Australian Bureau
// of Statistics, "$m" at the Reserve Bank of New Zealand), so the source's country comes next. With neither, a dollar
// (or a bare cent) is the US one, as US, World Bank, IMF and market catalogues all write it.
import { ISO_4217 } from './currencies'
import type { ParsedUnits } from './units-types'

/** Countries whose currency goes by a shared word, with the names catalogues give them. */
const COUNTRY_CURRENCY: ReadonlyArray<readonly [string, string]> = [
  ['United States|United States of America|USA|U\\.S\\.|US|America', 'USD'],
  ['Canada', 'CAD'],
  ['Australia', 'AUD'],
  ['New Zealand', 'NZD'],
  ['Hong Kong', 'HKD'],
  ['Singapore', 'SGD'],
  ['Taiwan', 'TWD'],
  ['Jamaica', 'JMD'],
  ['Trinidad and Tobago', 'TTD'],
  ['Namibia', 'NAD'],
  ['Fiji', 'FJD'],
  ['Bahamas', 'BSD'],
  ['Barbados', 'BBD'],
  ['Mexico|México', 'MXN'],
  ['Argentina', 'ARS'],
  ['Chile', 'CLP'],
  ['Colombia', 'COP'],
  ['Philippines', 'PHP'],
  ['Uruguay', 'UYU'],
  ['Dominican Republic', 'DOP'],
  ['India', 'INR'],
  ['Pakistan', 'PKR'],
  ['Sri Lanka', 'LKR'],
  ['Nepal', 'NPR'],
  ['Mauritius', 'MUR'],
  ['Indonesia', 'IDR'],
  ['Japan', 'JPY'],
  ['China', 'CNY'],
  ['Switzerland', 'CHF'],
  ['United Kingdom|UK|Great Britain|Britain|England', 'GBP'],
  ['Egypt', 'EGP'],
  ['Sweden', 'SEK'],
  ['Norway', 'NOK'],
  ['Denmark', 'DKK'],
  ['Iceland', 'ISK'],
  ['Kenya', 'KES'],
  ['Uganda', 'UGX'],
  ['Tanzania', 'TZS'],
  ['Saudi Arabia', 'SAR'],
  ['Qatar', 'QAR'],
  ['Oman', 'OMR'],
  ['Iran', 'IRR'],
  ['United Arab Emirates|UAE', 'AED'],
  ['Morocco', 'MAD'],
  ['Tunisia', 'TND'],
  ['Algeria', 'DZD'],
  ['Jordan', 'JOD'],
  ['Kuwait', 'KWD'],
  ['Bahrain', 'BHD'],
  ['Iraq', 'IQD'],
  ['Serbia', 'RSD'],
  ['Czech Republic|Czechia', 'CZK'],
]

const patternsOf = (table: ReadonlyArray<readonly [string, string]>) =>
  table.map(([names, code]) => [new RegExp(`(?<![\\p{L}])(?:${names})(?![\\p{L}])`, 'u'), code] as const)
const COUNTRY_PATTERNS = patternsOf(COUNTRY_CURRENCY)
// Publishers name their country as an adjective or an abbreviation too (Australian Bureau of Statistics, Stats NZ);
// only in a source: in a title the adjective is where a good comes from ("Coal, Australian" in US dollars).
const PUBLISHER_PATTERNS = [
  ...COUNTRY_PATTERNS,
  ...patternsOf([
    ['Australian', 'AUD'],
    ['NZ', 'NZD'],
  ]),
]

// Words and symbols that name money without fixing the currency, with the nouns of the ISO names they fit.
const SHARED: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/d[oó]lar(?:es)?|dollars?/iu, /dollar/i],
  [/\$/u, /dollar|peso/i],
  [/¥|yen|yuan/iu, /yen|yuan/i],
  [/pesos?/iu, /peso/i],
  [/rupees?|\bRs\.?/u, /rupee/i],
  [/francs?/iu, /franc/i],
  [/pounds?/iu, /pound/i],
  [/kron(?:a|e|or|er)/iu, /kron/i],
  [/shillings?/iu, /shilling/i],
  [/ri[ay]als?/iu, /ri[ay]al/i],
  [/dinars?/iu, /dinar/i],
  [/dirhams?/iu, /dirham/i],
  [/crowns?|korun/iu, /korun/i],
  [/cents?|centavos?/iu, /./],
]
const DOLLAR = /d[oó]lar(?:es)?|dollars?|\$/iu
// "cents per kilowatthour" (EIA), "cents per pound" (ICE, CME): a cent no country's name comes with is the US cent;
// other catalogues name theirs ("euro cents", "Cents per litre" under "Canada").
const CENT = /(?<!\p{L})cents?(?!\p{L})/iu
// A cost or price "per" a unit, with no currency written (units-phrases reads it as national currency per).
const OWN_MONEY = /^"(?:cost|price)\s+per" read as/iu
// "International dollars" are PPP units of account, no country's money.
const NOT_A_CURRENCY = /international/i

// Titles in capitals ("…; CANADA; …") name countries too; short codes (US, UK, USA) stay as written.
const asWritten = (title: string) =>
  /\p{Ll}/u.test(title) ? title : title.replace(/\p{Lu}{4,}/gu, (w) => w[0] + w.slice(1).toLowerCase())

/** Fills the code of an ambiguous currency word from the country the title names (see the file comment). */
export function resolveSharedCurrency(units: ParsedUnits, title: string, source = ''): ParsedUnits {
  if (units.detected_currency !== null || NOT_A_CURRENCY.test(units.raw)) return units
  // "Cost per Dozen … in U.S. City Average" (BLS average prices): the money of the place the title names.
  const ownMoney = units.currency_kind === 'national' && units.evidence.some((e) => OWN_MONEY.test(e))
  if (units.currency_kind !== 'word' && !ownMoney) return units
  const nouns = ownMoney ? [/./] : SHARED.filter(([word]) => word.test(units.raw)).map(([, noun]) => noun)
  if (nouns.length === 0) return units
  const countryIn = (text: string, patterns = COUNTRY_PATTERNS) =>
    patterns.find(
      ([pattern, code]) => pattern.test(asWritten(text)) && nouns.some((n) => n.test(ISO_4217[code] ?? '')),
    )?.[1]
  const named = countryIn(title)
  const published = named ? undefined : countryIn(source, PUBLISHER_PATTERNS)
  const code = named ?? published ?? (DOLLAR.test(units.raw) || CENT.test(units.raw) ? 'USD' : null)
  if (!code) return units
  const why = named
    ? 'the country the name is about'
    : published
      ? 'the country of the source that published it'
      : 'a dollar or cent with no other country named'
  return { ...units, detected_currency: code, evidence: [...units.evidence, `currency ${code} (${why})`] }
}

// PPP-converted money ("US dollars, PPP converted", "constant PPPs", "USD per day (2017 PPP)", "GDP per Capita PPP"
// in USD) is international money, of no country, as "international $" is (README "Currency detection"), whichever
// currency it is written in: a data team must not convert it at a market rate. Only money is PPP-converted: a rate
// quoted against the dollar is FX, and a percent at a PPP poverty line is no money at all.
const PPP = /\b(?:PPPs?|purchasing[- ]power[- ]parit(?:y|ies))\b/iu
const MONEY: ReadonlySet<string> = new Set(['currency-amount', 'currency-per-unit', 'per-capita'])

/** The units with money the units or the title call PPP-converted read as international money (code null). */
export function withoutPppDollar(units: ParsedUnits, title: string): ParsedUnits {
  if (units.detected_currency === null || !MONEY.has(units.parsed_unit_type)) return units
  const where = PPP.test(units.raw) ? 'units' : PPP.test(title) ? 'name' : null
  if (where === null) return units
  const evidence = `currency unresolved (${units.detected_currency} PPP-converted: PPP in the ${where})`
  return { ...units, detected_currency: null, evidence: [...units.evidence, evidence] }
}
