import assert from 'node:assert/strict'
import { test } from 'node:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { answersJsonSchema } from '../support/answer-schemas'
import { openAiDuration, startFakeLlmServer } from '../support/fake-llm-server'

const schema = answersJsonSchema({
  family: { type: 'string', enum: ['a', 'b', 'c'] },
  n: { type: 'integer', minimum: 1, maximum: 11 },
})

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
  const fake = await startFakeLlmServer({
    answer: (id, field, values) => (field === 'family' && id === 'q' ? values?.[2] : undefined),
  })
  try {
    const response = await chat(fake.url, 'intro\nid="p" | first\nid="q" | second')
    const body = (await response.json()) as {
      choices: { message: { content: string } }[]
      usage: { prompt_tokens: number }
    }
    assert.deepEqual(JSON.parse(body.choices[0]?.message.content ?? ''), {
      answers: [
        { id: 'p', family: 'a', n: 10 },
        { id: 'q', family: 'c', n: 10 },
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
  const fake = await startFakeLlmServer({
    rateLimit: { tokensPerMinute: 2 * usage.prompt_tokens + usage.completion_tokens - 1 },
  })
  try {
    assert.equal((await chat(fake.url, prompt)).status, 200)
    assert.equal((await chat(fake.url, prompt)).status, 429)
  } finally {
    await fake.close()
  }
})

test('the rate-limit headers of both providers report the limits, what is left and when it frees', async () => {
  const fake = await startFakeLlmServer({ rateLimit: { requestsPerMinute: 5, tokensPerMinute: 100_000 } })
  try {
    const openai = new OpenAI({ apiKey: 'k', baseURL: fake.openaiBaseUrl, maxRetries: 0 })
    const { response } = await openai.chat.completions
      .create({
        model: 'm',
        messages: [{ role: 'user', content: 'id="a" | x' }],
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      })
      .withResponse()
    assert.equal(response.headers.get('x-ratelimit-limit-requests'), '5')
    assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '4')
    assert.equal(response.headers.get('x-ratelimit-limit-tokens'), '100000')
    assert.ok(Number(response.headers.get('x-ratelimit-remaining-tokens')) < 100_000)
    assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^(59\.\d+s|1m0s|60s)$/)

    const anthropic = new Anthropic({ apiKey: 'k', baseURL: fake.anthropicBaseUrl, maxRetries: 0 })
    const tool = { name: 'x', input_schema: schema as Anthropic.Tool.InputSchema }
    const before = Date.now()
    const reply = await anthropic.messages
      .create({
        model: 'm',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'id="a" | x' }],
        tools: [tool],
        tool_choice: { type: 'tool', name: 'x' },
      })
      .withResponse()
    assert.equal(reply.response.headers.get('anthropic-ratelimit-requests-limit'), '5')
    assert.equal(reply.response.headers.get('anthropic-ratelimit-requests-remaining'), '3')
    const reset = Date.parse(reply.response.headers.get('anthropic-ratelimit-requests-reset') ?? '')
    assert.ok(reset > before + 55_000 && reset < before + 62_000, String(reset - before))
  } finally {
    await fake.close()
  }
})

test('OpenAI durations: milliseconds, seconds, minutes and seconds', () => {
  assert.equal(openAiDuration(20), '20ms')
  assert.equal(openAiDuration(1500), '1.5s')
  assert.equal(openAiDuration(360_000), '6m0s')
})

test('OpenAI reports a repeated prefix of 1,024 tokens or more as cached, in 128-token steps', async () => {
  const fake = await startFakeLlmServer()
  try {
    const openai = new OpenAI({ apiKey: 'k', baseURL: fake.openaiBaseUrl, maxRetries: 0 })
    const ask = (system: string, user: string) =>
      openai.chat.completions.create({
        model: 'm',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      })
    const long = 's'.repeat(6000)
    assert.equal((await ask(long, 'id="a" | first')).usage?.prompt_tokens_details?.cached_tokens, 0)
    const second = await ask(long, 'id="b" | second')
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0
    assert.ok(cached >= 1024 && cached % 128 === 0 && cached <= (second.usage?.prompt_tokens ?? 0), String(cached))
    // A short prefix is never cached.
    await ask('short', 'id="a" | x')
    assert.equal((await ask('short', 'id="a" | x')).usage?.prompt_tokens_details?.cached_tokens, 0)
    assert.equal(fake.stats().cached_input_tokens, cached)
  } finally {
    await fake.close()
  }
})

test('Anthropic writes the prefix through the cache_control block once, then reads it', async () => {
  const fake = await startFakeLlmServer()
  try {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: fake.anthropicBaseUrl, maxRetries: 0 })
    const ask = (user: string, cache: boolean) =>
      anthropic.messages.create({
        model: 'm',
        max_tokens: 100,
        system: [
          { type: 'text', text: 's'.repeat(6000), ...(cache ? { cache_control: { type: 'ephemeral' as const } } : {}) },
        ],
        messages: [{ role: 'user', content: user }],
        tools: [{ name: 'x', input_schema: schema as Anthropic.Tool.InputSchema }],
        tool_choice: { type: 'tool', name: 'x' },
      })
    const plain = await ask('id="a" | x', false)
    assert.equal(plain.usage.cache_creation_input_tokens, 0)
    const first = await ask('id="a" | x', true)
    const second = await ask('id="b" | y', true)
    assert.ok((first.usage.cache_creation_input_tokens ?? 0) >= 1500)
    assert.equal(first.usage.cache_read_input_tokens, 0)
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens)
    assert.equal(second.usage.cache_creation_input_tokens, 0)
    // input_tokens is only what follows the cached prefix.
    assert.ok(second.usage.input_tokens < 50 && plain.usage.input_tokens > 1500)
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
