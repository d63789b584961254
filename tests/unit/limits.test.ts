import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sqliteLimiter } from '../../src/db/sqlite/limits'
import { durationMs, observedLimits } from '../../src/llm/rate-headers'
import { tempDb } from '../support/db'

function clock() {
  let at = 1_000_000
  return { now: () => at, sleep: async (ms: number) => void (at += ms) }
}

test('calls in flight are capped across limiter instances (processes) sharing the database', async () => {
  const { db, path } = tempDb()
  const { openDb } = await import('../../src/db/sqlite/connection')
  const other = openDb(path)
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5)))
  const a = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 2, lease_ms: 60_000 }, sleep)
  const b = sqliteLimiter(other, { rpm: 0, tpm: 0, concurrency: 2, lease_ms: 60_000 }, sleep)
  const r1 = await a.acquire('openai', 1)
  await b.acquire('openai', 1)
  let third = false
  const pending = b.acquire('openai', 1).then((release) => {
    third = true
    return release
  })
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(third, false)
  r1(1)
  ;(await pending)(1)
  assert.equal(third, true)
})

test('a killed process does not hold its slot forever: leases expire', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 1, lease_ms: 10_000 }, c.sleep, c.now)
  await limiter.acquire('openai', 1) // never released
  const start = c.now()
  await limiter.acquire('openai', 1)
  assert.ok(c.now() - start >= 10_000)
})

test('a 429 pauses every caller for the advertised time, and only for that provider', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 600, tpm: 0, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  ;(await limiter.acquire('openai', 1))(1)
  await limiter.penalize('openai', 3_000)
  const start = c.now()
  ;(await limiter.acquire('openai', 1))(1)
  assert.ok(c.now() - start >= 3_000)
  const before = c.now()
  ;(await limiter.acquire('anthropic', 1))(1)
  assert.equal(c.now(), before)
})

test('with no limits configured the limiter paces just under the limits the provider advertises', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  let start = c.now()
  for (let i = 0; i < 20; i++) (await limiter.acquire('openai', 100))(100)
  assert.equal(c.now(), start, 'nothing is known yet: no pacing')
  await limiter.observe('openai', { rpm: 60, tpm: 1_000_000, remaining_requests: 59 })
  // The 20 already sent count: 58 a minute (98 % of 60) leaves room for 38 more in this window, the rest in the next.
  start = c.now()
  for (let i = 0; i < 40; i++) (await limiter.acquire('openai', 100))(100)
  const elapsed = c.now() - start
  assert.ok(elapsed >= 60_000 && elapsed <= 62_000, `40 calls at a learned 60 rpm took ${elapsed} ms`)
  // Tokens are learned the same way; a provider window with nothing left waits for its reset.
  await limiter.observe('anthropic', { tpm: 60_000, remaining_tokens: 0, reset_tokens_ms: 900 })
  start = c.now()
  ;(await limiter.acquire('anthropic', 900))(900)
  assert.ok(c.now() - start >= 900, `waited ${c.now() - start} ms`)
})

test('before the provider has told its limits one call goes out at a time; its answer sets the pace for the rest', async () => {
  const { db } = tempDb()
  const c = clock()
  let first: ((tokens: number) => void) | undefined
  let start = 0
  // The probe's answer arrives a second after the others started waiting.
  const sleep = async (ms: number) => {
    await c.sleep(ms)
    if (first && c.now() - start >= 1_000) {
      limiter.observe('openai', { rpm: 600, tpm: 1_000_000, remaining_requests: 599, remaining_tokens: 999_000 })
      first(1_000)
      first = undefined
    }
  }
  const limiter = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 8, lease_ms: 60_000 }, sleep, c.now)
  first = await limiter.acquire('openai', 1_000)
  start = c.now()
  await limiter.acquire('openai', 1_000)
  assert.ok(c.now() - start >= 1_000, `the second call waited ${c.now() - start} ms for the probe`)
  // Limits known: calls overlap again, up to the configured concurrency.
  start = c.now()
  await limiter.acquire('openai', 1_000)
  await limiter.acquire('openai', 1_000)
  assert.equal(c.now(), start)
})

test('a provider that answers without limit headers ends the probe: nothing to learn, nothing to pace', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  ;(await limiter.acquire('local', 100))(100)
  limiter.observe('local', {})
  const start = c.now()
  for (let i = 0; i < 20; i++) await limiter.acquire('local', 100) // none released
  assert.equal(c.now(), start)
})

test('nothing left in the provider window: every caller waits for its advertised reset', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 0, tpm: 0, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  limiter.observe('openai', { rpm: 6_000, tpm: 10_000_000, remaining_requests: 0, reset_requests_ms: 7_000 })
  let start = c.now()
  ;(await limiter.acquire('openai', 100))(100)
  assert.ok(c.now() - start >= 7_000, `waited ${c.now() - start} ms`)
  // Tokens: less than a quarter of the minute's limit left after a 429 (no call measured) waits for the token reset.
  limiter.observe('openai', { remaining_requests: 5_000, remaining_tokens: 20_000, reset_tokens_ms: 4_000 })
  start = c.now()
  ;(await limiter.acquire('openai', 100))(100)
  assert.ok(c.now() - start >= 4_000, `waited ${c.now() - start} ms`)
  // Plenty left: the reset does not matter.
  limiter.observe('openai', { remaining_requests: 5_000, remaining_tokens: 5_000_000, reset_tokens_ms: 30_000 })
  start = c.now()
  ;(await limiter.acquire('openai', 100))(100)
  assert.ok(c.now() - start < 1_000, `waited ${c.now() - start} ms`)
  // The measure is the call that brought the headers: what is left fits another like it, or it does not.
  limiter.observe('openai', { remaining_tokens: 8_000, reset_tokens_ms: 30_000 }, 7_000)
  start = c.now()
  ;(await limiter.acquire('openai', 100))(100)
  assert.ok(c.now() - start < 1_000, `waited ${c.now() - start} ms`)
  limiter.observe('openai', { remaining_tokens: 6_000, reset_tokens_ms: 30_000 }, 7_000)
  start = c.now()
  ;(await limiter.acquire('openai', 100))(100)
  assert.ok(c.now() - start >= 30_000, `waited ${c.now() - start} ms`)
})

test('configured limits win over advertised ones', async () => {
  const { db } = tempDb()
  const c = clock()
  const limiter = sqliteLimiter(db, { rpm: 600, tpm: 0, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  await limiter.observe('openai', { rpm: 6, remaining_requests: 0 })
  const start = c.now()
  for (let i = 0; i < 40; i++) (await limiter.acquire('openai', 100))(100)
  // The configured 600 rpm lets 40 go at once; the advertised 6 would have taken minutes.
  assert.equal(c.now(), start)
  // Both configured: no probe, and an advertised reset with nothing left pauses no one.
  const both = sqliteLimiter(db, { rpm: 600, tpm: 100_000, concurrency: 0, lease_ms: 60_000 }, c.sleep, c.now)
  await both.acquire('anthropic', 100) // not released: a probe would hold the next call
  both.observe('anthropic', {
    rpm: 6,
    tpm: 10,
    remaining_requests: 0,
    remaining_tokens: 0,
    reset_requests_ms: 30_000,
    reset_tokens_ms: 30_000,
  })
  const again = c.now()
  await both.acquire('anthropic', 100)
  assert.equal(c.now(), again)
})

test('rate-limit headers of both providers are read; other headers are not limits', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries)
  assert.deepEqual(
    observedLimits(
      headers({
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-limit-tokens': '200000',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-remaining-tokens': '199500',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-reset-tokens': '1m2.5s',
      }),
    ),
    {
      rpm: 500,
      tpm: 200_000,
      remaining_requests: 499,
      remaining_tokens: 199_500,
      reset_requests_ms: 120,
      reset_tokens_ms: 62_500,
    },
  )
  assert.deepEqual(
    observedLimits(
      headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-tokens-limit': '40000',
        'anthropic-ratelimit-tokens-remaining': 'not a number',
        'anthropic-ratelimit-requests-reset': '2026-11-30T12:00:03Z',
        'anthropic-ratelimit-tokens-reset': 'soon',
      }),
      Date.parse('2026-11-30T12:00:00Z'),
    ),
    { rpm: 50, tpm: 40_000, remaining_requests: 49, reset_requests_ms: 3_000 },
  )
  assert.deepEqual(['6m0s', '1.5s', '20ms', '1h2m', '7', '5x', ''].map(durationMs), [
    360_000,
    1_500,
    20,
    3_720_000,
    null,
    null,
    null,
  ])
  assert.equal(observedLimits(headers({ 'content-type': 'application/json' })), null)
  assert.equal(observedLimits(undefined), null)
})
