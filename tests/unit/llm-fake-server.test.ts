import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startFakeLlmServer } from '../support/fake-llm-server'

const schema = {
  type: 'object',
  properties: {
    answers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { indicator_id: { type: 'string' }, family: { type: 'string', enum: ['a', 'b', 'c'] }, n: { type: 'integer', minimum: 1, maximum: 11 } },
        required: ['indicator_id', 'family', 'n'],
        additionalProperties: false,
      },
    },
  },
  required: ['answers'],
  additionalProperties: false,
}

function chat(url: string, user: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: user }],
      response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema } },
    }),
  })
}

test('answers from the schema, one entry per item line, with the pluggable answer function', async () => {
  const fake = await startFakeLlmServer({ answer: (id, field, values) => (field === 'family' && id === 'q' ? values?.[2] : undefined) })
  try {
    const response = await chat(fake.url, 'intro\nid="p" | first\nid="q" | second')
    const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } }
    assert.deepEqual(JSON.parse(body.choices[0]?.message.content ?? ''), {
      answers: [
        { indicator_id: 'p', family: 'a', n: 10 },
        { indicator_id: 'q', family: 'c', n: 10 },
      ],
    })
    assert.ok(body.usage.prompt_tokens > 0)
    const stats = fake.stats()
    assert.equal(stats.requests, 1)
    assert.deepEqual(stats.by_endpoint, { '/v1/chat/completions': 1 })
    assert.deepEqual(stats.by_status, { 200: 1 })
    assert.equal(stats.input_tokens, body.usage.prompt_tokens)
  } finally {
    await fake.close()
  }
})

test('a requests-per-minute limit answers 429 with the wait until the window frees', async () => {
  const fake = await startFakeLlmServer({ rateLimit: { requestsPerMinute: 2 } })
  try {
    assert.equal((await chat(fake.url, 'id="a" | x')).status, 200)
    assert.equal((await chat(fake.url, 'id="a" | x')).status, 200)
    const limited = await chat(fake.url, 'id="a" | x')
    assert.equal(limited.status, 429)
    const waitMs = Number(limited.headers.get('retry-after-ms'))
    assert.ok(waitMs > 59_000 && waitMs <= 60_000, String(waitMs))
    assert.equal(limited.headers.get('retry-after'), '60')
    assert.equal(fake.stats().rate_limited, 1)
  } finally {
    await fake.close()
  }
})

test('a tokens-per-minute limit counts prompt and completion tokens, as OpenAI does', async () => {
  const prompt = 'x'.repeat(800)
  const probe = await startFakeLlmServer()
  let usage: { prompt_tokens: number; completion_tokens: number }
  try {
    usage = ((await (await chat(probe.url, prompt)).json()) as { usage: typeof usage }).usage
  } finally {
    await probe.close()
  }
  assert.ok(usage.completion_tokens > 0)
  // Two prompts fit this limit; two prompts and the first answer do not.
  const fake = await startFakeLlmServer({ rateLimit: { tokensPerMinute: 2 * usage.prompt_tokens + usage.completion_tokens - 1 } })
  try {
    assert.equal((await chat(fake.url, prompt)).status, 200)
    assert.equal((await chat(fake.url, prompt)).status, 429)
  } finally {
    await fake.close()
  }
})

test('unknown routes are 404', async () => {
  const fake = await startFakeLlmServer()
  try {
    assert.equal((await fetch(`${fake.url}/v1/embeddings`, { method: 'POST', body: '{}' })).status, 404)
  } finally {
    await fake.close()
  }
})
