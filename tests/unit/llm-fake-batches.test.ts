import assert from 'node:assert/strict'
import { test } from 'node:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI, { toFile } from 'openai'
import { answersJsonSchema } from '../support/answer-schemas'
import { startFakeLlmServer } from '../support/fake-llm-server'

const schema = answersJsonSchema({ family: { type: 'string', enum: ['a', 'b'] } })

const openAiLine = (custom_id: string, user: string) =>
  JSON.stringify({
    custom_id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: user }],
      response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema } },
    },
  })

const anthropicRequest = (custom_id: string, user: string) => ({
  custom_id,
  params: {
    model: 'claude-haiku-4-5',
    max_tokens: 100,
    messages: [{ role: 'user' as const, content: user }],
    tools: [{ name: 'x', input_schema: schema as Anthropic.Tool.InputSchema }],
    tool_choice: { type: 'tool' as const, name: 'x' },
  },
})

async function openAiBatch(sdk: OpenAI, lines: string[]) {
  const file = await sdk.files.create({
    file: await toFile(Buffer.from(lines.join('\n')), 'in.jsonl'),
    purpose: 'batch',
  })
  return sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })
}

const jsonl = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

test('OpenAI: a JSONL upload becomes a batch that runs for the delay, then its output file holds every answer', async () => {
  const fake = await startFakeLlmServer({ batchDelayMs: 300 })
  const sdk = new OpenAI({ apiKey: 'k', baseURL: fake.openaiBaseUrl, maxRetries: 0 })
  try {
    const created = await openAiBatch(sdk, [
      openAiLine('c1', 'id="p" | one\nid="q" | two'),
      openAiLine('c2', 'id="r" | x'),
    ])
    assert.equal(created.status, 'in_progress')
    assert.equal(created.output_file_id, null)
    assert.equal((await sdk.files.content(created.input_file_id).then((r) => r.text())).split('\n').length, 2)
    assert.equal((await sdk.batches.retrieve(created.id)).status, 'in_progress')
    await new Promise((done) => setTimeout(done, 350))
    const ended = await sdk.batches.retrieve(created.id)
    assert.equal(ended.status, 'completed')
    assert.deepEqual(ended.request_counts, { total: 2, completed: 2, failed: 0 })
    assert.equal(ended.error_file_id, null)
    const output = jsonl(await (await sdk.files.content(ended.output_file_id!)).text()) as {
      custom_id: string
      response: { status_code: number; body: OpenAI.ChatCompletion }
    }[]
    assert.deepEqual(
      output.map((line) => line.custom_id),
      ['c1', 'c2'],
    )
    const first = output[0]!.response
    assert.equal(first.status_code, 200)
    assert.deepEqual(JSON.parse(first.body.choices[0]!.message.content!), {
      answers: [
        { id: 'p', family: 'a' },
        { id: 'q', family: 'a' },
      ],
    })
    assert.ok(first.body.usage!.prompt_tokens > 0)
    const stats = fake.stats()
    assert.equal(stats.batches, 1)
    assert.equal(stats.batch_requests, 2)
    assert.equal(stats.requests, 0, 'no chat completion was called')
    assert.deepEqual(
      fake.requests().flatMap((r) => r.indicator_ids),
      ['p', 'q', 'r'],
    )
  } finally {
    await fake.close()
  }
})

test('OpenAI: scripted request failures go to the error file; an expired batch answers its first half', async () => {
  const fake = await startFakeLlmServer()
  const sdk = new OpenAI({ apiKey: 'k', baseURL: fake.openaiBaseUrl, maxRetries: 0 })
  try {
    fake.script({ batchFailures: 1 })
    const failing = await sdk.batches.retrieve(
      (await openAiBatch(sdk, [openAiLine('a', 'id="a" | x'), openAiLine('b', 'id="b" | y')])).id,
    )
    assert.equal(failing.status, 'completed')
    assert.deepEqual(failing.request_counts, { total: 2, completed: 1, failed: 1 })
    const errors = jsonl(await (await sdk.files.content(failing.error_file_id!)).text())
    assert.deepEqual(
      errors.map((line) => [line.custom_id, (line.response as { status_code: number }).status_code]),
      [['a', 500]],
    )

    fake.script({ batchExpiries: 1 })
    const lines = ['a', 'b', 'c', 'd'].map((id) => openAiLine(id, `id="${id}" | x`))
    const expired = await sdk.batches.retrieve((await openAiBatch(sdk, lines)).id)
    assert.equal(expired.status, 'expired')
    assert.deepEqual(expired.request_counts, { total: 4, completed: 2, failed: 2 })
    const answered = jsonl(await (await sdk.files.content(expired.output_file_id!)).text())
    assert.deepEqual(
      answered.map((line) => line.custom_id),
      ['a', 'b'],
    )
    const missed = jsonl(await (await sdk.files.content(expired.error_file_id!)).text())
    assert.deepEqual(
      missed.map((line) => [line.custom_id, (line.error as { code: string }).code]),
      [
        ['c', 'batch_expired'],
        ['d', 'batch_expired'],
      ],
    )
    await assert.rejects(
      sdk.batches.retrieve('batch_nope'),
      (error: unknown) => (error as { status?: number }).status === 404,
    )
  } finally {
    await fake.close()
  }
})

test('Anthropic: a message batch ends after the delay and streams its results, failures and expiries included', async () => {
  const fake = await startFakeLlmServer({ batchDelayMs: 200 })
  const sdk = new Anthropic({ apiKey: 'k', baseURL: fake.anthropicBaseUrl, maxRetries: 0 })
  try {
    const created = await sdk.messages.batches.create({
      requests: [anthropicRequest('one', 'id="p" | x'), anthropicRequest('two', 'id="q" | y')],
    })
    assert.equal(created.processing_status, 'in_progress')
    assert.equal(created.results_url, null)
    await assert.rejects(sdk.messages.batches.results(created.id))
    await new Promise((done) => setTimeout(done, 250))
    const ended = await sdk.messages.batches.retrieve(created.id)
    assert.equal(ended.processing_status, 'ended')
    assert.equal(ended.request_counts.succeeded, 2)
    const results: Anthropic.Messages.MessageBatchIndividualResponse[] = []
    for await (const result of await sdk.messages.batches.results(created.id)) results.push(result)
    assert.deepEqual(
      results.map((r) => r.custom_id),
      ['one', 'two'],
    )
    const first = results[0]!.result
    assert.equal(first.type, 'succeeded')
    const tool = first.type === 'succeeded' ? first.message.content[0] : undefined
    assert.deepEqual(tool?.type === 'tool_use' ? tool.input : null, { answers: [{ id: 'p', family: 'a' }] })

    fake.script({ batchFailures: 1, batchExpiries: 1, batchDelayMs: 0 })
    const mixed = await sdk.messages.batches.create({
      requests: ['a', 'b', 'c', 'd'].map((id) => anthropicRequest(id, `id="${id}" | x`)),
    })
    const types: string[] = []
    for await (const result of await sdk.messages.batches.results(mixed.id)) types.push(result.result.type)
    assert.deepEqual(types, ['errored', 'succeeded', 'expired', 'expired'])
    const counts = (await sdk.messages.batches.retrieve(mixed.id)).request_counts
    assert.deepEqual(counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 2 })
  } finally {
    await fake.close()
  }
})
