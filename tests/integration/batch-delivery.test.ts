// Batch delivery through the real service: provider batches of both providers, a restart while they are open, an
// expired batch. The fake provider runs the batches; the poll interval is one second.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch, type JsonBody } from '../../src/cli/client'
import { motiaDirFor, startService, type RunningService } from '../../src/cli/service-process'
import { costUsd } from '../../src/llm/cost'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const indicators: IndicatorInput[] = [
  ['GDP', 'USD Billion', 'Quarterly'],
  ['Inflation Rate YoY', '%', 'Monthly'],
  ['Manufacturing PMI', 'points', 'Monthly'],
  ['Balance of Trade', 'USD Million', 'Monthly'],
].map(([name, units, periodicity], i) => ({ indicator_id: `I${i}`, name: name!, units, periodicity }))

let fake: FakeLlmServer
let service: RunningService | undefined
let env: Record<string, string>
before(async () => {
  fake = await startFakeLlmServer({ batchDelayMs: 3_600_000 })
  env = {
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
    CLASSIFY_MODE: 'llm',
    // One stage per provider keeps the flow short: family through OpenAI's batches, type through Anthropic's.
    LLM_PROVIDER_FAMILY: 'openai',
    LLM_PROVIDER_TYPE: 'anthropic',
    LLM_BATCH_SIZE: '2',
    LLM_BATCH_POLL_SECONDS: '1',
  }
})
after(async () => {
  await service?.stop()
  await fake?.close()
})

const post = async (batch_id: string, body: Record<string, unknown>) => {
  const posted = await postJson(`${service!.url}/classify/batch`, { indicators, batch_id, ...body })
  assert.equal(posted.status, 202, JSON.stringify(posted.body))
}

async function waitingFor(batch_id: string): Promise<JsonBody[]> {
  for (const started = Date.now(); Date.now() - started < 180_000;) {
    const { body } = await getJson(`${service!.url}/classify/batch/${batch_id}`)
    if ((body.waiting as JsonBody[]).length > 0) return body.waiting as JsonBody[]
    await new Promise((done) => setTimeout(done, 200))
  }
  throw new Error(`${batch_id} never waited for a provider batch`)
}

interface CallRow {
  batch_id: string
  model: string
  status: string
  input_tokens: number
  cached_input_tokens: number
  cache_write_tokens: number
  output_tokens: number
  cost_usd: number
}

test(
  'both providers: stages wait for provider batches, a restart while they are open finishes them, at the batch price',
  { timeout: 400_000 },
  async () => {
    service = await startService({ env: { ...env, LLM_DELIVERY: 'batch' } })
    const database_path = service.database_path
    await post('both', {})
    const open = await waitingFor('both')
    assert.deepEqual(
      open.map((w) => w.message),
      open.map((w) => `waiting for provider batch ${w.provider_batch_id}`),
    )
    assert.equal((await getJson(`${service.url}/classify/batch/both`)).body.llm_delivery, 'batch')

    await service.stop()
    service = undefined
    fake.script({ batchDelayMs: 0 })
    fake.endBatches()
    // A fresh .motia folder, as after a crash that lost Redis: the poller's cron lock (held for up to 5 min by a
    // process stopped mid-poll) is gone too, and only SQLite knows the open provider batches.
    service = await startService({
      database_path,
      env: { ...env, LLM_DELIVERY: 'batch' },
      motia_dir: `${motiaDirFor(database_path)}-restarted`,
    })
    const status = await waitForBatch(service.url, 'both', 240_000)
    assert.equal(status.status, 'completed', JSON.stringify(status))
    assert.equal(status.completed, indicators.length)
    assert.deepEqual(status.waiting, [])
    assert.equal(fake.stats().requests, 0, 'every question went through a provider batch')
    // One per stage: a stage delivered twice at once (resume and poller after the restart) claims before submitting.
    assert.equal(fake.stats().by_endpoint['POST /v1/batches'], 1)
    assert.equal(fake.stats().by_endpoint['POST /v1/messages/batches'], 1)

    const db = new Database(database_path, { readonly: true })
    try {
      for (const { provider_batch_id } of open) {
        const ended = db
          .prepare('SELECT ended_at FROM provider_batches WHERE provider_batch_id = ?')
          .pluck()
          .get(provider_batch_id)
        assert.ok(ended, `${String(provider_batch_id)} was finished by the second process`)
      }
      const calls = db.prepare(`SELECT * FROM llm_calls`).all() as CallRow[]
      assert.deepEqual(
        calls.map((c) => c.model),
        ['gpt-4o-mini', 'gpt-4o-mini', 'claude-haiku-4-5', 'claude-haiku-4-5'],
      )
      for (const call of calls) {
        assert.equal(call.status, 'ok')
        assert.ok(call.cost_usd > 0)
        assert.ok(Math.abs(call.cost_usd - costUsd(call.model, call, undefined, 'batch')) < 1e-12, 'batch price')
      }
      const waits = db.prepare(`SELECT COUNT(*) FROM stage_log WHERE status = 'waiting'`).pluck().get() as number
      assert.ok(waits >= 2, `${waits} stage runs ended waiting`)
    } finally {
      db.close()
    }
  },
)

test(
  'an expired provider batch: what it answered is used, the rest is asked at once',
  { timeout: 300_000 },
  async () => {
    assert.ok(service, 'runs after the restart test')
    fake.reset()
    fake.script({ batchExpiries: 2, batchDelayMs: 0 })
    await post('expired', { llm_delivery: 'batch', refresh: true })
    const status = await waitForBatch(service.url, 'expired', 240_000)
    assert.equal(status.status, 'completed', JSON.stringify(status))
    assert.equal(fake.stats().batches, 2, 'one provider batch per LLM stage')
    const sync = fake.requests().filter((r) => r.path === '/v1/chat/completions' || r.path === '/v1/messages')
    assert.deepEqual(
      sync.map((r) => r.indicator_ids),
      [
        ['I2', 'I3'],
        ['I2', 'I3'],
      ],
      "each expired batch's second half asked at once",
    )
    const llm = (await getJson(`${service.url}/classify/batch/expired`)).body.llm as JsonBody
    assert.equal(llm.calls, 6, 'per stage: one answered and one expired batch request, one call at once')
  },
)
