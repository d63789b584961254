// Confidence as a probability (issue 9 point 3). Every decision is made by a row (a rule id, or the evidence kind
// of the time and currency stages); its confidence is that row's accuracy on the dev split, Beta-smoothed towards
// its field's accuracy so that a rare row is not over-trusted. A record's confidence is the product of its
// fields' probabilities mapped by an isotonic fit (pool-adjacent-violators, on cross-fitted dev scores) to the
// probability that every field is right. The numbers live in calibration-table.ts, written by `npm run calibrate`.
import { CALIBRATION as FITTED } from './calibration-table'
import type { Decision } from './types'

/** The fields a row decides, each with its own table; time and currency are stages without rule tables. */
export const CALIBRATED_FIELDS = [
  'family',
  'indicator_type',
  'temporal_aggregation',
  'heat_map_orientation',
  'is_currency_denominated',
  'time',
  'currency',
] as const
export type CalibratedField = (typeof CALIBRATED_FIELDS)[number]

export interface FieldTable {
  /** The field's accuracy on dev: what a row never seen on dev is worth. */
  prior: number
  rows: Record<string, number>
}

export interface CalibrationTable {
  fitted_on: string
  cases: number
  /** Beta pseudo-count: a row's accuracy is (right + strength·prior) / (seen + strength). */
  strength: number
  folds: number
  fields: Record<CalibratedField, FieldTable>
  /** The isotonic map, as points (product of field probabilities → P(all right)) interpolated linearly. */
  map: { x: number[]; y: number[] }
  /** The review threshold the fit chose on dev (flag when confidence is below it). */
  threshold: number
}

/** The committed fit; tests pass their own tables. */
export const CALIBRATION: CalibrationTable = FITTED

/** Beta-smoothed accuracy: `right` of `seen`, pulled towards `prior` by `strength` pseudo-cases. */
export const smoothed = (right: number, seen: number, prior: number, strength: number) =>
  (right + strength * prior) / (seen + strength)

export const rowProbability = (table: CalibrationTable, field: CalibratedField, row: string) =>
  table.fields[field].rows[row] ?? table.fields[field].prior

/** A rules decision with its confidence replaced by its row's calibrated probability. */
export function calibrated<T>(
  field: CalibratedField,
  decision: Decision<T>,
  table: CalibrationTable = CALIBRATION,
): Decision<T> {
  return { ...decision, confidence: rowProbability(table, field, decision.rule) }
}

/** The time stage's row: where the frequency came from, and whether a cumulative pattern was read. */
export const timeRow = (time: { frequency_source: string; is_cumulative: boolean }) =>
  `${time.frequency_source}${time.is_cumulative ? '+cumulative' : ''}`
/** The currency stage's row: what kind of currency the units named (none when none). */
export const currencyRow = (kind: string | null) => kind ?? 'none'

export function isotonic(map: CalibrationTable['map'], score: number): number {
  const { x, y } = map
  if (x.length === 0) return score
  if (score <= x[0]!) return y[0]!
  for (let k = 1; k < x.length; k++) {
    if (score <= x[k]!) return y[k - 1]! + ((y[k]! - y[k - 1]!) * (score - x[k - 1]!)) / (x[k]! - x[k - 1]!)
  }
  return y[y.length - 1]!
}

export interface RecordConfidence {
  /** P(every field right). */
  confidence: number
  /** The field with the lowest probability: what lowered the confidence most. */
  weakest: { field: CalibratedField; probability: number }
}

/** A record's probability of being all right from its fields' probabilities (calibrated, or an LLM's own). */
export function recordConfidence(
  fields: Record<CalibratedField, number>,
  table: CalibrationTable = CALIBRATION,
): RecordConfidence {
  const entries = CALIBRATED_FIELDS.map((field) => ({ field, probability: fields[field] }))
  const product = entries.reduce((p, e) => p * e.probability, 1)
  const weakest = entries.reduce((a, b) => (b.probability < a.probability ? b : a))
  return { confidence: isotonic(table.map, product), weakest }
}

/**
 * Pool-adjacent-violators: the non-decreasing step fit of `right` on `score`, as one point per pooled block
 * (mean score, Beta-smoothed rate), so a block of few cases is not read as certainty.
 */
export function fitIsotonic(
  points: readonly { score: number; right: boolean }[],
  prior: number,
  strength: number,
): CalibrationTable['map'] {
  const sorted = [...points].sort((a, b) => a.score - b.score)
  const blocks: { sum: number; right: number; n: number }[] = []
  for (const p of sorted) {
    blocks.push({ sum: p.score, right: Number(p.right), n: 1 })
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!
      const before = blocks[blocks.length - 2]!
      if (before.right / before.n < last.right / last.n) break
      blocks.splice(-2, 2, { sum: before.sum + last.sum, right: before.right + last.right, n: before.n + last.n })
    }
  }
  const round = (v: number) => Math.round(v * 10000) / 10000
  // Smoothing pulls small blocks towards the prior, which can undo the order PAV made: keep the map non-decreasing.
  let floor = 0
  const y = blocks.map((b) => (floor = Math.max(floor, smoothed(b.right, b.n, prior, strength))))
  return { x: blocks.map((b) => round(b.sum / b.n)), y: y.map(round) }
}

/** What the review knows of an indicator's stages; an LLM answer carries its own confidence instead of a row. */
export interface StageEvidence {
  family: number
  type: Record<'indicator_type' | 'temporal_aggregation' | 'heat_map_orientation' | 'is_currency_denominated', number>
  time: { frequency_source: string; is_cumulative: boolean; confidence: number }
  currency_kind: string | null
}

/** The record's P(all right) from its stages, and the field that lowered it most. */
export function confidenceOfStages(e: StageEvidence, table: CalibrationTable = CALIBRATION): RecordConfidence {
  return recordConfidence(
    {
      family: e.family,
      ...e.type,
      time: e.time.frequency_source === 'llm' ? e.time.confidence : rowProbability(table, 'time', timeRow(e.time)),
      currency: rowProbability(table, 'currency', currencyRow(e.currency_kind)),
    },
    table,
  )
}
