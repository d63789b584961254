import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { z } from 'zod'
import type { Store } from '../../src/db/store'
import { createLlmClient } from '../../src/llm/client'
import { loadLlmConfig } from '../../src/llm/config'
import { costUsd } from '../../src/llm/cost'
import { taggedCustomId } from '../../src/llm/transport'
import type { LlmCallRecord, LlmProvider } from '../../src/llm/types'
import { RULES_CONTEXT } from '../../src/pipeline/in-process'
import { createLlmStageContext, type UnitProviderBatches } from '../../src/pipeline/llm-context'
import { pollCron, pollProviderBatches } from '../../src/pipeline/provider-batches'
import { runUnitStage } from '../../src/pipeline/runner'
import { STAGE_DEFS } from '../../src/pipeline/stages/index'
import { unitProviderBatches } from '../../src/pipeline/stage-step'
import { STEP_TIMEOUT_MS, TOPICS } from '../../src/pipeline/topics'
import type { StageContext } from '../../src/pipeline/types'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { STAGES, type StageName, type UnitRef } from '../../src/taxonomy/stages'
import { tempStore } from '../support/db'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const indicators: IndicatorInput[] = ['GDP', 'Inflation Rate YoY', 'Manufacturing PMI', 'Balance of Trade'].map(
  (name, i) => ({ indicator_id: `I${i}`, name, units: i === 0 ? 'USD Billion' : '%', periodicity: 'Monthly' }),
)

let fake: FakeLlmServer
before(async () => {
  // Two batches a page, so that looking a batch up at the provider follows pages as it would on a busy account.
  fake = await startFakeLlmServer({ batchPageSize: 2 })
})
after(async () => fake?.close())

function config() {
  return loadLlmConfig({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
    LOCAL_LLM_URL: fake.openaiBaseUrl,
  })
}

const LEASE = { owner: 'replica-test', ttl_ms: 60_000 }

/** Where a stage's first run dies (kill -9, step timeout) with its claim as it stood; later runs are a new process. */
type Death = 'after claim' | 'after submit'

function dying(batches: UnitProviderBatches, death: Death | undefined): UnitProviderBatches {
  let pending = death
  const die = (at: Death) => {
    if (pending !== at) return
    pending = undefined
    throw new Error(`killed ${at}`)
  }
  return {
    ...batches,
    async claim(stage, batch) {
      const claimed = await batches.claim(stage, batch)
      die('after claim')
      return claimed
    },
    async submitted(claimId, providerBatchId) {
      die('after submit')
      await batches.submitted(claimId, providerBatchId)
    },
  }
}

/** A batch in batch delivery whose family stage asks `provider` (two indicators per request), the rest the rules. */
async function setup(provider: LlmProvider, death?: Death) {
  const { store, db } = tempStore()
  await store.batches.insert({
    batch_id: 'b',
    provider,
    llm_provider: provider,
    mode: 'llm',
    chunk_size: 4,
    refresh: false,
    llm_delivery: 'batch',
    trace_id: null,
    indicators,
    unit_of: [0, 0, 0, 0],
  })
  const ref: UnitRef = { batch_id: 'b', unit_no: 0 }
  const ctx: StageContext = {
    ...RULES_CONTEXT,
    llm: createLlmStageContext(
      {
        mode: 'llm',
        threshold: 0.75,
        batch_size: 2,
        dedupe: false,
        refresh: false,
        cache: { get: (key) => store.llm.cachedAnswer(key), put: (key, entry) => store.llm.cacheAnswer(key, entry) },
        provider_batches: dying(unitProviderBatches(store, ref), death),
      },
      (stage) => (stage === 'family' ? provider : null),
      (p) => createLlmClient(config(), p),
      (stage, calls) =>
        store.llm.saveCalls(
          ref,
          calls.map((call) => ({ stage, ...call })),
        ),
    ),
  }
  const run = (stage: StageName) => runUnitStage(store, ref, STAGE_DEFS[stage], ctx, 3, LEASE)
  for (const stage of STAGES.slice(0, STAGES.indexOf('family'))) await run(stage)
  /** Polls now, or at `at` (ms since the epoch) as the poller's clock. */
  const poll = (at?: number) =>
    pollProviderBatches(store, (p) => createLlmClient(config(), p), at === undefined ? undefined : () => at)
  return { store, db, ref, ctx, run, poll }
}

const familySources = async (store: Store, ref: UnitRef) =>
  [...(await store.stages.outcomes(ref, ['family'])).values()].map((o) =>
    o.family?.ok ? (o.family.result as { source: string }).source : 'failed',
  )

/** The batch lists each provider's SDK pages through. */
const LIST = { openai: 'GET /v1/batches', anthropic: 'GET /v1/messages/batches' } as const

/** Batches other claims submitted (two requests each, as the stage's), after the stage's own. */
async function submitOthers(provider: 'openai' | 'anthropic', count: number) {
  const batch = createLlmClient(config(), provider).batch!
  const request = { system: 'other', user: 'other', schema: z.object({}), schema_name: 'other' }
  for (let i = 0; i < count; i++) {
    const tag = `claim-other-${i}`
    await batch.submit(
      tag,
      [0, 1].map((n) => ({ custom_id: taggedCustomId(tag, n), request })),
    )
  }
}

/** The indicators the provider was asked about, over all its batches and calls. */
const askedIds = () =>
  fake
    .requests()
    .flatMap((r) => r.indicator_ids)
    .sort()

/** The stage's two requests are billed once each, at the batch price, and nothing else is. */
function assertBilledOnce(db: ReturnType<typeof tempStore>['db']) {
  const calls = db.prepare('SELECT * FROM llm_calls').all() as (LlmCallRecord & { stage: string })[]
  assert.deepEqual(
    calls.map((c) => [c.stage, c.items, c.status]),
    [
      ['family', 2, 'ok'],
      ['family', 2, 'ok'],
    ],
  )
  for (const call of calls) assert.ok(Math.abs(call.cost_usd - costUsd(call.model, call, undefined, 'batch')) < 1e-12)
}

for (const provider of ['openai', 'anthropic'] as const) {
  test(`${provider}: the stage submits one provider batch and waits; the poller stores its end; the stage goes on`, async () => {
    fake.reset()
    fake.script({ batchDelayMs: 3_600_000 })
    const { store, db, ref, run, poll } = await setup(provider)
    const first = await run('family')
    assert.ok(first.waiting_for, 'waits for its provider batch')
    assert.deepEqual(await store.stages.outcomes(ref, ['family']), new Map(), 'nothing stored while waiting')
    assert.deepEqual([fake.stats().batches, fake.stats().batch_requests, fake.stats().requests], [1, 2, 0])
    assert.equal((await run('family')).waiting_for, first.waiting_for, 'a redelivery waits on the same batch')
    assert.equal(fake.stats().batches, 1)
    assert.deepEqual(await poll(), { polled: 1, adopted: [], ended: [], emits: [], errors: [] })

    fake.endBatches()
    const polled = await poll()
    assert.equal(polled.ended.length, 1)
    assert.deepEqual(polled.emits, [{ topic: TOPICS.family, data: ref }])
    assert.equal((await poll()).polled, 0, 'an ended batch is not polled again')

    const resumed = await run('family')
    assert.equal(resumed.waiting_for, null)
    assert.deepEqual(await familySources(store, ref), ['llm', 'llm', 'llm', 'llm'])
    assert.equal(fake.stats().requests, 0, 'nothing was asked at once')
    const calls = db.prepare('SELECT * FROM llm_calls').all() as {
      model: string
      items: number
      input_tokens: number
      cached_input_tokens: number
      cache_write_tokens: number
      output_tokens: number
      cost_usd: number
    }[]
    assert.deepEqual(
      calls.map((c) => c.items),
      [2, 2],
    )
    for (const call of calls) {
      assert.ok(call.cost_usd > 0)
      assert.ok(Math.abs(call.cost_usd - costUsd(call.model, call, undefined, 'batch')) < 1e-12, 'batch price')
      assert.ok(Math.abs(call.cost_usd * 2 - costUsd(call.model, call)) < 1e-12, 'half the list price')
    }
  })

  test(`${provider}: two runs of one stage at once submit one provider batch`, async () => {
    fake.reset()
    fake.script({ batchDelayMs: 3_600_000 })
    const { store, ref, ctx, poll } = await setup(provider)
    // As if the stage-run lease had expired under a slow submission: nothing serializes the two runs but the claim.
    const unserialized: Store = {
      ...store,
      leases: { ...store.leases, claimRun: async () => true, releaseRun: async () => {} },
    }
    const runs = await Promise.all([1, 2].map(() => runUnitStage(unserialized, ref, STAGE_DEFS.family, ctx, 3, LEASE)))
    assert.ok(
      runs.every((r) => r.waiting_for),
      'both wait',
    )
    assert.equal(fake.stats().batches, 1, 'one provider batch submitted')
    const rows = await store.providerBatches.forStage(ref, 'family')
    assert.deepEqual(
      rows.map((r) => [r.provider_batch_id, r.submitted_at !== null]),
      [[runs.find((r) => !r.waiting_for!.startsWith('claim-'))?.waiting_for, true]],
    )
    fake.endBatches()
    assert.deepEqual((await poll()).emits, [{ topic: TOPICS.family, data: ref }])
  })

  test(`${provider}: an expired provider batch falls back to asking at once for what it left unanswered`, async () => {
    fake.reset()
    fake.script({ batchExpiries: 1 })
    const { store, db, ref, run, poll } = await setup(provider)
    assert.ok((await run('family')).waiting_for)
    assert.equal((await poll()).ended.length, 1)
    const resumed = await run('family')
    assert.equal(resumed.waiting_for, null)
    assert.deepEqual(await familySources(store, ref), ['llm', 'llm', 'llm', 'llm'])
    assert.deepEqual(
      fake
        .requests()
        .filter((r) => !r.path.includes('batches'))
        .flatMap((r) => r.indicator_ids),
      ['I2', 'I3'],
      'the expired half is asked at once',
    )
    const statuses = db.prepare('SELECT status, items, output_tokens > 0 AS paid FROM llm_calls ORDER BY id').all()
    assert.deepEqual(statuses, [
      { status: 'ok', items: 2, paid: 1 },
      { status: 'error', items: 2, paid: 0 },
      { status: 'ok', items: 2, paid: 1 },
    ])
  })

  test(`${provider}: a run killed after the provider accepted its batch, before storing its id: the claim adopts it`, async () => {
    fake.reset()
    fake.script({ batchDelayMs: 3_600_000 })
    const { store, db, ref, run, poll } = await setup(provider, 'after submit')
    await assert.rejects(run('family'), /killed after submit/)
    await submitOthers(provider, 3)
    const claim = (await store.providerBatches.forStage(ref, 'family'))[0]!
    assert.equal(claim.submitted_at, null, 'its id was never stored')
    assert.equal((await run('family')).waiting_for, claim.provider_batch_id, 'a redelivery waits on the claim')
    const late = Date.parse(claim.claimed_at) + STEP_TIMEOUT_MS + 1

    const running = await poll(late)
    assert.deepEqual([running.emits, running.errors], [[], []], 'neither released nor ended')
    // OpenAI lists the tag at once; Anthropic's batches show it once ended, and until then any may be the orphan.
    assert.equal(running.adopted.length, provider === 'openai' ? 1 : 0)
    fake.endBatches()
    const ended = await poll(late)
    assert.deepEqual(ended.emits, [{ topic: TOPICS.family, data: ref }])
    const [row] = await store.providerBatches.forStage(ref, 'family')
    assert.deepEqual(
      [...running.adopted, ...ended.adopted],
      [{ claim_id: claim.provider_batch_id, provider_batch_id: row!.provider_batch_id }],
    )
    assert.ok(!row!.provider_batch_id.startsWith('claim-') && row!.ended_at !== null)
    assert.ok((fake.stats().by_endpoint[LIST[provider]] ?? 0) >= 2, 'the lookup followed the pages')

    assert.equal((await run('family')).waiting_for, null)
    assert.deepEqual(await familySources(store, ref), ['llm', 'llm', 'llm', 'llm'])
    assert.deepEqual([fake.stats().batches, fake.stats().requests], [4, 0], 'the orphan and the others; none at once')
    assert.deepEqual(askedIds(), ['I0', 'I1', 'I2', 'I3'], 'every indicator asked once')
    assertBilledOnce(db)
  })

  test(`${provider}: a run killed before it submitted: the claim is released and the stage submits once`, async () => {
    fake.reset()
    fake.script({ batchDelayMs: 3_600_000 })
    const { store, db, ref, run, poll } = await setup(provider, 'after claim')
    await assert.rejects(run('family'), /killed after claim/)
    await submitOthers(provider, 3)
    const claim = (await store.providerBatches.forStage(ref, 'family'))[0]!
    const claimedAt = Date.parse(claim.claimed_at)
    const idle = { polled: 0, adopted: [], ended: [], emits: [], errors: [] }
    assert.deepEqual(await poll(claimedAt + 1000), idle, 'its run may still be submitting')
    const late = claimedAt + STEP_TIMEOUT_MS + 1
    if (provider === 'anthropic') assert.deepEqual(await poll(late), idle, 'the others may be it until they end')
    fake.endBatches()
    assert.deepEqual(await poll(late), { ...idle, emits: [{ topic: TOPICS.family, data: ref }] })
    assert.deepEqual(await store.providerBatches.forStage(ref, 'family'), [], 'released')

    assert.ok((await run('family')).waiting_for)
    fake.endBatches()
    assert.equal((await poll()).ended.length, 1)
    assert.equal((await run('family')).waiting_for, null)
    assert.deepEqual(await familySources(store, ref), ['llm', 'llm', 'llm', 'llm'])
    assert.deepEqual([fake.stats().batches, fake.stats().requests], [4, 0], 'one submission and the others')
    assert.deepEqual(askedIds(), ['I0', 'I1', 'I2', 'I3'], 'every indicator asked once')
    assertBilledOnce(db)
  })
}

test('a provider without a batch API is asked at once in batch delivery', async () => {
  fake.reset()
  const { store, ref, run } = await setup('local')
  assert.equal((await run('family')).waiting_for, null)
  assert.deepEqual(await familySources(store, ref), ['llm', 'llm', 'llm', 'llm'])
  assert.equal(fake.stats().batches, 0)
})

test('the poll interval as a cron expression: seconds below a minute, whole minutes above', () => {
  assert.equal(pollCron(2), '*/2 * * * * *')
  assert.equal(pollCron(60), '0 */1 * * * *')
  assert.equal(pollCron(300), '0 */5 * * * *')
})
