// How unlike a title is to every title the rules were tuned on (the dev split's names, written into the calibration
// table by `npm run calibrate`). The rules are most often right on titles like the ones they were written for, and a
// new catalogue shows this as plainly as the fixtures do: it is the strongest familiarity signal the fit can price
// (issue 9 point 3), stronger than the share of the name that rule terms cover.

const WORD = /\p{L}{4,}/gu

/** A title's words of four letters or more, lower-cased. */
export const titleWords = (title: string): ReadonlySet<string> =>
  new Set([...title.toLowerCase().matchAll(WORD)].map((m) => m[0]))

/** The tuned titles' word counts, and for each word the titles it is in: only titles sharing a word are compared. */
interface TunedIndex {
  sizes: number[]
  titlesWith: Map<string, number[]>
}

const indexes = new WeakMap<readonly string[], TunedIndex>()

function indexOf(tuned: readonly string[]): TunedIndex {
  let index = indexes.get(tuned)
  if (index === undefined) {
    index = { sizes: [], titlesWith: new Map() }
    for (const [k, title] of tuned.entries()) {
      const words = titleWords(title)
      index.sizes.push(words.size)
      for (const w of words) {
        const titles = index.titlesWith.get(w)
        if (titles) titles.push(k)
        else index.titlesWith.set(w, [k])
      }
    }
    indexes.set(tuned, index)
  }
  return index
}

/**
 * 1 − the largest Jaccard likeness between the title's words and one tuned title's words (rounded to 2 decimals):
 * 0 for a title the rules were tuned on, 1 for one sharing no word with any (or with no word to compare).
 */
export function unfamiliarity(title: string, tuned: readonly string[]): number {
  const { sizes, titlesWith } = indexOf(tuned)
  const words = titleWords(title)
  const shared = new Map<number, number>()
  for (const w of words) for (const k of titlesWith.get(w) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1)
  let best = 0
  for (const [k, n] of shared) best = Math.max(best, n / (words.size + sizes[k]! - n))
  return Math.round((1 - best) * 100) / 100
}
