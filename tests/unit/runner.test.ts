import assert from 'node:assert/strict'
import { test } from 'node:test'
import { completeUnitClassifications } from '../../src/pipeline/complete'
import { RULES_CONTEXT } from '../../src/pipeline/in-process'
import { resumeEvents } from '../../src/pipeline/resume'
import { runUnitStage } from '../../src/pipeline/runner'
import { STAGE_DEFS } from '../../src/pipeline/stages/index'
import { BRANCH_STAGES } from '../../src/pipeline/graph'
import { TOPICS } from '../../src/pipeline/topics'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { rulesBatch, tempStore } from '../support/db'

const indicators: IndicatorInput[] = [
  { indicator_id: 'A', name: 'GDP', units: 'USD Billion', periodicity: 'Quarterly' },
  { indicator_id: 'B', name: 'Inflation Rate YoY', units: '%', periodicity: 'Monthly' },
  { indicator_id: 'C', name: 'Manufacturing PMI', units: 'points', periodicity: 'Monthly' },
]

const LEASE = { owner: 'replica-test', ttl_ms: 60_000 }

async function batch(id = 'b') {
  const { store, db } = tempStore()
  await store.batches.insert(rulesBatch(id, indicators, [0, 0, 0], 3))
  return { store, db, ref: { batch_id: id, unit_no: 0 } }
}

test('a stage run twice for the same unit computes once; the second delivery skips', async () => {
  const { store, db, ref } = await batch()
  const first = await runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE)
  const second = await runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE)
  assert.deepEqual([first.skipped, second.skipped], [false, true])
  assert.equal(
    db.prepare(`SELECT COUNT(*) FROM stage_log WHERE stage = 'normalize' AND status = 'ok'`).pluck().get(),
    1,
  )
})

test('the join emits exactly once per unit, whatever the order of the branches and however often they repeat', async () => {
  for (const order of [
    ['time', 'scale', 'currency'],
    ['currency', 'time', 'scale'],
    ['scale', 'currency', 'time'],
  ] as const) {
    const { store, ref } = await batch()
    await runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE)
    const emits: string[] = []
    for (const branch of order) {
      await runUnitStage(store, ref, STAGE_DEFS[branch], RULES_CONTEXT, 3, LEASE)
      // Every branch's event is delivered twice (a redelivery), before and after the join is recorded.
      for (let delivery = 0; delivery < 2; delivery++) {
        if (await store.joins.claim(ref, branch, BRANCH_STAGES)) {
          emits.push(branch)
          await store.joins.recordEmitted(ref)
        }
      }
    }
    assert.deepEqual(emits, [order[2]], `order ${order.join(',')}`)
  }
})

test('a claimer that died before emitting emits when its event is redelivered; nobody else does', async () => {
  const { store, ref } = await batch()
  for (const stage of ['normalize', ...BRANCH_STAGES] as const)
    await runUnitStage(store, ref, STAGE_DEFS[stage], RULES_CONTEXT, 3, LEASE)
  assert.equal(await store.joins.claim(ref, 'time', BRANCH_STAGES), true) // claimed, then the process died: no recordJoinEmitted
  assert.equal(await store.joins.claim(ref, 'scale', BRANCH_STAGES), false)
  assert.equal(await store.joins.claim(ref, 'time', BRANCH_STAGES), true)
  await store.joins.recordEmitted(ref)
  assert.equal(await store.joins.claim(ref, 'time', BRANCH_STAGES), false)
})

test('resume picks up each unit at the first stage it has not finished', async () => {
  const { store, db, ref } = await batch()
  assert.deepEqual(await resumeEvents(store), [{ topic: TOPICS.normalize, data: ref }])
  await runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE)
  await runUnitStage(store, ref, STAGE_DEFS.time, RULES_CONTEXT, 3, LEASE)
  assert.deepEqual(await resumeEvents(store), [
    { topic: TOPICS.scale, data: ref },
    { topic: TOPICS.currency, data: ref },
  ])
  for (const stage of ['scale', 'currency', 'family', 'type', 'review'] as const)
    await runUnitStage(store, ref, STAGE_DEFS[stage], RULES_CONTEXT, 3, LEASE)
  assert.deepEqual(await resumeEvents(store), [{ topic: TOPICS.complete, data: ref }])
  const done = await completeUnitClassifications(store, ref)
  assert.deepEqual([done.rows, done.failed, done.batch_finished, done.status], [3, 0, true, 'completed'])
  assert.deepEqual((await completeUnitClassifications(store, ref)).rows, 3, 'completing again changes nothing')
  assert.equal(db.prepare('SELECT COUNT(*) FROM classifications').pluck().get(), 3)
  assert.deepEqual(await resumeEvents(store), [])
})

test('a stage that keeps failing gives up after its attempts; retry re-opens only the failed indicators', async () => {
  const { store, db, ref } = await batch()
  process.env.CLASSIFY_FAULTS = 'family:!B'
  try {
    for (const stage of ['normalize', 'time', 'scale', 'currency'] as const)
      await runUnitStage(store, ref, STAGE_DEFS[stage], RULES_CONTEXT, 2, LEASE)
    await assert.rejects(runUnitStage(store, ref, STAGE_DEFS.family, RULES_CONTEXT, 2, LEASE), /injected fault/)
    const gaveUp = await runUnitStage(store, ref, STAGE_DEFS.family, RULES_CONTEXT, 2, LEASE)
    assert.equal(gaveUp.gave_up, true)
  } finally {
    delete process.env.CLASSIFY_FAULTS
  }
  for (const stage of ['type', 'review'] as const)
    await runUnitStage(store, ref, STAGE_DEFS[stage], RULES_CONTEXT, 2, LEASE)
  const done = await completeUnitClassifications(store, ref)
  assert.deepEqual([done.failed, done.status], [3, 'failed'])

  assert.deepEqual(await store.batches.reopenFailed('b'), { indicators: 3, units: 1 })
  assert.deepEqual(await resumeEvents(store), [{ topic: TOPICS.family, data: ref }])
  const again = await runUnitStage(store, ref, STAGE_DEFS.family, RULES_CONTEXT, 2, LEASE)
  assert.equal(again.attempt, 1, 'attempts count again from the retry')
  for (const stage of ['type', 'review'] as const)
    await runUnitStage(store, ref, STAGE_DEFS[stage], RULES_CONTEXT, 2, LEASE)
  assert.equal((await completeUnitClassifications(store, ref)).status, 'completed')
  const normalizeRuns = db
    .prepare(`SELECT COUNT(*) FROM stage_log WHERE stage = 'normalize' AND status = 'ok'`)
    .pluck()
    .get()
  assert.equal(normalizeRuns, 1, 'finished stages are not redone')
})

test('two deliveries of one stage at once: one runs it, the other waits for that run and finds it done', async () => {
  const { store, db, ref } = await batch()
  const runs = await Promise.all([
    runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE),
    runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, { ...LEASE, owner: 'other-replica' }),
  ])
  assert.deepEqual(
    runs.map((r) => r.skipped),
    [false, true],
  )
  assert.equal(
    db.prepare(`SELECT COUNT(*) FROM stage_log WHERE stage = 'normalize' AND status = 'ok'`).pluck().get(),
    1,
  )
  assert.equal(db.prepare('SELECT COUNT(*) FROM stage_runs').pluck().get(), 0, 'every claim ended with its run')
})

test('a run whose process was killed frees its stage when its claim expires', async () => {
  const { store, db, ref } = await batch()
  assert.equal(await store.leases.claimRun(ref, 'normalize', { ...LEASE, ttl_ms: 300 }, 'killed-run'), true)
  const started = performance.now()
  const run = await runUnitStage(store, ref, STAGE_DEFS.normalize, RULES_CONTEXT, 3, LEASE)
  assert.equal(run.skipped, false)
  assert.ok(performance.now() - started >= 250, 'it waited for the dead run')
  assert.equal(
    db.prepare(`SELECT COUNT(*) FROM stage_log WHERE stage = 'normalize' AND status = 'ok'`).pluck().get(),
    1,
  )
})
