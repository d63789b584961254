// Magnitude words. Adjacent words multiply ("Hundred Million" = 1e8, "Lakh Crore" = 1e12) and the
// multiplier keeps the truth; the Scale enum names the nearest lower standard magnitude.
import type { Scale } from '../taxonomy/index'
import { Scanner, emptyState, type ScaleHit, type ScanState } from './units-scan'
import { SCALE_WORDS, token } from './units-tables'

const SCALE_RE = token(
  Object.keys(SCALE_WORDS)
    .sort((a, b) => b.length - a.length)
    .join('|'),
)
const NUMERIC_SCALE_RE = /(?<![\p{N}.,])(1(?:[,\s]?000)+|10\^(\d+)|1e(\d+))(?!\p{N})/giu
const ADJACENT = /^[\s-]*$/

const NAMED_SCALES: ReadonlyArray<readonly [number, Scale]> = [
  [1e12, 'trillions'],
  [1e9, 'billions'],
  [1e6, 'millions'],
  [1e3, 'thousands'],
  [1e2, 'hundreds'],
]

export function scaleOf(multiplier: number): Scale {
  return NAMED_SCALES.find(([m]) => multiplier >= m)?.[1] ?? 'raw-units'
}

function numericMultiplier(m: RegExpExecArray): number {
  const exponent = m[2] ?? m[3]
  return exponent ? 10 ** Number(exponent) : Number(m[1].replace(/[,\s]/g, ''))
}

function candidates(sc: Scanner, hasCurrency: boolean): ScaleHit[] {
  const hits: ScaleHit[] = []
  for (const m of sc.find(SCALE_RE)) {
    const word = m[0].toLowerCase()
    if (SCALE_WORDS[word].needsCurrency && !hasCurrency) continue
    hits.push({ pos: m.index, end: m.index + m[0].length, word, multiplier: SCALE_WORDS[word].multiplier })
  }
  for (const m of sc.find(NUMERIC_SCALE_RE)) {
    hits.push({ pos: m.index, end: m.index + m[0].length, word: m[0], multiplier: numericMultiplier(m) })
  }
  // "1 000" is one magnitude, not "1 000" times the "000" inside it: a hit within an earlier one is dropped.
  hits.sort((a, b) => a.pos - b.pos || b.end - a.end)
  const kept: ScaleHit[] = []
  for (const hit of hits) if (kept.length === 0 || hit.pos >= kept.at(-1)!.end) kept.push(hit)
  return kept
}

/** Reads the magnitude groups of the text into st.scales, consuming the words used. */
export function readScale(sc: Scanner, st: ScanState, hasCurrency: boolean): void {
  const groups: ScaleHit[][] = []
  for (const hit of candidates(sc, hasCurrency)) {
    const last = groups.at(-1)
    const prev = last?.at(-1)
    if (last && prev && ADJACENT.test(sc.text.slice(prev.end, hit.pos))) last.push(hit)
    else groups.push([hit])
  }
  for (const group of groups) {
    if (SCALE_WORDS[group[0].word]?.prefixOnly && group.length === 1) continue
    const first = group[0]
    const last = group[group.length - 1]
    st.scales.push({
      pos: first.pos,
      end: last.end,
      word: group.map((h) => h.word).join(' '),
      multiplier: group.reduce((product, h) => product * h.multiplier, 1),
    })
    sc.consume(first.pos, last.end)
  }
}

export type ScaleReading = { kind: 'magnitude'; multiplier: number } | { kind: 'percent' | 'index' }

/** Reads a request's free-text scale field ("Millions", "millions", "Hundred Million", "Units"). */
export function readScaleField(text: string): ScaleReading | null {
  const value = text.trim().toLowerCase()
  if (value === 'percent' || value === 'index') return { kind: value }
  const named = NAMED_SCALES.find(([, scale]) => scale === value)
  if (named) return { kind: 'magnitude', multiplier: named[0] }
  if (/^(?:raw[-\s]?units?|units?|ones|none|raw)$/.test(value)) {
    return { kind: 'magnitude', multiplier: 1 }
  }
  const st = emptyState()
  readScale(new Scanner(value), st, true)
  return st.scales.length === 1 ? { kind: 'magnitude', multiplier: st.scales[0].multiplier } : null
}
