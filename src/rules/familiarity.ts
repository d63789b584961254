// How unlike a title is to every title the rules were tuned on (the dev split's names, written into the calibration
// table by `npm run calibrate`). The rules are most often right on titles like the ones they were written for, and a
// new catalogue shows this as plainly as the fixtures do: it is the strongest familiarity signal the fit can price
// (issue 9 point 3), stronger than the share of the name that rule terms cover.

const WORD = /\p{L}{4,}/gu

/** A title's words of four letters or more, lower-cased. */
export const titleWords = (title: string): ReadonlySet<string> =>
  new Set([...title.toLowerCase().matchAll(WORD)].map((m) => m[0]))

const wordsOf = new WeakMap<readonly string[], readonly ReadonlySet<string>[]>()

/**
 * 1 − the largest Jaccard likeness between the title's words and one tuned title's words (rounded to 2 decimals):
 * 0 for a title the rules were tuned on, 1 for one sharing no word with any (or with no word to compare).
 */
export function unfamiliarity(title: string, tuned: readonly string[]): number {
  let sets = wordsOf.get(tuned)
  if (sets === undefined) wordsOf.set(tuned, (sets = tuned.map(titleWords)))
  const words = titleWords(title)
  let best = 0
  for (const other of sets) {
    let shared = 0
    for (const w of words) if (other.has(w)) shared++
    if (shared > 0) best = Math.max(best, shared / (words.size + other.size - shared))
  }
  return Math.round((1 - best) * 100) / 100
}
