import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  learnLimits,
  LIMIT_SHARE,
  paceCall,
  UNPACED,
  WINDOW_MS,
  type Admission,
  type LimitSettings,
  type Pacing,
} from '../../src/llm/limiter'

const settings = (more: Partial<LimitSettings>): LimitSettings => ({
  rpm: 0,
  tpm: 0,
  concurrency: 0,
  lease_ms: 60_000,
  ...more,
})

/**
 * Callers that each ask again as soon as told (a simulated clock), calls of `sizes` tokens answered `latency_ms` after
 * they went out: when each went out, as the provider counts them.
 */
function simulate(limits: LimitSettings, pacing: Pacing, sizes: readonly number[], latency_ms = 300) {
  const admissions: Admission[] = []
  const sent: Admission[] = []
  let now = 0
  for (const tokens of sizes) {
    for (;;) {
      // An answered call counts from when it ended.
      for (const a of admissions)
        if (a.lease_expires_ms !== null && a.at_ms + latency_ms <= now) {
          a.at_ms += latency_ms
          a.lease_expires_ms = null
        }
      const decision = paceCall(limits, pacing, admissions, tokens, now)
      if (decision.go) break
      now += decision.wait_ms
    }
    admissions.push({ at_ms: now, tokens, lease_expires_ms: now + limits.lease_ms })
    sent.push({ at_ms: now, tokens, lease_expires_ms: null })
  }
  return { admissions: sent, elapsed: now }
}

/** The most any sliding minute (the provider's count) holds: calls and tokens. */
function busiestMinute(admissions: readonly Admission[]) {
  let calls = 0
  let tokens = 0
  for (const start of admissions) {
    const within = admissions.filter((a) => a.at_ms >= start.at_ms && a.at_ms < start.at_ms + 60_000)
    calls = Math.max(calls, within.length)
    tokens = Math.max(
      tokens,
      within.reduce((sum, a) => sum + a.tokens, 0),
    )
  }
  return { calls, tokens }
}

test('no sliding minute holds more calls than the limit, and the limit is used: 300 calls at 60 a minute', () => {
  const { admissions, elapsed } = simulate(settings({ rpm: 60 }), UNPACED, Array(300).fill(100))
  assert.ok(busiestMinute(admissions).calls <= 60 * LIMIT_SHARE, `busiest minute ${busiestMinute(admissions).calls}`)
  // 58 go in each window of 61 s: the 300th goes in the sixth window, close to the 5 minutes the limit allows.
  assert.ok(elapsed >= 240_000 && elapsed <= 300_000 * 1.05, `300 calls at 60 rpm took ${elapsed} ms`)
})

test('no sliding minute holds more tokens than the limit, whatever the sizes of the calls', () => {
  let seed = 7
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  const sizes = Array.from({ length: 200 }, () => Math.round(1_000 + random() * 9_000))
  const { admissions, elapsed } = simulate(settings({ tpm: 100_000, concurrency: 4 }), UNPACED, sizes)
  const busiest = busiestMinute(admissions)
  assert.ok(busiest.tokens <= 100_000 * LIMIT_SHARE, `busiest minute held ${busiest.tokens} tokens`)
  const total = sizes.reduce((sum, n) => sum + n, 0)
  const bound = (total / 100_000) * 60_000
  assert.ok(
    elapsed >= bound - 60_000 && elapsed <= bound * 1.05,
    `${total} tokens at 100,000 a minute took ${elapsed} ms`,
  )
})

test('a call bigger than the whole token limit goes alone, once the window is empty', () => {
  const limits = settings({ tpm: 10_000 })
  const admissions: Admission[] = [{ at_ms: 0, tokens: 500, lease_expires_ms: null }]
  assert.deepEqual(paceCall(limits, UNPACED, admissions, 50_000, 1_000), { go: false, wait_ms: WINDOW_MS - 1_000 })
  assert.deepEqual(paceCall(limits, UNPACED, admissions, 50_000, WINDOW_MS), { go: true })
})

test('a call counts while in flight and for a minute after its answer: the provider may have counted it late', () => {
  const limits = settings({ rpm: 3, tpm: 1_000_000 })
  const inFlight: Admission[] = [
    { at_ms: 0, tokens: 1, lease_expires_ms: 600_000 },
    { at_ms: 0, tokens: 1, lease_expires_ms: 600_000 },
  ]
  // Two calls sent long ago and not answered yet fill the 2.94 a minute: the earliest either can leave is a minute on.
  assert.deepEqual(paceCall(limits, UNPACED, inFlight, 1, 100_000), { go: false, wait_ms: WINDOW_MS })
  const answered = [{ ...inFlight[0]!, at_ms: 100_000, lease_expires_ms: null }, inFlight[1]!]
  assert.deepEqual(paceCall(limits, UNPACED, answered, 1, 130_000), { go: false, wait_ms: 30_000 })
  assert.deepEqual(paceCall(limits, UNPACED, answered, 1, 160_000), { go: true })
})

test('limits neither configured nor learned: one call at a time (the probe), then the configured concurrency', () => {
  const inFlight: Admission[] = [{ at_ms: 0, tokens: 100, lease_expires_ms: 60_000 }]
  const limits = settings({ concurrency: 8 })
  assert.equal(paceCall(limits, UNPACED, inFlight, 100, 10).go, false)
  const learned = { ...UNPACED, learned_rpm: 500, learned_tpm: 200_000 }
  assert.equal(paceCall(limits, learned, inFlight, 100, 10).go, true)
  // A slot held by a killed process frees when its lease expires.
  assert.equal(paceCall(settings({ concurrency: 1, rpm: 500, tpm: 200_000 }), UNPACED, inFlight, 100, 60_001).go, true)
})

test('a pause (a 429, or a provider window with nothing left) holds every call until it ends', () => {
  const paused = { ...UNPACED, paused_until_ms: 5_000 }
  assert.deepEqual(paceCall(settings({}), paused, [], 100, 1_000), { go: false, wait_ms: 4_000 })
  assert.deepEqual(paceCall(settings({}), paused, [], 100, 5_000), { go: true })
})

test('the headers teach what is not configured, and nothing left waits for the reset', () => {
  const learned = learnLimits(settings({ rpm: 100 }), UNPACED, { rpm: 6, tpm: 60_000, remaining_tokens: 900 }, 1_000, 0)
  assert.deepEqual(learned, { paused_until_ms: 0, learned_rpm: 0, learned_tpm: 60_000 })
  const told = { remaining_requests: 0, reset_requests_ms: 7_000, remaining_tokens: 900, reset_tokens_ms: 9_000 }
  assert.equal(learnLimits(settings({ tpm: 60_000 }), learned, told, 1_000, 100).paused_until_ms, 7_100)
  assert.equal(learnLimits(settings({ rpm: 100 }), learned, told, 1_000, 100).paused_until_ms, 9_100)
  assert.equal(learnLimits(settings({ rpm: 100 }), learned, told, 800, 100).paused_until_ms, 0)
  assert.equal(learnLimits(settings({ rpm: 100, tpm: 60_000 }), learned, told, 1_000, 100).paused_until_ms, 0)
  // An answer with no headers ends the probe: nothing to learn, nothing to pace.
  const silent = learnLimits(settings({}), UNPACED, {}, 100, 0)
  assert.equal(
    paceCall(settings({ concurrency: 8 }), silent, [{ at_ms: 0, tokens: 1, lease_expires_ms: 9 }], 1, 1).go,
    true,
  )
})
