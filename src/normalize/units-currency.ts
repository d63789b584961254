// Rules that find money in a units string, most specific first: national-currency phrases, symbols,
// abbreviations, sub-units, currency words, then bare ISO codes (upper case only, TAXONOMY §4).
import { CURRENCY_ABBREVIATIONS, CURRENCY_SYMBOLS, CURRENCY_WORDS, WORD_LIKE_CODES, isMoneyCode } from './currencies'
import type { Rule, ScanState } from './units-scan'
import { token } from './units-tables'
import type { CurrencyKind } from './units-types'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const byLengthDesc = (a: string, b: string): number => b.length - a.length

function addCurrency(
  st: ScanState,
  pos: number,
  code: string | null,
  currencyKind: CurrencyKind,
  note: string,
  multiplier = 1,
): void {
  st.hits.push({ kind: 'currency', pos, code, currencyKind, multiplier })
  st.evidence.push(`currency ${code ?? (currencyKind === 'national' ? 'national' : 'unresolved')} (${note})`)
}

const SYMBOLS = new Map(CURRENCY_SYMBOLS)
const SYMBOL_RE = new RegExp(`(?<![A-Za-z])(?:${[...SYMBOLS.keys()].sort(byLengthDesc).map(escape).join('|')})`, 'g')
const ABBREVIATION_RE = token(Object.keys(CURRENCY_ABBREVIATIONS).sort(byLengthDesc).map(escape).join('|'), 'gu')
const WORD_RE = token(
  [...CURRENCY_WORDS.keys()]
    .sort(byLengthDesc)
    .map((w) => escape(w).replace(/ /g, '\\s+'))
    .join('|'),
)
// Every currency phrase ends in one of these nouns; texts without one skip the large word pattern.
const CURRENCY_NOUNS = new Set([...CURRENCY_WORDS.keys()].map((w) => w.split(' ').at(-1) ?? w))
const SUBUNIT_CODES: Readonly<Record<string, string>> = {
  us: 'USD',
  'u.s.': 'USD',
  euro: 'EUR',
  pence: 'GBP',
  penny: 'GBP',
  paise: 'INR',
  kopeck: 'RUB',
  kopecks: 'RUB',
}
const MINOR_UNIT_TICKERS: Readonly<Record<string, string>> = {
  USd: 'USD',
  USc: 'USD',
  GBp: 'GBP',
  GBX: 'GBP',
  ZAc: 'ZAR',
}
// Words that, right beside an ambiguous token ("ALL", "won"), show it is money.
const MONEY_CONTEXT =
  'hundred|thousand|million|billion|trillion|mn|mln|bn|bln|tn|k|m|per|current|constant|nominal|real|prices'
const CONTEXT_BEFORE = new RegExp(`(?:(?<!\\p{L})(?:${MONEY_CONTEXT})s?[\\s,]*|[/-]\\s*)$`, 'iu')
const CONTEXT_AFTER = new RegExp(`^(?:[\\s,]*(?:${MONEY_CONTEXT})(?!\\p{L})|\\s*[/-])`, 'iu')

function inMoneyContext(text: string, start: number, end: number): boolean {
  return CONTEXT_BEFORE.test(text.slice(0, start)) || CONTEXT_AFTER.test(text.slice(end))
}

export const CURRENCY_RULES: readonly Rule[] = [
  {
    re: token('(?:national|local|domestic)\\s+currenc(?:y|ies)(?:\\s+units?)?|lcu|ncu'),
    apply: (m, st) => addCurrency(st, m.index, null, 'national', m[0].toLowerCase()),
  },
  {
    re: token('international\\s+(?:dollars?|\\$)|int(?:l\\.?)?\\s?\\$'),
    apply: (m, st) => addCurrency(st, m.index, null, 'word', 'international dollars (PPP)'),
  },
  {
    re: SYMBOL_RE,
    apply: (m, st) => {
      const code = SYMBOLS.get(m[0]) ?? null
      addCurrency(st, m.index, code, 'word', `symbol ${m[0]}`)
    },
  },
  {
    re: ABBREVIATION_RE,
    apply: (m, st) => {
      const code = CURRENCY_ABBREVIATIONS[m[0]] ?? null
      addCurrency(st, m.index, code, 'word', `abbreviation ${m[0]}`)
    },
  },
  {
    // Prices in cents or pence: the multiplier turns them back into the main unit.
    re: token('(?:(us|u\\.s\\.|euro)\\s+)?(cents?|pence|penny|kopecks?|paise|centavos?|centimes?)'),
    apply: (m, st) => {
      const code = SUBUNIT_CODES[(m[1] ?? m[2]).toLowerCase()] ?? null
      addCurrency(st, m.index, code, 'word', `sub-unit "${m[0]}"`, 0.01)
    },
  },
  {
    // Exchange tickers quote some prices in minor units: "USd/Lbs" is US cents per pound.
    re: token(Object.keys(MINOR_UNIT_TICKERS).join('|'), 'gu'),
    apply: (m, st) => addCurrency(st, m.index, MINOR_UNIT_TICKERS[m[0]], 'iso', `minor-unit ticker ${m[0]}`, 0.01),
  },
  {
    re: WORD_RE,
    when: (text) => (text.toLowerCase().match(/[\p{L}.]+/gu) ?? []).some((w) => CURRENCY_NOUNS.has(w)),
    apply: (m, st, sc) => {
      const phrase = m[0].toLowerCase().replace(/\s+/g, ' ')
      if (/^euros?$/.test(phrase) && /^\s*(?:area|zone|system)/i.test(sc.text.slice(m.index + m[0].length)))
        return false
      addCurrency(st, m.index, CURRENCY_WORDS.get(phrase) ?? null, 'word', `word "${phrase}"`)
    },
  },
  {
    // South African catalogues (SARB, Stats SA) write the rand as a bare "R" before the scale: "R millions", "R bn".
    // A lone capital letter is too weak alone, so only a scale word right after it makes it money.
    re: /(?<![\p{L}\p{N}])R(?=\s*(?:thousands?|millions?|billions?|trillions?|mn|mln|bn|bln|tn)(?!\p{L}))/gu,
    apply: (m, st) => addCurrency(st, m.index, 'ZAR', 'word', 'rand symbol "R" before a scale word'),
  },
  {
    // "won" is also an English verb: capitalised, or beside a money word, it is the Korean currency.
    re: token('won'),
    apply: (m, st, sc) => {
      if (m[0] === 'won' && !inMoneyContext(sc.text, m.index, m.index + 3)) return false
      addCurrency(st, m.index, 'KRW', 'word', 'word "won"')
    },
  },
  {
    re: /(?<![A-Za-z])[A-Z]{3}(?=$|[^A-Za-z]|(?:bn|mn|mln|bln|m|k|tn)(?![A-Za-z]))/g,
    apply: (m, st, sc) => {
      const code = m[0]
      if (!isMoneyCode(code)) return false
      const alone = sc.text.trim() === code
      if (WORD_LIKE_CODES.has(code) && !alone && !inMoneyContext(sc.text, m.index, m.index + 3)) return false
      addCurrency(st, m.index, code, 'iso', 'iso token')
    },
  },
  {
    // Exports that lower-case everything ("usd mn"): a code beside a scale word, never one that is also a word.
    re: /(?<![A-Za-z])[a-z]{3}(?![A-Za-z])/g,
    apply: (m, st, sc) => {
      const code = m[0].toUpperCase()
      if (!isMoneyCode(code) || WORD_LIKE_CODES.has(code)) return false
      if (sc.text.trim() !== m[0] && !inMoneyContext(sc.text, m.index, m.index + 3)) return false
      addCurrency(st, m.index, code, 'iso', 'lower-case iso token')
    },
  },
]
