import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getBatchStatus } from '../../src/api/batches'
import type { StageOutcome, Store, UnitRef } from '../../src/db/store'
import { rulesBatch, tempStore } from '../support/db'
import { unitAssignment } from '../../src/pipeline/signature'
import { DEFAULT_SETTINGS } from '../../src/settings/load'
import { STAGES } from '../../src/taxonomy/stages'

const indicators = Array.from({ length: 10 }, (_, i) => ({ indicator_id: `I${i}`, name: `Series ${i}` }))
const unitOf = indicators.map((_, i) => (i < 5 ? 0 : 1))

async function status(store: Store) {
  const res = await getBatchStatus({ body: undefined, pathParams: { batch_id: 'b' }, queryParams: {} }, store)
  return res.body as {
    completed: number
    flagged: number
    progress: { fraction: number; eta_s: number | null; stages: Record<string, { indicators: number; units: number }> }
  }
}

async function finishStage(store: Store, ref: UnitRef, stage: string) {
  const outcomes = new Map<string, StageOutcome>(
    indicators
      .filter((_, i) => unitOf[i] === ref.unit_no)
      .map((ind) => [ind.indicator_id, { ok: true, result: {}, confidence: 1 }]),
  )
  await store.stages.endAttempt(
    ref,
    stage,
    { attempt: 1, status: 'ok', items: outcomes.size, failed_items: 0, duration_ms: 1 },
    outcomes,
  )
}

test('status shows progress per stage in indicators and units, rising with every unit a stage finishes', async () => {
  const { store } = tempStore()
  await store.batches.insert(rulesBatch('b', indicators, unitOf, 5))
  const first = await status(store)
  assert.deepEqual(
    [first.progress.fraction, first.progress.eta_s, first.progress.stages.normalize],
    [0, null, { indicators: 0, units: 0 }],
  )
  await store.batches.markRunning('b')
  const fractions = [first.progress.fraction]
  for (const stage of ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review']) {
    for (const unit_no of [0, 1]) {
      await finishStage(store, { batch_id: 'b', unit_no }, stage)
      fractions.push((await status(store)).progress.fraction)
    }
  }
  const midway = await status(store)
  assert.deepEqual(midway.progress.stages.review, { indicators: 10, units: 2 })
  assert.deepEqual(midway.progress.stages.complete, { indicators: 0, units: 0 })
  assert.equal(typeof midway.progress.eta_s, 'number')
  const flagged = { family: 'price-value', indicator_type: 'price', review_status: 'flagged' }
  await store.classifications.completeUnit(
    { batch_id: 'b', unit_no: 0 },
    indicators.slice(0, 5).map((i) => ({
      indicator_id: i.indicator_id,
      name: i.name,
      units: null,
      status: 'completed',
      error: null,
      fields: flagged,
    })),
  )
  const done = await status(store)
  fractions.push(done.progress.fraction)
  assert.deepEqual([done.completed, done.flagged, done.progress.stages.complete], [5, 5, { indicators: 5, units: 1 }])
  assert.equal(new Set(fractions).size, fractions.length, `every step shows a new value: ${fractions}`)
  assert.deepEqual(
    fractions,
    [...fractions].sort((a, b) => a - b),
  )
})

test('a 10,000 batch at the default unit size shows at least 10 distinct rising values between queued and completed', async () => {
  const { store } = tempStore()
  const batch = Array.from({ length: 10_000 }, (_, i) => ({ indicator_id: `S${i}`, name: `Series ${i % 400}` }))
  const unit_of = unitAssignment(batch, DEFAULT_SETTINGS.CLASSIFY_CHUNK_SIZE, DEFAULT_SETTINGS.CLASSIFY_DEDUPE)
  const units = Math.max(...unit_of) + 1
  await store.batches.insert(rulesBatch('b', batch, unit_of, DEFAULT_SETTINGS.CLASSIFY_CHUNK_SIZE))
  const members = (unit_no: number) => batch.filter((_, i) => unit_of[i] === unit_no)
  const fractions = [(await status(store)).progress.fraction]
  await store.batches.markRunning('b')
  // Stage after stage, each unit in turn, as the bench's 10,000 batches move (bench/results/2026-11-30-progress-10k.txt).
  for (const stage of STAGES) {
    for (let unit_no = 0; unit_no < units; unit_no++) {
      const outcomes = new Map<string, StageOutcome>(
        members(unit_no).map((ind) => [ind.indicator_id, { ok: true, result: {}, confidence: 1 }]),
      )
      await store.stages.endAttempt(
        { batch_id: 'b', unit_no },
        stage,
        { attempt: 1, status: 'ok', items: outcomes.size, failed_items: 0, duration_ms: 1 },
        outcomes,
      )
      fractions.push((await status(store)).progress.fraction)
    }
  }
  for (let unit_no = 0; unit_no < units; unit_no++) {
    await store.classifications.completeUnit(
      { batch_id: 'b', unit_no },
      members(unit_no).map((i) => ({
        indicator_id: i.indicator_id,
        name: i.name,
        units: null,
        status: 'completed',
        error: null,
        fields: {},
      })),
    )
    fractions.push((await status(store)).progress.fraction)
  }
  const between = fractions.slice(1, -1)
  assert.deepEqual([fractions[0], fractions.at(-1)], [0, 1])
  assert.ok(new Set(between).size >= 10, `only ${new Set(between).size} values between queued and completed`)
  assert.deepEqual(
    fractions,
    [...new Set(fractions)].sort((a, b) => a - b),
    `every step shows a new, higher value: ${fractions}`,
  )
})
