import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_LLM_THRESHOLD } from '../../src/llm/config'
import { classifyInProcess } from '../../src/pipeline/in-process'
import {
  CALIBRATED_FIELDS,
  calibrated,
  confidenceOfStages,
  fitIsotonic,
  isotonic,
  recordConfidence,
  smoothed,
  CALIBRATION,
  type CalibrationTable,
} from '../../src/rules/calibration'

const fields = (prior: number, rows: Record<string, number> = {}) => ({ prior, rows })
const TABLE: CalibrationTable = {
  fitted_on: 'dev',
  cases: 10,
  strength: 10,
  folds: 5,
  fields: Object.fromEntries(CALIBRATED_FIELDS.map((f) => [f, fields(0.9)])) as CalibrationTable['fields'],
  map: { x: [0.2, 0.6], y: [0.1, 0.7] },
  threshold: 0.5,
}
TABLE.fields.family = fields(0.8, { 'name-rate': 0.95 })
TABLE.fields.time = fields(0.99, { periodicity: 0.97 })

test('a row is pulled towards its field prior by the strength: rare rows are not over-trusted', () => {
  assert.equal(smoothed(3, 3, 0.5, 2), 0.8)
  assert.equal(smoothed(0, 0, 0.6, 3), 0.6)
  assert.ok(smoothed(100, 100, 0.6, 3) > 0.98)
})

test('a decision takes its row probability; a row unseen on dev takes the field prior', () => {
  const decision = { value: 'x', confidence: 0.99, rule: 'name-rate', reason: 'r' }
  assert.equal(calibrated('family', decision, TABLE).confidence, 0.95)
  assert.equal(calibrated('family', { ...decision, rule: 'a-row-added-later' }, TABLE).confidence, 0.8)
  assert.equal(calibrated('family', decision, TABLE).reason, 'r')
})

test('the isotonic map interpolates between its points and holds its ends', () => {
  assert.equal(isotonic(TABLE.map, 0.1), 0.1)
  assert.equal(isotonic(TABLE.map, 0.4), 0.4)
  assert.equal(isotonic(TABLE.map, 0.9), 0.7)
  assert.equal(isotonic({ x: [], y: [] }, 0.33), 0.33)
})

test('pool-adjacent-violators pools an inversion and never decreases', () => {
  const points = [
    { score: 0.1, right: false },
    { score: 0.2, right: true },
    { score: 0.3, right: false },
    { score: 0.4, right: true },
    { score: 0.5, right: true },
  ]
  const map = fitIsotonic(points, 0.6, 0)
  assert.deepEqual(map, { x: [0.1, 0.25, 0.45], y: [0, 0.5, 1] })
  const smoothedMap = fitIsotonic(points, 0.6, 2)
  for (let k = 1; k < smoothedMap.y.length; k++) assert.ok(smoothedMap.y[k]! >= smoothedMap.y[k - 1]!)
  assert.ok(smoothedMap.y[0]! > 0 && smoothedMap.y.at(-1)! < 1, 'small blocks are not read as certainty')
})

test('a record is the product of its fields mapped to P(all right), and names its weakest field', () => {
  const probabilities = Object.fromEntries(CALIBRATED_FIELDS.map((f) => [f, 1])) as Record<
    (typeof CALIBRATED_FIELDS)[number],
    number
  >
  probabilities.heat_map_orientation = 0.6
  const { confidence, weakest } = recordConfidence(probabilities, TABLE)
  assert.equal(confidence, 0.7)
  assert.deepEqual(weakest, { field: 'heat_map_orientation', probability: 0.6 })

  const stages = {
    family: 0.9,
    type: { indicator_type: 0.9, temporal_aggregation: 0.9, heat_map_orientation: 0.9, is_currency_denominated: 0.9 },
    time: { frequency_source: 'periodicity', is_cumulative: false, confidence: 0.2 },
    currency_kind: null,
  }
  // The time stage's row decides its probability; an LLM's answer keeps its own.
  assert.equal(confidenceOfStages(stages, TABLE).weakest.probability, 0.9)
  assert.deepEqual(
    confidenceOfStages({ ...stages, time: { ...stages.time, frequency_source: 'llm' } }, TABLE).weakest,
    { field: 'time', probability: 0.2 },
  )
})

test('the committed table was fitted on dev, and the default threshold is the one it chose', () => {
  assert.equal(CALIBRATION.fitted_on, 'dev')
  assert.equal(
    DEFAULT_LLM_THRESHOLD,
    CALIBRATION.threshold,
    'run npm run calibrate and copy its threshold into src/settings/schema.ts',
  )
  for (const field of CALIBRATED_FIELDS) {
    for (const p of [CALIBRATION.fields[field].prior, ...Object.values(CALIBRATION.fields[field].rows)])
      assert.ok(p > 0 && p <= 1, `${field}: ${p}`)
  }
})

test('a record flagged for low confidence says which field lowered it; a sure one passes', async () => {
  const [unsure, sure] = await classifyInProcess([
    { indicator_id: 'u', name: 'Zorblat frobnication', units: 'furlongs per fortnight' },
    { indicator_id: 's', name: 'Consumer Price Index', units: 'Index (2015=100)', periodicity: 'Monthly' },
  ])
  assert.equal(unsure!.status, 'completed')
  if (unsure!.status !== 'completed' || sure!.status !== 'completed') return
  assert.ok(unsure!.confidence < sure!.confidence)
  assert.equal(unsure!.review_status, 'flagged')
  assert.match(unsure!.reasoning, /flagged: confidence \d\.\d\d below [\d.]+ \(lowest: \w+ at \d\.\d\d\)/)
  assert.notEqual(sure!.review_status, 'flagged')
})
