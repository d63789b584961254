import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import {
  calibrationData,
  chooseThreshold,
  confidenceOf,
  crossFittedConfidence,
  fitCalibration,
  fitModels,
  type FitCase,
} from '../../src/eval/calibration-fit'
import { aucOf } from '../../src/eval/metrics'
import { DEFAULT_LLM_THRESHOLD } from '../../src/llm/config'
import { classifyInProcess } from '../../src/pipeline/in-process'
import {
  CALIBRATION,
  loweredBy,
  recordConfidence,
  secondOpinionOf,
  stageProbability,
  unfamiliarityOf,
  type CalibrationTable,
} from '../../src/rules/calibration'
import { parseUnits } from '../../src/normalize/units'
import { decideFamily, decideType } from '../../src/rules/decide'
import { familyFeatures, perStage, typeFeatures } from '../../src/rules/calibration-features'
import { fitLogistic, predict } from '../../src/rules/logistic'

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))

const model = (bias: number, weights: Record<string, number> = {}) => ({ bias, weights })
const TABLE: CalibrationTable = {
  fitted_on: 'calibration+test_fit',
  cases: 10,
  folds: 5,
  ridge: 1,
  stages: { ...perStage(() => model(2)), orientation: model(3) },
  record: model(1, {
    'log of the stage probabilities’ product': 1,
    'a §5 repair': -1,
    'a title unlike those the rules were tuned on': -2,
  }),
  threshold: 0.5,
  tuned: [
    ['Consumer Price Index', 'Index 2015=100', 'composite-derived index neutral point-in-time'],
    ['Unemployment Rate', '%', 'numeric-measurement percentage lower-is-positive not-applicable'],
  ],
  labelled: [],
}
TABLE.stages.type = model(2, { 'units from name': -1.5, 'type row tier 0.9': 1 })

test('the second opinion reads the fitting cases’ labels beside the tuned ones', () => {
  const answer = {
    family: 'numeric-measurement',
    indicator_type: 'percentage',
    heat_map_orientation: 'lower-is-positive',
    temporal_aggregation: 'not-applicable',
  }
  const youth = 'Youth Unemployment Rate, Males'
  assert.equal(secondOpinionOf(youth, '%', answer, TABLE).dissent.heat_map_orientation, 0)
  const labelled: CalibrationTable = {
    ...TABLE,
    labelled: [['Youth Unemployment Rate', '%', 'numeric-measurement percentage higher-is-positive not-applicable']],
  }
  const opinion = secondOpinionOf(youth, '%', answer, labelled)
  assert.ok(opinion.dissent.heat_map_orientation! > 0.5, JSON.stringify(opinion))
  assert.deepEqual(opinion.nearest.heat_map_orientation?.against, true, 'the labelled near twin is the nearest voter')
})

test('a logistic fit separates what its features separate, and a feature it never saw weighs nothing', () => {
  const cases = [
    ...Array.from({ length: 20 }, () => ({ x: { good: 1 }, y: true })),
    ...Array.from({ length: 20 }, (_, k) => ({ x: { bad: 1 }, y: k < 5 })),
  ]
  const fitted = fitLogistic(cases, 1)
  assert.ok(predict(fitted, { good: 1 }) > 0.85)
  assert.ok(Math.abs(predict(fitted, { bad: 1 }) - 0.25) < 0.1)
  assert.equal(predict(fitted, { unseen: 1 }), predict(fitted, {}))
  assert.deepEqual(fitLogistic(cases, 1), fitted, 'deterministic')
})

test('a stage that was never wrong in the fit is not certain (Laplace)', () => {
  const fitted = fitLogistic(
    Array.from({ length: 50 }, () => ({ x: { a: 1 }, y: true })),
    1,
  )
  const p = predict(fitted, { a: 1 })
  assert.ok(p > 0.95 && p < 1, String(p))
})

test('a stage probability names the evidence that lowered it', () => {
  const features = { 'units from name': 1, 'type row tier 0.9': 1 }
  const { probability, lowered_by } = stageProbability('type', features, TABLE)
  assert.equal(probability, predict(TABLE.stages.type, features) * predict(TABLE.stages.orientation, features))
  assert.equal(lowered_by, 'units from name')
  assert.equal(loweredBy('type', features, TABLE), 'units from name')
  assert.equal(stageProbability('type', { 'type row tier 0.9': 1 }, TABLE).lowered_by, null)
  assert.equal(loweredBy('type', { 'type row tier 0.9': 1, novel: 1 }, TABLE), 'novel (never seen in calibration)')
})

test('a record is P(all right) from its stages’ product; a §5 repair lowers it and is named', () => {
  const sure = perStage(() => ({ probability: 0.99, lowered_by: null }))
  const unsure = { ...sure, type: { probability: 0.5, lowered_by: 'units from name' } }
  const plain = { repaired: false, conflicted: false, unfamiliarity: 0, dissent: {} }
  const a = recordConfidence(sure, plain, TABLE)
  const b = recordConfidence(unsure, plain, TABLE)
  assert.ok(b.confidence < a.confidence)
  assert.deepEqual(b.weakest, { stage: 'type', probability: 0.5, lowered_by: 'units from name' })
  const repaired = recordConfidence(sure, { ...plain, repaired: true }, TABLE)
  assert.ok(repaired.confidence < a.confidence)
  assert.equal(repaired.weakest.lowered_by, 'a §5 repair')
  // A title unlike those the rules were tuned on lowers the confidence, but the stage evidence stays the one named.
  const unfamiliar = recordConfidence(unsure, { ...plain, unfamiliarity: 1 }, TABLE)
  assert.ok(unfamiliar.confidence < b.confidence)
  assert.equal(unfamiliar.weakest.lowered_by, 'units from name')
})

test('unfamiliarity: 0 for a tuned title, more the fewer words it shares with the nearest one, 1 for none', () => {
  assert.equal(unfamiliarityOf('Unemployment Rate', TABLE), 0)
  assert.equal(unfamiliarityOf('unemployment rate, youth', TABLE), 0.33, 'two of three words shared')
  assert.equal(unfamiliarityOf('Zorblat frobnication', TABLE), 1)
  assert.equal(unfamiliarityOf('GDP', TABLE), 1, 'no word of four letters to compare')
})

test('cross-fitting scores each case with models that never saw it', () => {
  // A feature only fold 0 has, on cases that are all wrong: in sample it condemns them; held out it is unseen.
  const marked = (k: number) => k % 5 === 0 && k < 30
  const cases: FitCase[] = Array.from({ length: 60 }, (_, k) => ({
    id: `c${k}`,
    fold: k % 5,
    evidence: perStage(() => ({ [marked(k) ? 'only in fold 0' : 'common']: 1 })),
    right: perStage(() => !marked(k) && k % 7 !== 0),
    all_right: !marked(k) && k % 7 !== 0,
    repaired: false,
    conflicted: false,
    unfamiliarity: 0.5,
    dissent: {},
  }))
  const wrong = cases.find((c) => marked(Number(c.id.slice(1))))!
  const crossFitted = crossFittedConfidence(cases)[cases.indexOf(wrong)]!
  assert.ok(
    crossFitted > confidenceOf(fitModels(cases), wrong) + 0.1,
    'held out, its feature is unseen: the fit cannot have learnt that these very cases are wrong',
  )
})

test('the threshold has the highest recall whose flagged share, over its sample, stays within the cap', () => {
  const cases: FitCase[] = Array.from({ length: 20 }, (_, k) => ({
    id: `c${k}`,
    fold: k % 5,
    evidence: perStage(() => ({})),
    right: {},
    all_right: k >= 5,
    repaired: false,
    conflicted: false,
    unfamiliarity: 0,
    dissent: {},
  }))
  // Five wrong cases of twenty: flagging them all is a queue of 25 %, past the cap; the best stops at four of them.
  const confidence = cases.map((c, k) => (c.all_right ? 0.9 : k / 10))
  const chosen = chooseThreshold(cases, confidence)
  assert.deepEqual([chosen.threshold, chosen.flagged_share, chosen.flag_recall, chosen.met], [0.31, 0.2, 0.8, true])
  // Sized on a sample of easier cases (one wrong of ten), the queue may take every wrong case.
  const sample = cases.map((_, k) => k === 0 || k >= 11)
  const onSample = chooseThreshold(cases, confidence, sample)
  assert.deepEqual(
    [onSample.threshold, onSample.flagged_share, onSample.all_flagged_share, onSample.flag_recall],
    [0.41, 0.1, 0.25, 1],
  )
  // The models that ship doubt two right cases of the sample (0.25, 0.28): past 0.28 their own queue there is three
  // of ten, so the threshold stops below it, with the recall it has there (three wrong cases of five).
  const shipped = confidence.map((p, k) => (k === 11 ? 0.25 : k === 12 ? 0.28 : p))
  const capped = chooseThreshold(cases, confidence, sample, shipped)
  assert.deepEqual([capped.threshold, capped.flag_recall, capped.shipped_flagged_share], [0.21, 0.6, 0.1])
})

test('AUC: the chance a right record outranks a wrong one', () => {
  const outcome = (confidence: number, all_right: boolean) => ({ id: '', flagged: false, confidence, all_right })
  assert.equal(aucOf([outcome(0.9, true), outcome(0.8, true), outcome(0.2, false)]), 1)
  assert.equal(aucOf([outcome(0.5, true), outcome(0.5, false)]), 0.5)
  assert.equal(aucOf([outcome(0.5, true), outcome(0.9, false), outcome(0.1, false)]), 0.5)
  assert.equal(aucOf([outcome(0.5, true)]), null)
})

test('the default threshold is the one the committed table chose', () => {
  assert.equal(CALIBRATION.fitted_on, 'calibration+test_fit')
  assert.equal(
    DEFAULT_LLM_THRESHOLD,
    CALIBRATION.threshold,
    'run npm run calibrate and copy its threshold into src/settings/schema.ts',
  )
})

test('the committed table is the fit of the current rules on the fitting splits (else it is stale)', async () => {
  const data = await calibrationData(FIXTURES)
  assert.ok(data.fitting.length > 0, 'tests/fixtures holds calibration and test_fit cases')
  assert.ok(data.tuned.length > 0, 'dev cases are what unfamiliarity and the second opinion are measured against')
  const { table } = await fitCalibration(data)
  assert.deepEqual(
    CALIBRATION,
    table,
    'src/rules/calibration-table.ts is stale (rules or calibration fixtures changed): run npm run calibrate, then copy its threshold into src/settings/schema.ts',
  )
})

test('evidence features: a second reading by later rows, a unit in the title against the units field, a fully read name', () => {
  const featuresOf = (name: string, units: string) => {
    const input = {
      name,
      units: parseUnits(units),
      reporting_frequency: 'monthly',
      is_cumulative: false,
      cumulative_pattern: 'none',
    } as const
    const family = decideFamily(input)
    return { ...familyFeatures(input, family), ...typeFeatures(input, family.value, decideType(input, family.value)) }
  }
  const labour = featuresOf('Unemployment Rate', '%')
  assert.equal(labour['later rows agree on the family'], 1)
  assert.equal(labour['every word of the name recognised'], 1)
  assert.equal(labour['family row states 2 conditions'], 1)
  const urban = featuresOf('Urban population (% of total population)', '%')
  assert.equal(urban['name repeats the units'], 1)
  assert.equal(urban['a later row reads another type'], 1, 'pct-of-people decides, pct-of-own-kind would say share')
  assert.equal(featuresOf('Urban population (% of total population)', 'Number')['name and units disagree'], 1)
  assert.equal(featuresOf('Zorblat', '%')['every word of the name recognised'], undefined)
})

test('a family from a fallback is less likely right than one from a strong units row', () => {
  const units = (raw: string, parsed_unit_type: string) =>
    ({ raw, parsed_unit_type, evidence: [], conflicts: [] }) as never
  const fallback = familyFeatures({ name: 'Zorblat', units: units('', 'unknown') } as never, {
    value: 'physical-fundamental',
    rule: 'fallback',
  })
  const strong = familyFeatures({ name: 'Consumer Price Index', units: units('points', 'index') } as never, {
    value: 'composite-derived',
    rule: 'index-level',
  })
  assert.ok(stageProbability('family', fallback).probability < stageProbability('family', strong).probability)
})

test('a record flagged for low confidence says which stage and evidence lowered it; a sure one passes', async () => {
  const [unsure, sure] = await classifyInProcess([
    { indicator_id: 'u', name: 'Zorblat frobnication', units: 'furlongs per fortnight' },
    { indicator_id: 's', name: 'Consumer Price Index', units: 'Index (2015=100)', periodicity: 'Monthly' },
  ])
  assert.equal(unsure!.status, 'completed')
  if (unsure!.status !== 'completed' || sure!.status !== 'completed') return
  assert.ok(unsure!.confidence < sure!.confidence)
  assert.equal(unsure!.review_status, 'flagged')
  assert.match(
    unsure!.reasoning,
    /flagged: confidence \d\.\d\d below [\d.]+ \(lowest: \w+ at \d\.\d\d, lowered by [^)]+\)/,
  )
  assert.notEqual(sure!.review_status, 'flagged')
})
