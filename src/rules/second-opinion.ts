// A second opinion on the rules' answer (issue 9 point 3): the answers of the labelled cases (dev's, which the rules
// were tuned on, and the fitting splits', all written into the calibration table by `npm run calibrate`) whose title
// and units are most like the record's. It reads no rule, only labels, so it errs elsewhere than the rules do: where
// the nearest cases read another answer, the rules' one is more often wrong. How much of their vote goes elsewhere,
// per field, is a feature of the record's confidence (calibration.ts).
import { remembered } from '../normalize/remembered'
import { likenesses, titleWords, wordIndex } from './familiarity'

/** The fields the second opinion answers, in the order a stored case's answer lists them. */
export const OPINION_FIELDS = ['family', 'indicator_type', 'heat_map_orientation', 'temporal_aggregation'] as const
export type OpinionField = (typeof OPINION_FIELDS)[number]

/**
 * A labelled case as the calibration table stores it (a tuned one, or a fitting one): name, units ('' when none) and
 * its answer, the opinion fields' values joined by spaces (no value has one): one line of the table per case where
 * the name allows.
 */
export type TunedCase = readonly string[]

/** A label's answer as a stored case holds it; a field it leaves out votes for nothing the rules answer. */
export const tunedAnswer = (answer: Partial<Record<OpinionField, string>>) =>
  OPINION_FIELDS.map((f) => answer[f] ?? 'unlabelled').join(' ')

/** How many of the nearest cases vote (by likeness): enough to outvote one odd neighbour, few enough to stay near. */
const NEAREST = 5

/**
 * Orientation and aggregation are read among cases of the answer's own type: they follow the type (a count's
 * orientation is not a rate's), and what is asked is whether this subject of this type reads as the rules say.
 */
const WITHIN_TYPE: ReadonlySet<OpinionField> = new Set(['heat_map_orientation', 'temporal_aggregation'])

const UNITS_WORD = /\p{L}{2,}|%|=100/gu

/** The title's words and the units' words, the latter marked so that "percent" in the name and in the units differ. */
function words(name: string, units: string): ReadonlySet<string> {
  const out = new Set(titleWords(name))
  for (const m of units.toLowerCase().matchAll(UNITS_WORD)) out.add(`units:${m[0]}`)
  return out
}

/** Each case's answer split into its fields once: the same-type vote reads hundreds per record. */
const splitAnswers = new WeakMap<readonly TunedCase[], readonly (readonly string[])[]>()
function answersOf(cases: readonly TunedCase[]): readonly (readonly string[])[] {
  let answers = splitAnswers.get(cases)
  if (answers === undefined) splitAnswers.set(cases, (answers = cases.map((c) => c[2]!.split(' '))))
  return answers
}
const at = (field: OpinionField) => OPINION_FIELDS.indexOf(field)

/** The share of the voters' likeness that goes to another `field` than `value` (null when none votes). */
function against(
  voters: readonly [number, number][],
  answers: readonly (readonly string[])[],
  field: OpinionField,
  value: string,
) {
  const total = voters.reduce((s, [, w]) => s + w, 0)
  if (total === 0) return null
  const other = voters.reduce((s, [k, w]) => s + (answers[k]![at(field)] === value ? 0 : w), 0)
  return Math.round((other / total) * 100) / 100
}

/** Whether case `a` is nearer than `b` ([position, likeness]); of equally alike ones, the earlier. */
const nearer = (a: readonly [number, number], b: readonly [number, number]) =>
  a[1] > b[1] || (a[1] === b[1] && a[0] < b[0])

/** The NEAREST of `alike` that `keep` accepts, nearest first: a selection, as hundreds may share "%". */
function nearest(alike: ReadonlyMap<number, number>, keep: (k: number) => boolean): [number, number][] {
  const top: [number, number][] = []
  for (const entry of alike) {
    if (!keep(entry[0]) || (top.length === NEAREST && !nearer(entry, top[NEAREST - 1]!))) continue
    let at = top.length
    while (at > 0 && nearer(entry, top[at - 1]!)) at--
    top.splice(at, 0, entry)
    if (top.length > NEAREST) top.pop()
  }
  return top
}

/** The nearest voter on a field: how alike it is, and whether it reads another answer than the rules'. */
export interface NearestVoter {
  likeness: number
  against: boolean
}

/** The second opinion on one field. */
export interface Opinion {
  /** The share of the nearest labelled cases' vote (weighted by likeness) that goes to another answer. */
  against: number
  /**
   * The nearest voter alone: a share says nothing of how near the voters are, and a vote against from a case almost
   * the record's twin weighs more than one from cases sharing only "index".
   */
  nearest: NearestVoter
}

const round = (x: number) => Math.round(x * 100) / 100

/**
 * For each field of `answer`, the second opinion of the nearest labelled `cases`; absent when none shares a word. A
 * case with the record's very name and units is left out, so that a labelled record is judged by its neighbours, as a
 * new one is.
 */
export function opinions(
  name: string,
  units: string,
  answer: Partial<Record<OpinionField, string>>,
  cases: readonly TunedCase[],
): Partial<Record<OpinionField, Opinion>> {
  return remembered(cases, `${name}\u0000${units}\u0000${tunedAnswer(answer)}`, () => {
    const index = wordIndex(cases, 'titles and units', () => cases.map(([n, u]) => words(n!, u!)))
    const answers = answersOf(cases)
    const alike = likenesses(words(name, units), index)
    const other = (k: number) => cases[k]![0] !== name || cases[k]![1] !== units
    const voters = nearest(alike, other)
    const sameType = nearest(alike, (k) => other(k) && answers[k]![at('indicator_type')] === answer.indicator_type)
    const out: Partial<Record<OpinionField, Opinion>> = {}
    for (const field of OPINION_FIELDS) {
      const value = answer[field]
      if (value === undefined) continue
      const among = WITHIN_TYPE.has(field) ? sameType : voters
      const share = against(among, answers, field, value)
      if (share === null) continue
      const [k, likeness] = among[0]!
      out[field] = { against: share, nearest: { likeness: round(likeness), against: answers[k]![at(field)] !== value } }
    }
    return out
  })
}

/**
 * Per field of `answer`, the share of the nearest labelled cases' vote that goes to another answer (`dissent`) and
 * the nearest voting case (`nearest`), as `opinions` reads them.
 */
export function secondOpinion(
  name: string,
  units: string,
  answer: Partial<Record<OpinionField, string>>,
  cases: readonly TunedCase[],
): { dissent: Partial<Record<OpinionField, number>>; nearest: Partial<Record<OpinionField, NearestVoter>> } {
  const all = Object.entries(opinions(name, units, answer, cases))
  return {
    dissent: Object.fromEntries(all.map(([field, o]) => [field, o.against])),
    nearest: Object.fromEntries(all.map(([field, o]) => [field, o.nearest])),
  }
}
