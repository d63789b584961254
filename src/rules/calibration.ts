// Confidence as a probability (issue 9 point 3), fitted on the calibration and test_fit splits: cases no rule was
// tuned on. Each calibrated stage's answer gets P(that stage's fields right) from logistic models of its evidence
// features (calibration-features.ts; the type stage's orientation has a model of its own, STAGE_MODELS); a record's
// confidence is P(every field right) from a second logistic model of the logs of its stages' product, of its
// least sure stage model and of each stage, the review's findings (a §5 repair, evidence in conflict), how unlike
// the titles the rules were tuned on its title is (familiarity.ts) and the second opinion of the nearest labelled
// cases (second-opinion.ts). The fitted numbers live in calibration-table.ts, written by `npm run calibrate`.
import { CALIBRATION as FITTED } from './calibration-table'
import { CALIBRATED_STAGES, type CalibratedStage } from './calibration-features'
import { unfamiliarity, unseenUnits } from './familiarity'
import { predict, type Features, type LogisticModel } from './logistic'
import { INDICATOR_TYPES } from '../taxonomy/type-facts'
import { OPINION_FIELDS, secondOpinion, type NearestVoter, type OpinionField, type TunedCase } from './second-opinion'

export interface CalibrationTable {
  /** The splits fitted on (src/eval/split.ts FITTING_SPLITS). */
  fitted_on: 'calibration+test_fit'
  cases: number
  folds: number
  /** The ridge penalty of every fit: how far a feature seen on few cases is trusted. */
  ridge: number
  /** Per STAGE_MODELS model, P(its fields right) from its stage's evidence. */
  stages: Record<StageModel, LogisticModel>
  /** P(every field right) from RECORD_FEATURES. */
  record: LogisticModel
  /** The review threshold the fit chose on the fitting splits (flag when confidence is below it). */
  threshold: number
  /**
   * The labelled cases the rules were tuned on (dev's), for a record's unfamiliarity (familiarity.ts) and the second
   * opinion (second-opinion.ts).
   */
  tuned: TunedCase[]
  /**
   * The fitting cases (name, units, label), which the second opinion reads beside the tuned ones: a label says how a
   * series reads whether or not a rule was tuned on it, and the more labelled neighbours a record has, the more often
   * one of them is its near twin. Not read for unfamiliarity, which is about the rules' own cases.
   */
  labelled: TunedCase[]
}

/** The committed fit; tests pass their own tables. */
export const CALIBRATION = FITTED as CalibrationTable

/**
 * The models a stage's probability is the product of, each fitted on the stage's evidence for its own fields
 * (calibration-fit.ts STAGE_FIELDS). The type stage's orientation is priced apart: it is wrong for other reasons
 * than the type (a type's usual orientation, a name read for its subject, not its sign), and one model of all four
 * fields weighs the evidence for the commoner error only.
 */
export const STAGE_MODELS = {
  family: ['family'],
  type: ['type', 'orientation'],
  time: ['time'],
  currency: ['currency'],
} as const satisfies Record<CalibratedStage, readonly string[]>
export type StageModel = (typeof STAGE_MODELS)[CalibratedStage][number]

/** Each STAGE_MODELS model's stage. */
export const MODEL_STAGE = Object.fromEntries(
  CALIBRATED_STAGES.flatMap((stage) => STAGE_MODELS[stage].map((m) => [m, stage])),
) as Record<StageModel, CalibratedStage>

/** A probability and the evidence feature that lowered it most (null when none lowered it). */
export interface Probability {
  probability: number
  lowered_by: string | null
  /** The least sure of the stage's models when it has several (STAGE_MODELS); else the probability is. */
  least?: number
}

/** The feature of `x` (among `among`, when given) with the most negative weight: what a reviewer should look at first. */
function lowestFeature(model: LogisticModel, x: Features, among?: ReadonlySet<string>): string | null {
  let lowest: string | null = null
  let lowestEffect = 0
  for (const name in x) {
    if (among && !among.has(name)) continue
    const effect = (model.weights[name] ?? 0) * x[name]!
    if (effect < lowestEffect) [lowest, lowestEffect] = [name, effect]
  }
  return lowest
}

/**
 * The stored evidence (a stage result's `evidence`) that lowered a stage's probability most; failing that, evidence
 * the calibration never saw (the stage may then keep the rules' own doubt).
 */
export function loweredBy(
  stage: CalibratedStage,
  evidence: Features,
  table: CalibrationTable = CALIBRATION,
  reading: Probability = stageProbability(stage, evidence, table),
) {
  const unseen = Object.keys(evidence).find((f) => !(f in table.stages[stage].weights))
  return reading.lowered_by ?? (unseen === undefined ? null : `${unseen} (never seen in calibration)`)
}

/** Whether the fit saw every feature of `features`: when not, part of the evidence has nothing to calibrate from. */
export const seenInFit = (stage: CalibratedStage, features: Features, table: CalibrationTable = CALIBRATION) =>
  Object.keys(features).every((f) => f in table.stages[stage].weights)

export function stageProbability(
  stage: CalibratedStage,
  features: Features,
  table: CalibrationTable = CALIBRATION,
): Probability {
  // Named by the least sure of the stage's models: the fields a reviewer should check first.
  const models = STAGE_MODELS[stage]
    .map((m) => ({ model: table.stages[m], p: predict(table.stages[m], features) }))
    .sort((a, b) => a.p - b.p)
  return {
    probability: models.reduce((p, m) => p * m.p, 1),
    lowered_by: models.map((m) => lowestFeature(m.model, features)).find((f) => f !== null) ?? null,
    ...(models.length > 1 ? { least: models[0]!.p } : {}),
  }
}

/** The record model's features: named once, read by the fit and by the review. */
export const RECORD_FEATURES = {
  log_product: 'log of the stage probabilities’ product',
  log_least: 'log of the least sure stage model’s probability',
  repaired: 'a §5 repair',
  conflicted: 'evidence in conflict',
  unfamiliar: 'a title unlike those the rules were tuned on',
  unseen_units: 'units no tuned case was written in',
} as const

/**
 * The record model's second-opinion features, one per field: the square of the share of the nearest labelled cases
 * reading another answer. Squared, a near-unanimous vote against weighs far more than a split one, which is often
 * only neighbours of another kind sharing a word.
 */
export const DISSENT_FEATURES = Object.fromEntries(
  OPINION_FIELDS.map((field) => [field, `the nearest labelled cases read another ${field}`]),
) as Record<OpinionField, string>

/**
 * The second opinion weighted by how near its voters are, per field: the likeness of the nearest labelled case when it
 * reads another answer, and the squared dissent times the nearest voter's likeness. A share alone prices a vote of
 * cases sharing one word like a vote of the record's near twins.
 */
export const NEAR_DISSENT_FEATURES = Object.fromEntries(
  OPINION_FIELDS.map((field) => [field, `the nearest labelled case alone reads another ${field}`]),
) as Record<OpinionField, string>
export const CLOSE_DISSENT_FEATURES = Object.fromEntries(
  OPINION_FIELDS.map((field) => [field, `close labelled cases read another ${field}`]),
) as Record<OpinionField, string>

/**
 * The orientation dissent again, per type: how much the vote of a type's neighbours says differs by type (rates of
 * many subjects share their words, so their vote says little; a ratio's or a duration's neighbours are more often
 * the same subject), and one weight for all types prices the commonest type's vote only.
 */
const orientationDissentOf = (type: string) => `labelled cases of a ${type} read another heat_map_orientation`

/** Each stage's log probability apart: a doubt costs the record more in some stages than in others. */
const stageLogFeature = (stage: CalibratedStage) => `log of the ${stage} stage’s probability`

/** The record features a review can name: a §5 repair or a conflict, and apart, the dissent on one field. */
const REVIEW_FINDINGS: ReadonlySet<string> = new Set([RECORD_FEATURES.repaired, RECORD_FEATURES.conflicted])
/** Every second-opinion feature and the field it disputes, the per-type orientation ones included. */
const DISPUTED_FIELD: ReadonlyMap<string, OpinionField> = new Map([
  ...[DISSENT_FEATURES, NEAR_DISSENT_FEATURES, CLOSE_DISSENT_FEATURES].flatMap((names) =>
    OPINION_FIELDS.map((field) => [names[field], field] as const),
  ),
  ...INDICATOR_TYPES.map((type) => [orientationDissentOf(type), 'heat_map_orientation'] as const),
])
const DISPUTING: ReadonlySet<string> = new Set(DISPUTED_FIELD.keys())

export interface ReviewFindings {
  repaired: boolean
  conflicted: boolean
  /** familiarity.ts: 0 for a title the rules were tuned on, 1 for one sharing no word with any. */
  unfamiliarity: number
  /** familiarity.ts: units no tuned case was written in (absent in older callers). */
  unseen_units?: boolean
  /**
   * second-opinion.ts: per field the rules answered, the share of the nearest labelled cases reading another answer.
   */
  dissent: Partial<Record<OpinionField, number>>
  /** second-opinion.ts: per field the rules answered, the nearest voting labelled case (none in older callers). */
  nearest?: Partial<Record<OpinionField, NearestVoter>>
  /** The type the rules answered, when they did: the orientation dissent is priced per type. */
  indicator_type?: string
}

/** A record's title against the tuned titles of `table`. */
export const unfamiliarityOf = (title: string, table: CalibrationTable = CALIBRATION) =>
  unfamiliarity(title, table.tuned)

/** Whether `units` is a form no tuned case of `table` was written in. */
export const unseenUnitsOf = (units: string, table: CalibrationTable = CALIBRATION) => unseenUnits(units, table.tuned)

/** Each table's voters, joined once: the second opinion indexes them by the array it is handed. */
const votersOf = new WeakMap<CalibrationTable, readonly TunedCase[]>()
const opinionCases = (table: CalibrationTable) =>
  votersOf.get(table) ?? votersOf.set(table, [...table.tuned, ...table.labelled]).get(table)!

/**
 * The second opinion of `table`'s labelled cases (tuned and fitting) on the fields of `answer`: each field's dissent
 * and nearest voter.
 */
export const secondOpinionOf = (
  name: string,
  units: string,
  answer: Partial<Record<OpinionField, string>>,
  table: CalibrationTable = CALIBRATION,
) => secondOpinion(name, units, answer, opinionCases(table))

const EPSILON = 1e-4
const clamp = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p))

export function recordFeatures(
  stages: Record<CalibratedStage, Pick<Probability, 'probability' | 'least'>>,
  review: ReviewFindings,
): Features {
  const log = (p: number) => Math.log(clamp(p))
  return {
    [RECORD_FEATURES.log_product]: CALIBRATED_STAGES.reduce((s, stage) => s + log(stages[stage].probability), 0),
    // The product prices one doubtful field among sure ones like several mildly doubtful ones; the least sure model
    // apart lets one clear doubt weigh more.
    [RECORD_FEATURES.log_least]: Math.min(
      ...CALIBRATED_STAGES.map((s) => log(stages[s].least ?? stages[s].probability)),
    ),
    ...(review.repaired ? { [RECORD_FEATURES.repaired]: 1 } : {}),
    ...(review.conflicted ? { [RECORD_FEATURES.conflicted]: 1 } : {}),
    [RECORD_FEATURES.unfamiliar]: review.unfamiliarity,
    ...(review.unseen_units ? { [RECORD_FEATURES.unseen_units]: 1 } : {}),
    ...Object.fromEntries(CALIBRATED_STAGES.map((s) => [stageLogFeature(s), log(stages[s].probability)])),
    ...dissentFeatures(review),
  }
}

/** The second opinion's features: per field, the squared dissent, and weighted by how near the voters are. */
function dissentFeatures({ dissent, nearest = {}, indicator_type }: ReviewFindings): Features {
  const out: Record<string, number> = {}
  for (const [f, share] of Object.entries(dissent)) {
    const field = f as OpinionField
    const voter = nearest[field]
    if (voter?.against) out[NEAR_DISSENT_FEATURES[field]] = voter.likeness
    if (share === 0) continue
    out[DISSENT_FEATURES[field]] = share * share
    if (voter) out[CLOSE_DISSENT_FEATURES[field]] = share * share * voter.likeness
    if (field === 'heat_map_orientation' && indicator_type) out[orientationDissentOf(indicator_type)] = share * share
  }
  return out
}

export interface RecordConfidence {
  /** P(every field right). */
  confidence: number
  /** The stage with the lowest probability, and the feature that lowered it: what lowered the confidence most. */
  weakest: { stage: CalibratedStage } & Probability
  /** The field whose second opinion lowered the confidence most: what a reviewer should check beside the stage. */
  disputed: OpinionField | null
}

/** A record's P(all right) from its stages' probabilities (calibrated, or an LLM's own) and the review's findings. */
export function recordConfidence(
  stages: Record<CalibratedStage, Probability>,
  review: ReviewFindings,
  table: CalibrationTable = CALIBRATION,
): RecordConfidence {
  const weakestStage = CALIBRATED_STAGES.reduce((a, b) => (stages[b].probability < stages[a].probability ? b : a))
  const x = recordFeatures(stages, review)
  // Named: a §5 repair or a conflict, else the weakest stage's evidence; and apart, the field the nearest labelled
  // cases read otherwise, which need not be the weakest stage's. Some unfamiliarity lowers nearly every record, so naming
  // it would hide what a reviewer can check.
  const byReview = lowestFeature(table.record, x, REVIEW_FINDINGS)
  const byDissent = lowestFeature(table.record, x, DISPUTING)
  const { probability, lowered_by } = stages[weakestStage]
  return {
    confidence: predict(table.record, x),
    weakest: { stage: weakestStage, probability, lowered_by: byReview ?? lowered_by },
    disputed: byDissent === null ? null : (DISPUTED_FIELD.get(byDissent) ?? null),
  }
}
