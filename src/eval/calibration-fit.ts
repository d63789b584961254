// The fit behind `npm run calibrate` (issue 9 point 3): stage and record models fitted on the fitting splits
// (calibration and test_fit: cases no rule was tuned on, half of them from the pool the test split is drawn from),
// and the review threshold chosen on them. Every figure reported for them is cross-fitted (each fold scored by models
// fitted without it, the record model itself fitted on cross-fitted stage probabilities), so it is what an unseen
// catalogue should see, not an in-sample fit. Deterministic: folds are hashes of the ids.
//
// Nothing is fitted on dev: the rules were tuned on it, so their outcomes there say nothing of new cases. Dev's cases
// are read as the tuned cases: a record's unfamiliarity is measured against their titles (src/rules/familiarity.ts).
// The second opinion (src/rules/second-opinion.ts) reads every label but test's: dev's and the fitting cases'; a
// fitting case's opinion is read from dev and the fitting cases of the other folds, so that neither its own label nor
// any other label of its fold votes on it.
import { createHash } from 'node:crypto'
import { stageOutcomesInProcess } from '../pipeline/in-process'
import { finalRow } from '../pipeline/final-row'
import type { Calibrated } from '../pipeline/types'
import {
  perStage,
  recordConfidence,
  stageProbability,
  type CalibratedStage,
  type CalibrationTable,
  type Probability,
} from '../rules/index'
import { MODEL_STAGE, recordFeatures, type ReviewFindings, type StageModel } from '../rules/calibration'
import { unfamiliarity, unseenUnits } from '../rules/familiarity'
import { fitLogistic, type Features, type LogisticModel } from '../rules/logistic'
import { secondOpinion, tunedAnswer, type TunedCase } from '../rules/second-opinion'
import type { LabelledCase, ScoredField } from './labelled'
import { isCalibrationCase, loadLabelled, loadSplitOf } from './load'
import {
  aucOf,
  eceOf,
  MAX_FLAGGED_SHARE,
  MIN_FLAG_RECALL,
  queueFigures,
  reliabilityOf,
  type CaseOutcome,
} from './metrics'
import { FITTING_SPLITS, type Split } from './split'

export const FOLDS = 5
/** Ridge penalty: a feature seen on a handful of cases moves the probability little. */
export const RIDGE = 1

/** The labelled fields each stage model (STAGE_MODELS) answers for. */
export const STAGE_FIELDS: Record<StageModel, readonly ScoredField[]> = {
  family: ['family'],
  type: ['indicator_type', 'temporal_aggregation', 'is_currency_denominated'],
  orientation: ['heat_map_orientation'],
  time: ['reporting_frequency', 'is_cumulative', 'cumulative_pattern'],
  currency: ['detected_currency'],
}

const STAGE_MODEL_NAMES = Object.keys(STAGE_FIELDS) as StageModel[]

/** One fitting case as the fit sees it. */
export interface FitCase extends ReviewFindings {
  id: string
  /** Each stage's evidence features. */
  evidence: Record<CalibratedStage, Features>
  fold: number
  /** Per stage model, undefined where the label says nothing about its fields. */
  right: Partial<Record<StageModel, boolean>>
  all_right: boolean
}

const foldOf = (id: string) => createHash('sha256').update(`calibration-fold\0${id}`).digest().readUInt32BE(0) % FOLDS

/** Right when every labelled one of `fields` matches; undefined when none is labelled. */
function rightOn(c: LabelledCase, result: Record<string, unknown>, fields: readonly string[]): boolean | undefined {
  const expected = c.expected as Record<string, unknown>
  const labelled = fields.filter((f) => expected[f] !== undefined)
  if (labelled.length === 0) return undefined
  return labelled.every((f) => result[f] === expected[f])
}

/** A labelled case as the calibration table stores it for the second opinion. */
const storedCase = (c: LabelledCase): TunedCase => [c.indicator.name, c.indicator.units ?? '', tunedAnswer(c.expected)]

/** Stored cases in a stable order, so that a refit of the same cases writes the same table. */
const sorted = (cases: TunedCase[]) => cases.sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1))

/**
 * Classifies the cases with the rules, in process, and reads what the fit needs off every stage; `tuned` are the
 * cases the rules were tuned on, against which each case's unfamiliarity is measured; they and the fitting cases of
 * the other folds give its second opinion.
 */
export async function fitCases(cases: readonly LabelledCase[], tuned: readonly TunedCase[]): Promise<FitCase[]> {
  const indicators = cases.map((c) => c.indicator)
  const outcomes = await stageOutcomesInProcess(indicators)
  const folds = cases.map((c) => foldOf(c.indicator.indicator_id))
  const voters = Array.from({ length: FOLDS }, (_, k) => [
    ...tuned,
    ...sorted(cases.filter((_, i) => folds[i] !== k).map(storedCase)),
  ])
  return cases.map((c, i) => {
    const indicator = c.indicator
    const o = outcomes.get(indicator.indicator_id)!
    const row = finalRow(indicator, o.review)
    if (row.status !== 'completed') throw new Error(`${indicator.indicator_id}: ${row.error}`)
    const fields = row as unknown as Record<string, unknown>
    return {
      id: indicator.indicator_id,
      evidence: perStage((stage) => (o[stage] as { result: Calibrated }).result.evidence),
      repaired: row.corrections.length > 0,
      conflicted: row.conflicts.length > 0,
      unfamiliarity: unfamiliarity(indicator.name, tuned),
      unseen_units: unseenUnits(indicator.units ?? '', tuned),
      ...secondOpinion(indicator.name, indicator.units ?? '', fields as Record<string, string>, voters[folds[i]!]!),
      indicator_type: row.indicator_type,
      fold: folds[i]!,
      right: Object.fromEntries(STAGE_MODEL_NAMES.map((m) => [m, rightOn(c, fields, STAGE_FIELDS[m])])),
      all_right: rightOn(c, fields, Object.keys(c.expected)) ?? true,
    }
  })
}

type Models = Pick<CalibrationTable, 'stages' | 'record'>

function fitStages(cases: readonly FitCase[]): CalibrationTable['stages'] {
  const fit = (m: StageModel): LogisticModel =>
    fitLogistic(
      cases.filter((c) => c.right[m] !== undefined).map((c) => ({ x: c.evidence[MODEL_STAGE[m]], y: c.right[m]! })),
      RIDGE,
    )
  return Object.fromEntries(STAGE_MODEL_NAMES.map((m) => [m, fit(m)])) as CalibrationTable['stages']
}

const stagesOf = (stages: CalibrationTable['stages'], c: FitCase): Record<CalibratedStage, Probability> =>
  perStage((s) => stageProbability(s, c.evidence[s], { stages } as CalibrationTable))

/**
 * Stage models on all `cases`; the record model on stage probabilities cross-fitted within `cases` (each fold's by
 * stage models fitted without it), because in-sample stage probabilities are more confident than unseen ones.
 */
export function fitModels(cases: readonly FitCase[]): Models {
  const folds = [...new Set(cases.map((c) => c.fold))]
  const heldOut = new Map(folds.map((k) => [k, fitStages(cases.filter((c) => c.fold !== k))]))
  const record = fitLogistic(
    cases.map((c) => {
      const p = stagesOf(heldOut.get(c.fold)!, c)
      return {
        x: recordFeatures(p, c),
        y: c.all_right,
      }
    }),
    RIDGE,
  )
  return { stages: fitStages(cases), record }
}

export const confidenceOf = (models: Models, c: FitCase) =>
  recordConfidence(stagesOf(models.stages, c), c, models as CalibrationTable).confidence

/** Each case's confidence from models fitted on the other folds only: honest figures for the calibration split. */
export const crossFittedConfidence = (cases: readonly FitCase[]): number[] => {
  const models = new Map(
    Array.from({ length: FOLDS }, (_, k) => [k, fitModels(cases.filter((c) => c.fold !== k))] as const),
  )
  return cases.map((c) => confidenceOf(models.get(c.fold)!, c))
}

export const outcomesAt = (
  cases: readonly FitCase[],
  confidence: readonly number[],
  threshold: number,
): CaseOutcome[] =>
  cases.map((c, k) => ({
    id: c.id,
    all_right: c.all_right,
    confidence: confidence[k]!,
    flagged: c.conflicted || confidence[k]! < threshold,
  }))

/**
 * The threshold meeting both queue targets with the highest recall; when none meets both, the one with the
 * highest recall whose queue stays within the share cap (a short queue is the point of the issue). Recall is every
 * fitting case's; the flagged share is `queueSample`'s (the cases marked true; all when none is), both cross-fitted.
 * `shipped`, when given, is the confidence of the models that ship (fitted on every case): their own queue over the
 * sample must stay within the cap too, as it is their queue a user gets.
 */
export function chooseThreshold(
  cases: readonly FitCase[],
  confidence: readonly number[],
  queueSample: readonly boolean[] = [],
  shipped?: readonly number[],
) {
  const inSample = queueSample.some(Boolean) ? (k: number) => queueSample[k] === true : () => true
  const sampleShare = (outcomes: CaseOutcome[]) => queueFigures(outcomes.filter((_, k) => inSample(k))).flagged_share
  const candidates = Array.from({ length: 101 }, (_, k) => k / 100).map((threshold) => {
    const outcomes = outcomesAt(cases, confidence, threshold)
    const figures = queueFigures(outcomes)
    return {
      threshold,
      ...figures,
      all_flagged_share: figures.flagged_share,
      flagged_share: sampleShare(outcomes),
      shipped_flagged_share: shipped ? sampleShare(outcomesAt(cases, shipped, threshold)) : null,
    }
  })
  const withinShare = candidates.filter(
    (c) => c.flagged_share <= MAX_FLAGGED_SHARE && (c.shipped_flagged_share ?? 0) <= MAX_FLAGGED_SHARE,
  )
  const best = (list: typeof candidates) => list.reduce((a, b) => ((b.flag_recall ?? 0) > (a.flag_recall ?? 0) ? b : a))
  const both = withinShare.filter((c) => (c.flag_recall ?? 0) >= MIN_FLAG_RECALL)
  if (both.length > 0) return { ...best(both), met: true }
  return { ...best(withinShare.length > 0 ? withinShare : candidates.slice(0, 1)), met: false }
}

export interface CalibrationFit {
  table: CalibrationTable
  /** Cross-fitted figures on the fitting cases at the chosen threshold, and each case's outcome. */
  honest: ReturnType<typeof chooseThreshold> & {
    ece: number
    auc: number | null
    all_right: number
    outcomes: CaseOutcome[]
  }
}

/**
 * The split whose share of flagged cases the threshold caps: the fitting cases drawn from the pool of the test split.
 * The calibration cases are harder (written to be new to the rules), so a queue sized on them is a queue for a
 * harder catalogue than the one the default serves.
 */
export const QUEUE_SPLIT: Split = 'test_fit'

/** The table `npm run calibrate` writes, and the honest figures it reports. */
export async function fitCalibration({ fitting, splitOf, tuned }: CalibrationData): Promise<CalibrationFit> {
  const cases = await fitCases(fitting, tuned)
  const confidence = crossFittedConfidence(cases)
  const models = fitModels(cases)
  const chosen = chooseThreshold(
    cases,
    confidence,
    fitting.map((c) => splitOf(c) === QUEUE_SPLIT),
    cases.map((c) => confidenceOf(models, c)),
  )
  const table: CalibrationTable = {
    fitted_on: 'calibration+test_fit',
    cases: cases.length,
    folds: FOLDS,
    ridge: RIDGE,
    ...models,
    threshold: chosen.threshold,
    tuned: [...tuned],
    labelled: sorted(fitting.map(storedCase)),
  }
  const outcomes = outcomesAt(cases, confidence, chosen.threshold)
  const all_right = cases.filter((c) => c.all_right).length / Math.max(1, cases.length)
  return {
    table,
    honest: { ...chosen, ece: eceOf(reliabilityOf(outcomes)), auc: aucOf(outcomes), all_right, outcomes },
  }
}

export type CalibrationData = Awaited<ReturnType<typeof calibrationData>>

/**
 * What `npm run calibrate` fits on in a labelled folder: its fitting splits (the calibration cases and test_fit),
 * and its dev cases as tuned cases (name, units, answer), sorted. Without a split.json the calibration subfolder
 * alone is fitting data, and no case counts as tuned on.
 */
export async function calibrationData(folder: string) {
  const cases = await loadLabelled(folder)
  const splitOf = await loadSplitOf(folder)
  const splitOfCase = (c: LabelledCase) =>
    splitOf ? splitOf(c.indicator.indicator_id) : isCalibrationCase(c) ? 'calibration' : undefined
  return {
    fitting: cases.filter((c) => FITTING_SPLITS.some((s) => s === splitOfCase(c))),
    splitOf: (c: LabelledCase) => splitOfCase(c)!,
    tuned: sorted(cases.filter((c) => splitOfCase(c) === 'dev').map(storedCase)),
  }
}
