import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { z } from 'zod'
import {
  createLlmClient,
  jsonSchemaOf,
  LlmInvalidOutputError,
  LlmRequestError,
  loadLlmConfig,
  strictJsonSchemaOf,
  type LlmClientDeps,
  type LlmProvider,
} from '../../src/llm/index'
import type { SharedLimiter } from '../../src/llm/limiter'
import type { ObservedLimits } from '../../src/llm/rate-headers'
import { familyAnswer } from '../support/answer-schemas'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const answerSchema = familyAnswer.extend({ note: z.string().optional() })

const request = {
  system: 'You classify economic indicators.',
  user: 'id="gdp" | GDP [USD Billion], quarterly',
  schema: answerSchema,
  schema_name: 'family_answer',
}

let fake: FakeLlmServer
let slept: number[]
let rateLimited: number[]

before(async () => {
  fake = await startFakeLlmServer()
})
after(() => fake.close())
beforeEach(() => {
  fake.reset()
  slept = []
  rateLimited = []
})

const deps = (): LlmClientDeps => ({
  sleep: async (ms) => {
    slept.push(ms)
  },
  random: () => 0.5,
  onRateLimited: (ms) => rateLimited.push(ms),
})

function clientFor(provider: LlmProvider, env: NodeJS.ProcessEnv = {}) {
  const config = loadLlmConfig({
    LLM_PROVIDER: provider,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
    LOCAL_LLM_URL: fake.openaiBaseUrl,
    LLM_MAX_RETRIES: '3',
    ...env,
  })
  return createLlmClient(config, provider, deps())
}

describe('each provider through its real SDK', () => {
  for (const provider of ['openai', 'anthropic', 'local'] as const) {
    test(`${provider} returns a validated object and the usage the server reported`, async () => {
      const client = clientFor(provider)
      const response = await client.complete(request)
      assert.deepEqual(response.value, {
        family: 'physical-fundamental',
        confidence: 0.9,
        reasoning: 'fake reasoning',
        note: 'fake note',
      })
      const stats = fake.stats()
      assert.ok(stats.input_tokens > 0 && stats.output_tokens > 0)
      assert.deepEqual(response.usage, {
        input_tokens: stats.input_tokens,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: stats.output_tokens,
      })
      assert.equal(response.attempts, 1)
      assert.equal(response.calls.length, 1)
      const [call] = response.calls
      assert.equal(call?.status, 'ok')
      assert.equal(call?.provider, provider)
      assert.equal(call?.model, client.model)
      assert.equal(call?.input_tokens, stats.input_tokens)
      assert.ok(response.latency_ms >= 0)
    })
  }

  test('OpenAI receives the zod schema in strict form: every property required, optional ones nullable', async () => {
    await clientFor('openai').complete(request)
    const [received] = fake.requests()
    const format = received?.body.response_format as { type: string; json_schema: { name: string; strict: boolean } }
    assert.equal(format.type, 'json_schema')
    assert.equal(format.json_schema.name, 'family_answer')
    assert.equal(format.json_schema.strict, true)
    assert.deepEqual(received?.schema, strictJsonSchemaOf(answerSchema))

    const plain = z.toJSONSchema(answerSchema) as { properties: Record<string, unknown> }
    const sent = received?.schema as {
      properties: Record<string, unknown>
      required: string[]
      additionalProperties: boolean
    }
    assert.deepEqual(sent.required, ['family', 'confidence', 'reasoning', 'note'])
    assert.equal(sent.additionalProperties, false)
    assert.deepEqual(sent.properties.family, plain.properties.family)
    assert.deepEqual(sent.properties.note, { anyOf: [plain.properties.note, { type: 'null' }] })
  })

  test('OpenAI strict-mode nulls for optional properties are dropped before validation', async () => {
    fake.script({ answers: { gdp: { note: null } } })
    const response = await clientFor('openai').complete(request)
    assert.equal(response.attempts, 1)
    assert.equal('note' in response.value, false)
  })

  test('Anthropic receives the zod schema as the input schema of one forced tool', async () => {
    await clientFor('anthropic').complete(request)
    const [received] = fake.requests()
    const body = received?.body as {
      tools: { name: string; input_schema: unknown }[]
      tool_choice: unknown
      model: string
    }
    assert.equal(body.tools.length, 1)
    assert.equal(body.tools[0]?.name, 'family_answer')
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'family_answer' })
    const { $schema: _marker, ...expected } = z.toJSONSchema(answerSchema) as Record<string, unknown>
    assert.deepEqual(body.tools[0]?.input_schema, expected)
    assert.deepEqual(jsonSchemaOf(answerSchema), expected)
    assert.equal(body.model, 'claude-haiku-4-5')
  })

  test('the local provider uses the configured model and the placeholder key', async () => {
    const client = clientFor('local', { LM_STUDIO_MODEL: 'qwen2.5-7b' })
    const response = await client.complete({ ...request, max_output_tokens: 300 })
    const [received] = fake.requests()
    assert.equal(received?.body.model, 'qwen2.5-7b')
    assert.equal(received?.body.max_tokens, 300)
    assert.equal(received?.headers.authorization, 'Bearer lm-studio')
    assert.equal(response.calls[0]?.cost_usd, 0)
  })
})

describe('retries', () => {
  test('429 with retry-after-ms waits exactly the advertised delay, then succeeds', async () => {
    fake.script({ rateLimited: 2, retryAfterMs: 1234 })
    const response = await clientFor('openai').complete(request)
    // The advertised wait is a floor, with at most 10 % (≤ 250 ms) of jitter on top.
    for (const waits of [slept, rateLimited]) {
      assert.equal(waits.length, 2)
      for (const ms of waits) assert.ok(ms >= 1234 && ms <= 1234 + 124, `waited ${ms}`)
    }
    assert.equal(response.attempts, 3)
    assert.deepEqual(
      response.calls.map((c) => c.status),
      ['retried', 'retried', 'ok'],
    )
    assert.match(response.calls[0]?.error ?? '', /429/)
    assert.equal(fake.stats().rate_limited, 2)
  })

  test('Anthropic 429 with retry-after in seconds waits that many seconds', async () => {
    fake.script({ rateLimited: 1, retryAfterMs: 3000, retryAfterSecondsOnly: true })
    const response = await clientFor('anthropic').complete(request)
    assert.equal(slept.length, 1)
    assert.ok(slept[0]! >= 3000 && slept[0]! <= 3250, `waited ${slept[0]}`)
    assert.equal(response.attempts, 2)
  })

  test('5xx is retried with jittered exponential backoff, then succeeds', async () => {
    fake.script({ serverErrors: 2, serverErrorStatus: 503 })
    const response = await clientFor('anthropic').complete(request)
    // random() = 0.5 of the 500 ms, 1000 ms ceilings
    assert.deepEqual(slept, [250, 500])
    assert.equal(response.value.family, 'physical-fundamental')
    assert.deepEqual(
      response.calls.map((c) => c.status),
      ['retried', 'retried', 'ok'],
    )
    assert.equal(fake.stats().server_errors, 2)
  })

  test('exhausted retries end in LlmRequestError carrying every call', async () => {
    fake.script({ serverErrors: 10 })
    const error = await clientFor('openai', { LLM_MAX_RETRIES: '2' })
      .complete(request)
      .then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      )
    assert.ok(error instanceof LlmRequestError)
    assert.deepEqual(
      error.calls.map((c) => c.status),
      ['retried', 'retried', 'error'],
    )
    assert.equal(fake.stats().requests, 3)
  })

  test('a client error such as 400 is not retried', async () => {
    fake.script({ clientErrors: 1 })
    const error = await clientFor('openai')
      .complete(request)
      .then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      )
    assert.ok(error instanceof LlmRequestError)
    assert.equal(error.calls.length, 1)
    assert.equal(slept.length, 0)
  })

  test('a timed-out call is retried', async () => {
    fake.script({ stall: 1, stallMs: 5000 })
    const response = await clientFor('openai', { LLM_TIMEOUT_MS: '150' }).complete(request)
    assert.equal(response.attempts, 2)
    assert.equal(response.calls[0]?.status, 'retried')
    assert.match(response.calls[0]?.error ?? '', /timed out/i)
    assert.ok((response.calls[0]?.latency_ms ?? 0) >= 100)
  })

  test('a refused connection is retried and then reported', async () => {
    const closed = await startFakeLlmServer()
    const url = closed.openaiBaseUrl
    await closed.close()
    const error = await clientFor('local', { LOCAL_LLM_URL: url, LLM_MAX_RETRIES: '1' })
      .complete(request)
      .then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      )
    assert.ok(error instanceof LlmRequestError)
    assert.equal(slept.length, 1)
    assert.match(error.message, /connection/i)
  })
})

describe('invalid output', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    test(`${provider}: garbled output gets one repair request quoting the output and the error`, async () => {
      fake.script({ garbled: 1 })
      const response = await clientFor(provider).complete(request)
      assert.equal(response.value.family, 'physical-fundamental')
      assert.deepEqual(
        response.calls.map((c) => c.status),
        ['invalid', 'ok'],
      )
      assert.match(response.calls[0]?.error ?? '', /not valid JSON/)
      const repair = fake.requests()[1]
      assert.ok(repair?.user.startsWith(request.user))
      assert.match(repair?.user ?? '', /Validation error:\nnot valid JSON/)
      assert.ok(repair?.user.includes('"indicator_id": oops'))
      const stats = fake.stats()
      assert.deepEqual(response.usage, {
        input_tokens: stats.input_tokens,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: stats.output_tokens,
      })
    })
  }

  test('an answer failing zod validation is repaired with the zod message', async () => {
    fake.script({ answers: { gdp: { family: 'not-a-family' } } })
    const error = await clientFor('openai')
      .complete(request)
      .then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      )
    assert.ok(error instanceof LlmInvalidOutputError)
    assert.match(error.reason, /schema violation/)
    assert.match(error.reason, /family/)
    assert.match(fake.requests()[1]?.user ?? '', /not-a-family/)
  })

  test('garbled twice → LlmInvalidOutputError with the reason and both calls', async () => {
    fake.script({ garbled: 2 })
    const error = await clientFor('anthropic')
      .complete(request)
      .then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      )
    assert.ok(error instanceof LlmInvalidOutputError)
    assert.match(error.reason, /not valid JSON/)
    assert.ok(error.output.includes('oops'))
    assert.deepEqual(
      error.calls.map((c) => c.status),
      ['invalid', 'invalid'],
    )
    assert.equal(fake.stats().requests, 2)
  })

  test('retries and the repair share one attempt numbering', async () => {
    fake.script({ rateLimited: 1, retryAfterMs: 10, garbled: 1 })
    const response = await clientFor('openai').complete(request)
    assert.deepEqual(
      response.calls.map((c) => [c.attempt, c.status]),
      [
        [1, 'retried'],
        [2, 'invalid'],
        [3, 'ok'],
      ],
    )
    assert.equal(response.attempts, 3)
  })
})

describe('cost accounting on calls', () => {
  test('OpenAI calls are priced with the configured table', async () => {
    const client = clientFor('openai', { LLM_PRICES_JSON: '{"gpt-4o-mini": {"input": 1000000, "output": 0}}' })
    const response = await client.complete(request)
    assert.equal(response.calls[0]?.cost_usd, response.usage.input_tokens)
  })

  // Long enough for either provider's prompt cache (1,024 tokens and more).
  const cachedRequest = { ...request, system: `You classify economic indicators. ${'Taxonomy brief. '.repeat(400)}` }

  test('OpenAI: the repeated system prompt is read from the cache and priced at the cached rate', async () => {
    const client = clientFor('openai')
    const first = await client.complete(cachedRequest)
    const second = await client.complete({ ...cachedRequest, user: 'id="cpi" | Inflation Rate [%], monthly' })
    const [paid, cached] = [first.calls[0]!, second.calls[0]!]
    assert.equal(paid.cached_input_tokens, 0)
    assert.ok(
      cached.cached_input_tokens >= 1024 && cached.cached_input_tokens <= cached.input_tokens,
      String(cached.cached_input_tokens),
    )
    assert.equal(cached.cached_input_tokens, fake.stats().cached_input_tokens)
    // gpt-4o-mini: $0.15 per million prompt tokens, $0.075 cached, $0.60 output.
    const expected =
      ((cached.input_tokens - cached.cached_input_tokens) * 0.15 +
        cached.cached_input_tokens * 0.075 +
        cached.output_tokens * 0.6) /
      1e6
    assert.ok(Math.abs(cached.cost_usd - expected) < 1e-12)
    assert.ok(cached.cost_usd < paid.cost_usd)
  })

  test('Anthropic: the system block carries cache_control; written once at the write rate, then read at the cached rate', async () => {
    const client = clientFor('anthropic')
    const first = await client.complete(cachedRequest)
    const second = await client.complete({ ...cachedRequest, user: 'id="cpi" | Inflation Rate [%], monthly' })
    assert.deepEqual(fake.requests()[0]?.body.system, [
      { type: 'text', text: cachedRequest.system, cache_control: { type: 'ephemeral' } },
    ])
    const [written, read] = [first.calls[0]!, second.calls[0]!]
    assert.ok(written.cache_write_tokens >= 1024 && written.cached_input_tokens === 0)
    assert.ok(read.cached_input_tokens === written.cache_write_tokens && read.cache_write_tokens === 0)
    // Every prompt token is in input_tokens, cached or not, as with OpenAI.
    assert.equal(read.input_tokens + written.input_tokens, fake.stats().input_tokens)
    // claude-haiku-4-5: $1 per million prompt tokens, $0.10 read, $1.25 written, $5 output.
    const price = (c: typeof read) =>
      ((c.input_tokens - c.cached_input_tokens - c.cache_write_tokens) * 1 +
        c.cached_input_tokens * 0.1 +
        c.cache_write_tokens * 1.25 +
        c.output_tokens * 5) /
      1e6
    assert.ok(Math.abs(written.cost_usd - price(written)) < 1e-12 && Math.abs(read.cost_usd - price(read)) < 1e-12)
    assert.ok(read.cost_usd < written.cost_usd / 3)
  })
})

describe('limits learned from the provider', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    test(`${provider}: the rate-limit headers of answers and of 429s reach the shared limiter`, async () => {
      const limited = await startFakeLlmServer({ rateLimit: { requestsPerMinute: 2, tokensPerMinute: 1_000_000 } })
      const observed: { provider: string; limits: ObservedLimits }[] = []
      const limiter: SharedLimiter = {
        acquire: async () => () => {},
        penalize: async () => {},
        observe: async (p, limits) => void observed.push({ provider: p, limits }),
      }
      try {
        const config = loadLlmConfig({
          LLM_PROVIDER: provider,
          OPENAI_API_KEY: 'sk-test',
          OPENAI_BASE_URL: limited.openaiBaseUrl,
          ANTHROPIC_API_KEY: 'sk-ant-test',
          ANTHROPIC_BASE_URL: limited.anthropicBaseUrl,
          LLM_MAX_RETRIES: '0',
        })
        const client = createLlmClient(config, provider, { ...deps(), limiter })
        await client.complete(request)
        await client.complete(request)
        await assert.rejects(client.complete(request), LlmRequestError)
        assert.deepEqual(
          observed.map((o) => [o.provider, o.limits.rpm, o.limits.remaining_requests, o.limits.tpm]),
          [
            [provider, 2, 1, 1_000_000],
            [provider, 2, 0, 1_000_000],
            [provider, 2, 0, 1_000_000],
          ],
        )
      } finally {
        await limited.close()
      }
    })
  }

  test('the reset of a window with nothing left reaches the limiter; an answer without limit headers says so', async () => {
    const limited = await startFakeLlmServer({ rateLimit: { requestsPerMinute: 1 } })
    const open = await startFakeLlmServer()
    const observed: ObservedLimits[] = []
    const limiter: SharedLimiter = {
      acquire: async () => () => {},
      penalize: async () => {},
      observe: async (_p, limits) => {
        observed.push(limits)
      },
    }
    try {
      const clientOf = (baseUrl: string) =>
        createLlmClient(
          loadLlmConfig({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseUrl }),
          'openai',
          { ...deps(), limiter },
        )
      await clientOf(limited.openaiBaseUrl).complete(request)
      assert.equal(observed[0]!.remaining_requests, 0)
      assert.ok(observed[0]!.reset_requests_ms! > 50_000, `reset in ${observed[0]!.reset_requests_ms} ms`)
      observed.length = 0
      await clientOf(open.openaiBaseUrl).complete(request)
      assert.deepEqual(observed, [{}])
    } finally {
      await limited.close()
      await open.close()
    }
  })
})
