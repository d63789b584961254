// The scanner reads a units string by consuming it: every match is blanked out so later, looser
// rules cannot read the same characters again ("per cent" is never "per", "mcm" never "m").
import type { ReportingFrequency } from '../taxonomy/index'
import { token, type TimeUnit } from './units-tables'
import type { CurrencyKind, PerTime } from './units-types'

export type Hit =
  | { kind: 'currency'; pos: number; code: string | null; currencyKind: CurrencyKind; multiplier: number }
  | { kind: 'physical'; pos: number; unit: string; multiplier: number; perTime?: PerTime }
  | { kind: 'count'; pos: number; unit: string }
  /** den: the token can only be a denominator ("/D", "per annum"). */
  | { kind: 'time'; pos: number; unit: TimeUnit; den: boolean }

export interface ScaleHit {
  pos: number
  end: number
  word: string
  multiplier: number
}

export interface ScanState {
  hits: Hit[]
  scales: ScaleHit[]
  percent: boolean
  percentChange: boolean
  changeWord: boolean
  index: boolean
  perCapita: boolean
  perN: number | null
  ratio: boolean
  baseYear: string | null
  realSignals: boolean[]
  frequency: ReportingFrequency | null
  evidence: string[]
  penalty: number
}

export function emptyState(): ScanState {
  return {
    hits: [],
    scales: [],
    percent: false,
    percentChange: false,
    changeWord: false,
    index: false,
    perCapita: false,
    perN: null,
    ratio: false,
    baseYear: null,
    realSignals: [],
    frequency: null,
    evidence: [],
    penalty: 0,
  }
}

export class Scanner {
  private current: string

  constructor(raw: string) {
    // Accents are dropped so "Bolívar" reads as "bolivar".
    this.current = raw.normalize('NFD').replace(/\p{M}+/gu, '')
  }

  get text(): string {
    return this.current
  }

  find(re: RegExp): RegExpExecArray[] {
    return [...this.current.matchAll(re)]
  }

  consume(start: number, end: number): void {
    this.current = this.current.slice(0, start) + ' '.repeat(end - start) + this.current.slice(end)
  }
}

/** One step of the reading: a pattern and what a match means; returning false keeps the text unread. */
export interface Rule {
  re: RegExp
  /** A cheap test that skips an expensive pattern on texts it cannot match. */
  when?: (text: string) => boolean
  apply: (m: RegExpExecArray, st: ScanState, sc: Scanner) => boolean | void
}

/**
 * A whole table as one pattern, each entry a capture group: at any position the earlier entry wins,
 * so compound forms must precede the plain forms they contain. Entry patterns must not capture.
 */
export function tableRule<T>(
  entries: ReadonlyArray<readonly [string, T]>,
  flags: string,
  apply: (value: T, m: RegExpExecArray, st: ScanState) => void,
): Rule {
  return {
    re: token(entries.map(([pattern]) => `(${pattern})`).join('|'), flags),
    apply: (m, st) => apply(entries[m.findIndex((group, i) => i > 0 && group !== undefined) - 1][1], m, st),
  }
}

export function runRules(rules: readonly Rule[], st: ScanState, sc: Scanner): void {
  for (const rule of rules) {
    if (rule.when && !rule.when(sc.text)) continue
    for (const m of sc.find(rule.re)) {
      if (rule.apply(m, st, sc) !== false) sc.consume(m.index, m.index + m[0].length)
    }
  }
}
