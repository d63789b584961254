import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  CLOSE_DISSENT_FEATURES,
  DISSENT_FEATURES,
  NEAR_DISSENT_FEATURES,
  recordConfidence,
  recordFeatures,
  type CalibrationTable,
} from '../../src/rules/calibration'
import { perStage } from '../../src/rules/calibration-features'
import { secondOpinion, type TunedCase } from '../../src/rules/second-opinion'

const dissent = (...args: Parameters<typeof secondOpinion>) => secondOpinion(...args).dissent
const nearestVoters = (...args: Parameters<typeof secondOpinion>) => secondOpinion(...args).nearest

const TUNED: TunedCase[] = [
  ['Unemployment Rate', '%', 'numeric-measurement percentage lower-is-positive not-applicable'],
  ['Youth Unemployment Rate', '%', 'numeric-measurement percentage lower-is-positive not-applicable'],
  ['Unemployed Persons', 'Thousand', 'numeric-measurement count lower-is-positive point-in-time'],
  ['Employment Rate', '%', 'numeric-measurement percentage higher-is-positive not-applicable'],
]
const RATE = {
  family: 'numeric-measurement',
  indicator_type: 'percentage',
  heat_map_orientation: 'lower-is-positive',
  temporal_aggregation: 'not-applicable',
}

test('the second opinion: no dissent where the nearest tuned cases answer alike, some where part of the vote differs', () => {
  const agreed = dissent('Long-term Unemployment Rate', '%', RATE, TUNED)
  assert.equal(agreed.family, 0)
  assert.equal(agreed.indicator_type, 0)
  const employment = dissent('Employment Rate, women', '%', RATE, TUNED)
  assert.ok(employment.heat_map_orientation! > 0.3, 'the nearest case, Employment Rate, is higher-is-positive')
  assert.ok(employment.heat_map_orientation! < 1, 'the unemployment rates vote with the answer')
})

test('the second opinion reads orientation and aggregation among cases of the answer’s type', () => {
  // As a count, the one count near (Unemployed Persons) is point-in-time: no dissent, though the rates near are not.
  const count = { ...RATE, indicator_type: 'count', temporal_aggregation: 'point-in-time' }
  const opinion = dissent('Persons in Unemployment', 'Thousand', count, TUNED)
  assert.equal(opinion.temporal_aggregation, 0)
  assert.equal(opinion.heat_map_orientation, 0)
  assert.ok(opinion.indicator_type! > 0.3, 'the unemployment rates near it are percentages')
})

test('the second opinion leaves out a tuned case with the very name and units, and says nothing without a shared word', () => {
  const self = dissent('Employment Rate', '%', RATE, TUNED)
  assert.equal(self.heat_map_orientation, 0, 'judged by its neighbours (the unemployment rates), not by itself')
  assert.deepEqual(dissent('Zorblat frobnication', 'furlongs', RATE, TUNED), {})
  assert.deepEqual(dissent('Unemployment Rate', '%', {}, TUNED), {}, 'only the fields the rules answered')
})

test('dissent lowers the record confidence and names the field to check beside the weakest stage', () => {
  const table = {
    record: { bias: 1, weights: { [DISSENT_FEATURES.heat_map_orientation]: -2 } },
  } as unknown as CalibrationTable
  const stages = {
    ...perStage(() => ({ probability: 0.9, lowered_by: null })),
    time: { probability: 0.5, lowered_by: 'x' },
  }
  const plain = { repaired: false, conflicted: false, unfamiliarity: 0, dissent: {} }
  const doubted = { ...plain, dissent: { heat_map_orientation: 0.6, family: 0 } }
  assert.deepEqual(
    Object.keys(recordFeatures(stages, doubted)).filter((f) => f.startsWith('the nearest')),
    [DISSENT_FEATURES.heat_map_orientation],
    'a field the neighbours agree on adds no feature',
  )
  const a = recordConfidence(stages, plain, table)
  const b = recordConfidence(stages, doubted, table)
  assert.ok(b.confidence < a.confidence)
  assert.deepEqual(
    b.weakest,
    { stage: 'time', probability: 0.5, lowered_by: 'x' },
    'the weakest stage keeps its evidence',
  )
  assert.equal(b.disputed, 'heat_map_orientation')
  assert.equal(a.disputed, null)
})

test('a second opinion asked again answers as the first time, per answer and per table (remembered, not shared)', () => {
  const first = dissent('Employment Rate, women', '%', RATE, TUNED)
  assert.deepEqual(dissent('Employment Rate, women', '%', RATE, TUNED), first)
  const higher = { ...RATE, heat_map_orientation: 'higher-is-positive' }
  assert.notEqual(
    dissent('Employment Rate, women', '%', higher, TUNED).heat_map_orientation,
    first.heat_map_orientation,
  )
  const employmentOnly = TUNED.filter(([name]) => name === 'Employment Rate')
  assert.equal(dissent('Employment Rate, women', '%', RATE, employmentOnly).heat_map_orientation, 1)
})

test('the second opinion weighted by nearness: the nearest voter, and the dissent times its likeness, per type for orientation', () => {
  const nearest = nearestVoters('Employment Rate, women', '%', RATE, TUNED)
  assert.equal(nearest.heat_map_orientation!.against, true, 'the nearest percentage, Employment Rate, reads higher')
  assert.ok(nearest.heat_map_orientation!.likeness > 0.5)
  assert.equal(nearest.family!.against, false)
  const stages = perStage(() => ({ probability: 0.9, lowered_by: null }))
  const share = dissent('Employment Rate, women', '%', RATE, TUNED).heat_map_orientation!
  const x = recordFeatures(stages, {
    repaired: false,
    conflicted: false,
    unfamiliarity: 0,
    dissent: { heat_map_orientation: share, family: 0 },
    nearest,
    indicator_type: 'percentage',
  })
  assert.equal(x[NEAR_DISSENT_FEATURES.heat_map_orientation], nearest.heat_map_orientation!.likeness)
  assert.equal(x[CLOSE_DISSENT_FEATURES.heat_map_orientation], share * share * nearest.heat_map_orientation!.likeness)
  assert.equal(x['labelled cases of a percentage read another heat_map_orientation'], share * share)
  assert.equal(x[NEAR_DISSENT_FEATURES.family], undefined, 'a nearest voter that agrees adds nothing')
  const table = {
    record: { bias: 1, weights: { [NEAR_DISSENT_FEATURES.heat_map_orientation]: -2 } },
  } as unknown as CalibrationTable
  assert.equal(
    recordConfidence(
      stages,
      { repaired: false, conflicted: false, unfamiliarity: 0, dissent: { heat_map_orientation: share }, nearest },
      table,
    ).disputed,
    'heat_map_orientation',
  )
})
