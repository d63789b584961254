import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { z } from 'zod'
import {
  askBatch,
  createLlmClient,
  DEFAULT_BATCH_SIZE,
  formatItemLine,
  loadLlmConfig,
  strictJsonSchemaOf,
  type BatchItem,
  type LlmProvider,
} from '../../src/llm/index'
import { familyAnswer } from '../support/answer-schemas'
import { indicatorIdsIn, startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const INSTRUCTIONS = 'Choose the family of each indicator. TAXONOMY-TEXT-MARKER'

let fake: FakeLlmServer

before(async () => {
  fake = await startFakeLlmServer()
})
after(() => fake.close())
beforeEach(() => fake.reset())

function clientFor(provider: LlmProvider = 'openai', env: NodeJS.ProcessEnv = {}) {
  const config = loadLlmConfig({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
    ...env,
  })
  return createLlmClient(config, provider, { sleep: async () => {} })
}

function itemsOf(count: number): BatchItem[] {
  return Array.from({ length: count }, (_, i) => ({
    indicator_id: `ind-${i}`,
    line: `Indicator ${i} [USD Million]\n quarterly`,
  }))
}

function ask(items: BatchItem[], extra: { provider?: LlmProvider; batch_size?: number; env?: NodeJS.ProcessEnv } = {}) {
  return askBatch({
    client: clientFor(extra.provider, extra.env),
    items,
    system: 'You classify economic indicators.',
    instructions: INSTRUCTIONS,
    answerSchema: familyAnswer,
    schema_name: 'family_answers',
    ...(extra.batch_size === undefined ? {} : { batch_size: extra.batch_size }),
  })
}

describe('item lines', () => {
  test('one line per item, the id JSON-quoted so spaces, pipes and quotes survive', () => {
    const line = formatItemLine({ indicator_id: 'a "b" | c', line: 'GDP\n  [USD  Billion]  ' })
    assert.equal(line, 'id="a \\"b\\" | c" | GDP [USD Billion]')
    assert.deepEqual(indicatorIdsIn(`intro\n${line}\nid="x" | y`), ['a "b" | c', 'x'])
  })
})

describe('askBatch', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    test(`${provider}: chunks by batch_size, instructions once per call in the static prefix, every answer matched`, async () => {
      const items = itemsOf(60)
      const result = await ask(items, { provider, batch_size: 25 })
      assert.equal(result.answers.size, 60)
      assert.equal(result.failures.size, 0)
      assert.deepEqual(result.issues, [])
      assert.deepEqual(result.answers.get('ind-7'), {
        family: 'physical-fundamental',
        confidence: 0.9,
        reasoning: 'fake reasoning',
      })
      assert.deepEqual(
        result.calls.map((c) => c.items),
        [25, 25, 10],
      )
      const received = fake.requests()
      assert.equal(received.length, 3)
      // The instructions lead every call's system prompt, identical across calls so the provider can cache it; items come last.
      for (const request of received) {
        assert.equal(request.system.split('TAXONOMY-TEXT-MARKER').length, 2)
        assert.equal(request.system, received[0]?.system)
        assert.ok(!request.user.includes('TAXONOMY-TEXT-MARKER'))
      }
      assert.deepEqual(received.flatMap((r) => r.indicator_ids).sort(), items.map((i) => i.indicator_id).sort())
    })
  }

  test('each chunk is handed to onChunk as it settles: its answers and calls, even when another chunk fails', async () => {
    fake.script({ clientErrors: 1 })
    const settled: { ids: string[]; calls: number }[] = []
    const result = await askBatch({
      client: clientFor(),
      items: itemsOf(60),
      system: 'You classify economic indicators.',
      instructions: INSTRUCTIONS,
      answerSchema: familyAnswer,
      schema_name: 'family_answers',
      batch_size: 25,
      concurrency: 1,
      onChunk: ({ answers, calls }) => void settled.push({ ids: [...answers.keys()], calls: calls.length }),
    })
    // The first chunk's call was refused (400, not retried); the other two chunks' answers still arrive.
    assert.deepEqual(
      settled.map((s) => s.ids.length),
      [0, 25, 10],
    )
    assert.deepEqual(settled.flatMap((s) => s.ids).sort(), [...result.answers.keys()].sort())
    assert.equal(result.failures.size, 25)
    assert.equal(
      settled.reduce((sum, s) => sum + s.calls, 0),
      result.calls.length,
    )
  })

  test(`batch_size defaults to the configured ${DEFAULT_BATCH_SIZE}`, async () => {
    const result = await ask(itemsOf(DEFAULT_BATCH_SIZE + 5))
    assert.deepEqual(
      result.calls.map((c) => c.items).sort((a, b) => b - a),
      [DEFAULT_BATCH_SIZE, 5],
    )
  })

  test('the model sees answers[] of {id, ...answer fields}', async () => {
    await ask(itemsOf(2))
    const expected = strictJsonSchemaOf(
      z.object({ answers: z.array(z.object({ id: z.string(), ...familyAnswer.shape })) }),
    )
    assert.deepEqual(fake.requests()[0]?.schema, expected)
  })

  test('a missing answer is asked again, alone', async () => {
    fake.script({ dropAnswer: 1 })
    const result = await ask(itemsOf(5))
    assert.equal(result.answers.size, 5)
    assert.equal(result.failures.size, 0)
    assert.deepEqual(result.issues, [{ indicator_id: 'ind-4', kind: 'missing', detail: 'no answer returned' }])
    assert.deepEqual(
      fake.requests().map((r) => r.indicator_ids),
      [['ind-0', 'ind-1', 'ind-2', 'ind-3', 'ind-4'], ['ind-4']],
    )
    assert.deepEqual(
      result.calls.map((c) => c.items),
      [5, 1],
    )
  })

  test('an answer still missing after the one re-ask is a failure', async () => {
    fake.script({ dropAnswer: 2 })
    const result = await ask(itemsOf(3))
    assert.equal(result.answers.size, 2)
    assert.deepEqual([...result.failures], [['ind-2', 'no answer returned']])
    assert.equal(fake.stats().requests, 2)
  })

  test('an answer for an unknown id is recorded and ignored', async () => {
    fake.script({ extraAnswer: 1 })
    const result = await ask(itemsOf(3))
    assert.equal(result.answers.size, 3)
    assert.equal(result.answers.has('unknown-1'), false)
    assert.equal(result.issues.length, 1)
    assert.equal(result.issues[0]?.kind, 'extra')
    assert.equal(fake.stats().requests, 1)
  })

  test('a duplicated answer keeps the first and records the second', async () => {
    fake.script({ duplicateAnswer: 1 })
    const result = await ask(itemsOf(3))
    assert.equal(result.answers.size, 3)
    assert.deepEqual(
      result.issues.map((i) => [i.indicator_id, i.kind]),
      [['ind-0', 'duplicate']],
    )
    assert.equal(fake.stats().requests, 1)
  })

  test('one invalid answer does not sink the others; only it is asked again', async () => {
    fake.script({ answers: { 'ind-1': { family: 'astrology' } } })
    const result = await ask(itemsOf(3))
    assert.deepEqual([...result.answers.keys()].sort(), ['ind-0', 'ind-2'])
    assert.match(result.failures.get('ind-1') ?? '', /^invalid answer: .*family/s)
    assert.deepEqual(
      fake.requests().map((r) => r.indicator_ids),
      [['ind-0', 'ind-1', 'ind-2'], ['ind-1']],
    )
    assert.deepEqual(
      result.issues.map((i) => [i.indicator_id, i.kind]),
      [
        ['ind-1', 'invalid'],
        ['ind-1', 'invalid'],
      ],
    )
  })

  test('a batch garbled twice fails all its items without a third call', async () => {
    fake.script({ garbled: 2 })
    const result = await ask(itemsOf(4))
    assert.equal(result.answers.size, 0)
    assert.equal(result.failures.size, 4)
    assert.match(result.failures.get('ind-0') ?? '', /^invalid output: not valid JSON/)
    assert.deepEqual(
      result.calls.map((c) => c.status),
      ['invalid', 'invalid'],
    )
    assert.equal(fake.stats().requests, 2)
  })

  test('a provider failure fails its chunk only and keeps the calls', async () => {
    fake.script({ serverErrors: 1 })
    const result = await ask(itemsOf(4), { batch_size: 2, env: { LLM_MAX_RETRIES: '0' } })
    assert.equal(result.answers.size, 2)
    assert.equal(result.failures.size, 2)
    assert.match([...result.failures.values()][0] ?? '', /500/)
    assert.deepEqual(result.calls.map((c) => c.status).sort(), ['error', 'ok'])
  })

  test('duplicate input ids and a bad batch_size are programming errors', async () => {
    await assert.rejects(ask([...itemsOf(2), ...itemsOf(1)]), /ind-0 appears twice/)
    await assert.rejects(ask(itemsOf(2), { batch_size: 0 }), /batch_size must be a positive integer/)
  })
})
