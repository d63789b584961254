import assert from 'node:assert/strict'
import { test } from 'node:test'
import OpenAI from 'openai'
import Anthropic from '@anthropic-ai/sdk'
import { backoffMs, isRetryable, retryAfterMs, withRetry } from '../../src/llm/index'

const openAiError = (status: number, headers: Record<string, string> = {}) =>
  OpenAI.APIError.generate(status, { message: 'x' }, undefined, new Headers(headers))
const anthropicError = (status: number, headers: Record<string, string> = {}) =>
  Anthropic.APIError.generate(
    status,
    { type: 'error', error: { type: 'x', message: 'x' } },
    undefined,
    new Headers(headers),
  )

test('what is transient: 408, 429, 5xx, connection and timeout errors', () => {
  for (const status of [408, 429, 500, 502, 503, 529]) {
    assert.equal(isRetryable(openAiError(status)), true, `openai ${status}`)
    assert.equal(isRetryable(anthropicError(status)), true, `anthropic ${status}`)
  }
  for (const status of [400, 401, 403, 404, 422]) assert.equal(isRetryable(openAiError(status)), false)
  assert.equal(isRetryable(new OpenAI.APIConnectionError({ message: 'reset' })), true)
  assert.equal(isRetryable(new Anthropic.APIConnectionTimeoutError()), true)
  assert.equal(isRetryable(new OpenAI.APIUserAbortError()), false)
  assert.equal(isRetryable(new Error('bug')), false)
})

test('retry-after-ms beats retry-after; seconds and HTTP dates are understood', () => {
  assert.equal(retryAfterMs(openAiError(429, { 'retry-after-ms': '250', 'retry-after': '9' })), 250)
  assert.equal(retryAfterMs(anthropicError(429, { 'retry-after': '2' })), 2000)
  const now = Date.parse('2025-01-01T00:00:00Z')
  assert.equal(retryAfterMs(openAiError(429, { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now), 5000)
  assert.equal(retryAfterMs(openAiError(429, { 'retry-after': 'soon' })), null)
  assert.equal(retryAfterMs(openAiError(503)), null)
  assert.equal(retryAfterMs(new Error('x')), null)
})

test('full jitter: anywhere between 0 and the capped exponential ceiling', () => {
  assert.equal(
    backoffMs(0, () => 0, 500, 30_000),
    0,
  )
  assert.equal(
    backoffMs(0, () => 0.999, 500, 30_000),
    499,
  )
  assert.equal(
    backoffMs(3, () => 0.5, 500, 30_000),
    2000,
  )
  assert.equal(
    backoffMs(20, () => 0.5, 500, 30_000),
    15_000,
  )
})

test('withRetry stops after maxRetries retries and rethrows the last error', async () => {
  const slept: number[] = []
  let calls = 0
  await assert.rejects(
    withRetry(
      async () => {
        calls++
        throw openAiError(503)
      },
      { maxRetries: 3, sleep: async (ms) => void slept.push(ms), random: () => 1 - Number.EPSILON },
    ),
    (error: unknown) => error instanceof OpenAI.APIError && error.status === 503,
  )
  assert.equal(calls, 4)
  assert.deepEqual(slept, [499, 999, 1999])
})

test('withRetry does not retry a non-transient error, and reports 429 waits to onRateLimited', async () => {
  let calls = 0
  await assert.rejects(
    withRetry(
      async () => {
        calls++
        throw openAiError(401)
      },
      { maxRetries: 5, sleep: async () => {} },
    ),
  )
  assert.equal(calls, 1)

  const limited: number[] = []
  const result = await withRetry(
    async (attempt) => {
      if (attempt === 0) throw anthropicError(429, { 'retry-after': '7' })
      return 'done'
    },
    { maxRetries: 1, sleep: async () => {}, onRateLimited: (ms) => limited.push(ms) },
  )
  assert.equal(result, 'done')
  assert.equal(limited.length, 1)
  assert.ok(limited[0]! >= 7000 && limited[0]! <= 7250, `reported ${limited[0]}`)
})
