import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import {
  accuracyOf,
  formatContradictions,
  formatReport,
  loadContradictions,
  loadLabelled,
  scoreResults,
  withoutContradictions,
  type LabelledCase,
  type ScoredField,
  type ScoreReport,
} from '../../src/eval/index'
import { classifyInProcess } from '../../src/pipeline/in-process'

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))
const OURS = path('../fixtures/trading-economics.json')
const CONTRADICTIONS = path('../support/external-contradictions.json')
// The shared fixtures live beside the repository, not in it (../shared/fixtures/README.md).
const EXTERNAL = path('../../../shared/fixtures/external-v1')

const OUR_FLOORS: Partial<Record<ScoredField, number>> = {
  family: 0.92,
  indicator_type: 0.88,
  is_currency_denominated: 0.97,
  reporting_frequency: 0.97,
  temporal_aggregation: 0.85,
  heat_map_orientation: 0.85,
}
const EXTERNAL_FLOORS: Partial<Record<ScoredField, number>> = { family: 0.85, indicator_type: 0.8 }

async function score(cases: LabelledCase[], title: string): Promise<ScoreReport> {
  const results = await classifyInProcess(cases.map((c) => c.indicator))
  const report = scoreResults(cases, results)
  console.log(formatReport(report, title))
  return report
}

function assertFloors(report: ScoreReport, floors: Partial<Record<ScoredField, number>>) {
  const below = Object.entries(floors)
    .map(([field, floor]) => ({ field, floor, got: accuracyOf(report, field as ScoredField) }))
    .filter(({ got, floor }) => got === undefined || got < floor!)
  assert.deepEqual(below, [], 'fields below their accuracy floor')
}

test('accuracy on our labelled fixtures meets the floors', async () => {
  const report = await score(await loadLabelled(OURS), 'tes../fixtures/trading-economics.json')
  assertFloors(report, OUR_FLOORS)
})

test('accuracy on the external-v1 fixtures meets the floors, labels contradicting TAXONOMY excluded', async (t) => {
  if (!existsSync(EXTERNAL)) {
    t.skip(`external fixtures not found at ${EXTERNAL}`)
    return
  }
  const contradictions = await loadContradictions(CONTRADICTIONS)
  const { scored, unknown } = withoutContradictions(await loadLabelled(EXTERNAL), contradictions)
  assert.deepEqual(unknown, [], 'every listed contradiction names an external case')
  console.log(formatContradictions(contradictions))
  const report = await score(scored, 'external-v1 (contradictions excluded)')
  assertFloors(report, EXTERNAL_FLOORS)
})
