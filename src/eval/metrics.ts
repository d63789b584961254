// What a data team reads off a labelled run (issue 9 point 4): is a whole record right, does the review queue hold
// the wrong ones, and does `confidence` mean the probability that the record is right.
import { SCORED_FIELDS, type LabelledCase } from './labelled'
import { scoreResults, type FieldScore, type ScoredResult } from './score'

/** One labelled case as the queue sees it: every labelled field right or not, flagged or not, at what confidence. */
export interface CaseOutcome {
  id: string
  all_right: boolean
  flagged: boolean
  confidence: number
}

/** Issue 9: at most this share of a catalogue in the review queue… */
export const MAX_FLAGGED_SHARE = 0.2
/** …while at least this share of the wrong records is in it. */
export const MIN_FLAG_RECALL = 0.8

export interface ReliabilityBin {
  /** [lo, hi): the last bin includes 1. */
  lo: number
  hi: number
  count: number
  /** null for an empty bin. */
  mean_confidence: number | null
  all_right_rate: number | null
}

export interface Metrics {
  cases: number
  fields: FieldScore[]
  all_right: number
  flagged_share: number
  /** Of the flagged, the share that was wrong (null when nothing is flagged). */
  flag_precision: number | null
  /** Of the wrong, the share that was flagged (null when nothing is wrong). */
  flag_recall: number | null
  reliability: ReliabilityBin[]
  /** Expected calibration error: the count-weighted mean |all-right rate − mean confidence| over the bins. */
  ece: number
  /** How well confidence ranks right above wrong, whatever the threshold (null without both kinds). */
  auc: number | null
  /** The ranking against issue 9's queue targets, whatever the threshold (rankedQueue). */
  ranked: RankedQueue
}

export const RELIABILITY_BINS = 10

const completedConfidence = (r: ScoredResult | undefined) => (r?.status === 'completed' ? (r.confidence ?? 0) : 0)

/** A case is all right when every field its label states is right; a missing or failed result is wrong and flagged. */
export function caseOutcomes(labelled: readonly LabelledCase[], results: readonly ScoredResult[]): CaseOutcome[] {
  const byId = new Map(results.map((r) => [r.indicator_id, r]))
  return labelled.map(({ indicator, expected }) => {
    const r = byId.get(indicator.indicator_id)
    const ok = r?.status === 'completed'
    const all_right = ok && SCORED_FIELDS.every((f) => expected[f] === undefined || r[f] === expected[f])
    return {
      id: indicator.indicator_id,
      all_right,
      flagged: !ok || r.review_status === 'flagged',
      confidence: completedConfidence(r),
    }
  })
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d)

export function reliabilityOf(outcomes: readonly CaseOutcome[], bins = RELIABILITY_BINS): ReliabilityBin[] {
  return Array.from({ length: bins }, (_, k) => {
    const lo = k / bins
    const hi = (k + 1) / bins
    const inBin = outcomes.filter(
      (o) => o.confidence >= lo && (o.confidence < hi || (k === bins - 1 && o.confidence <= hi)),
    )
    const sum = (f: (o: CaseOutcome) => number) => inBin.reduce((s, o) => s + f(o), 0)
    return {
      lo,
      hi,
      count: inBin.length,
      mean_confidence: ratio(
        sum((o) => o.confidence),
        inBin.length,
      ),
      all_right_rate: ratio(
        sum((o) => Number(o.all_right)),
        inBin.length,
      ),
    }
  })
}

export function eceOf(bins: readonly ReliabilityBin[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0)
  if (n === 0) return 0
  return bins.reduce(
    (s, b) => s + (b.count === 0 ? 0 : (b.count / n) * Math.abs(b.all_right_rate! - b.mean_confidence!)),
    0,
  )
}

/** The chance that a right record has a higher confidence than a wrong one (ties count half): how well it ranks. */
export function aucOf(outcomes: readonly CaseOutcome[]): number | null {
  const right = outcomes.filter((o) => o.all_right).map((o) => o.confidence)
  const wrong = outcomes.filter((o) => !o.all_right).map((o) => o.confidence)
  if (right.length === 0 || wrong.length === 0) return null
  const wins = right.reduce((s, r) => s + wrong.reduce((t, w) => t + (r > w ? 1 : r === w ? 0.5 : 0), 0), 0)
  return wins / (right.length * wrong.length)
}

export interface RankedQueue {
  /** The recall of a queue of the MAX_FLAGGED_SHARE least confident records (null when nothing is wrong). */
  recall_at_max_share: number | null
  /** The share of the least confident records a queue needs to hold MIN_FLAG_RECALL of the wrong ones (null likewise). */
  share_for_min_recall: number | null
}

/**
 * What the ranking alone can give a review queue, at any threshold: a threshold only picks how far down the
 * least-confident-first order the queue reaches (ties are taken whole, as one threshold would take them).
 */
export function rankedQueue(outcomes: readonly CaseOutcome[]): RankedQueue {
  const wrong = outcomes.filter((o) => !o.all_right).length
  if (wrong === 0) return { recall_at_max_share: null, share_for_min_recall: null }
  const sorted = [...outcomes].sort((a, b) => a.confidence - b.confidence)
  let recall_at_max_share = 0
  let share_for_min_recall: number | null = null
  let caught = 0
  for (let k = 0; k < sorted.length; k++) {
    if (!sorted[k]!.all_right) caught++
    // A threshold takes equal confidences together: only the last of a tie ends a queue.
    if (k + 1 < sorted.length && sorted[k + 1]!.confidence === sorted[k]!.confidence) continue
    const share = (k + 1) / sorted.length
    if (share <= MAX_FLAGGED_SHARE) recall_at_max_share = caught / wrong
    if (share_for_min_recall === null && caught >= MIN_FLAG_RECALL * wrong) share_for_min_recall = share
  }
  return { recall_at_max_share, share_for_min_recall }
}

/** The queue's figures from case outcomes alone: what a threshold search needs without re-scoring fields. */
export function queueFigures(outcomes: readonly CaseOutcome[]) {
  const wrong = outcomes.filter((o) => !o.all_right)
  const flagged = outcomes.filter((o) => o.flagged)
  return {
    all_right: ratio(outcomes.length - wrong.length, outcomes.length) ?? 0,
    flagged_share: ratio(flagged.length, outcomes.length) ?? 0,
    flag_precision: ratio(flagged.filter((o) => !o.all_right).length, flagged.length),
    flag_recall: ratio(wrong.filter((o) => o.flagged).length, wrong.length),
  }
}

export function metricsOf(labelled: readonly LabelledCase[], results: readonly ScoredResult[]): Metrics {
  const outcomes = caseOutcomes(labelled, results)
  const reliability = reliabilityOf(outcomes)
  return {
    cases: labelled.length,
    fields: scoreResults(labelled, results).fields,
    ...queueFigures(outcomes),
    reliability,
    ece: eceOf(reliability),
    auc: aucOf(outcomes),
    ranked: rankedQueue(outcomes),
  }
}
