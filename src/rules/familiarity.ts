// How like the titles the rules were tuned on (the dev split's, written into the calibration table by `npm run
// calibrate`) a title is. The rules are most often right on titles like the ones they were written for, and a new
// catalogue shows this as plainly as the fixtures do: it is the strongest familiarity signal the fit can price
// (issue 9 point 3), stronger than the share of the name that rule terms cover. The same likeness finds the tuned
// cases nearest a record for the second opinion (second-opinion.ts).

import { remembered } from '../normalize/remembered'

const WORD = /\p{L}{4,}/gu

/** A title's words of four letters or more, lower-cased. */
export const titleWords = (title: string): ReadonlySet<string> =>
  new Set([...title.toLowerCase().matchAll(WORD)].map((m) => m[0]))

/** Word sets' sizes, and for each word the sets it is in: only sets sharing a word are compared. */
interface WordIndex {
  sizes: number[]
  setsWith: Map<string, number[]>
}

const indexes = new WeakMap<object, Map<string, WordIndex>>()

/** The `kind` index of `key`'s word sets, built once (the table's arrays live as long as the process). */
export function wordIndex(key: object, kind: string, sets: () => readonly ReadonlySet<string>[]): WordIndex {
  const kinds = indexes.get(key) ?? indexes.set(key, new Map()).get(key)!
  let index = kinds.get(kind)
  if (index === undefined) {
    index = { sizes: [], setsWith: new Map() }
    for (const [k, words] of sets().entries()) {
      index.sizes.push(words.size)
      for (const w of words) {
        const holders = index.setsWith.get(w)
        if (holders) holders.push(k)
        else index.setsWith.set(w, [k])
      }
    }
    kinds.set(kind, index)
  }
  return index
}

/** The Jaccard likeness of `words` to every indexed set sharing a word with it, by the set's position. */
export function likenesses(words: ReadonlySet<string>, { sizes, setsWith }: WordIndex): Map<number, number> {
  const shared = new Map<number, number>()
  for (const w of words) for (const k of setsWith.get(w) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1)
  for (const [k, n] of shared) shared.set(k, n / (words.size + sizes[k]! - n))
  return shared
}

/**
 * 1 − the largest Jaccard likeness between the title's words and one tuned title's words (each tuned case's first
 * element; rounded to 2 decimals):
 * 0 for a title the rules were tuned on, 1 for one sharing no word with any (or with no word to compare).
 */
export function unfamiliarity(title: string, tuned: readonly (readonly string[])[]): number {
  return remembered(tuned, title, () => {
    const index = wordIndex(tuned, 'titles', () => tuned.map(([name]) => titleWords(name!)))
    const best = Math.max(0, ...likenesses(titleWords(title), index).values())
    return Math.round((1 - best) * 100) / 100
  })
}

const unitsSeen = new WeakMap<object, ReadonlySet<string>>()
const unitsKey = (units: string) => units.trim().toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')

/**
 * Whether a units string is one no tuned case was written in (each tuned case's second element, compared lower-cased
 * with numbers masked, so "2015=100" and "2010=100" are one form): the parser reads units it was never shown
 * ("Miliar Rupiah", "x 1 000") least surely.
 * An absent units field is not unseen: the title's unfamiliarity speaks for it.
 */
export function unseenUnits(units: string, tuned: readonly (readonly string[])[]): boolean {
  if (units.trim() === '') return false
  let seen = unitsSeen.get(tuned)
  if (seen === undefined) unitsSeen.set(tuned, (seen = new Set(tuned.map(([, u]) => unitsKey(u ?? '')))))
  return !seen.has(unitsKey(units))
}
