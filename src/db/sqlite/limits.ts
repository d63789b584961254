import { randomUUID } from 'node:crypto'
import { LEARNED_SHARE, type LimitSettings, type SharedLimiter } from '../../llm/limiter'
import type { Db } from './connection'

interface LimitRow {
  request_budget: number
  token_budget: number
  updated_ms: number
  paused_until_ms: number
  rate_factor: number
  /** The provider's advertised per-minute limits (0 until it sent them); used where LLM_RPM or LLM_TPM is unset. */
  learned_rpm: number
  learned_tpm: number
}

const BURST_SECONDS = 5
const MIN_FACTOR = 0.25
/** A learned limit may bank more of an idle stretch (between two stages) than a configured one (see LEARNED_SHARE). */
const LEARNED_BURST_SECONDS = 15
/** Stored as a learned limit when the provider answered without advertising one: nothing to learn, nothing to pace. */
const NOT_ADVERTISED = -1
/** How often a call waiting for the probe (or a free slot) looks again. */
const POLL_MS = 50

type Decision = { go: true; lease: string } | { go: false; wait_ms: number }

/**
 * Token buckets for requests and tokens per provider, plus leases for calls in flight, in SQLite: every step process
 * shares them through the same database, and a killed process's lease simply expires.
 */
export function sqliteLimiter(
  db: Db,
  settings: LimitSettings,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  now = Date.now,
): SharedLimiter {
  // Configured limits win; otherwise the provider's own, once it has sent them (0: no limit).
  const limitsOf = (row: Pick<LimitRow, 'learned_rpm' | 'learned_tpm'>) => ({
    rpm: settings.rpm > 0 ? settings.rpm : Math.max(0, row.learned_rpm) * LEARNED_SHARE,
    tpm: settings.tpm > 0 ? settings.tpm : Math.max(0, row.learned_tpm) * LEARNED_SHARE,
  })
  /**
   * A limit neither configured nor heard from the provider yet: until the first answer brings its headers, one call at
   * a time goes out, so the first burst cannot run into limits nobody knows.
   */
  const probing = (row: Pick<LimitRow, 'learned_rpm' | 'learned_tpm'>) =>
    (settings.rpm === 0 && row.learned_rpm === 0) || (settings.tpm === 0 && row.learned_tpm === 0)
  const inFlight = (provider: string) =>
    db.prepare('SELECT COUNT(*) FROM llm_leases WHERE provider = ?').pluck().get(provider) as number
  const requestBurst = settings.rpm > 0 ? BURST_SECONDS : LEARNED_BURST_SECONDS
  const tokenBurst = settings.tpm > 0 ? BURST_SECONDS : LEARNED_BURST_SECONDS
  const requestCap = (rpm: number) => Math.max(1, (rpm / 60) * requestBurst)
  const tokenCap = (tpm: number, estimate: number) => Math.max(estimate, (tpm / 60) * tokenBurst)

  const load = (provider: string, at: number): LimitRow => {
    const row = db
      .prepare(
        'SELECT request_budget, token_budget, updated_ms, paused_until_ms, rate_factor, learned_rpm, learned_tpm FROM llm_limits WHERE provider = ?',
      )
      .get(provider) as LimitRow | undefined
    const fresh = { updated_ms: at, paused_until_ms: 0, rate_factor: 1, learned_rpm: 0, learned_tpm: 0 }
    return row ?? { ...fresh, request_budget: requestCap(settings.rpm), token_budget: tokenCap(settings.tpm, 0) }
  }
  const save = (provider: string, row: LimitRow) =>
    db
      .prepare(
        `INSERT INTO llm_limits (provider, request_budget, token_budget, updated_ms, paused_until_ms, rate_factor, learned_rpm, learned_tpm)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider) DO UPDATE SET request_budget = excluded.request_budget, token_budget = excluded.token_budget,
           updated_ms = excluded.updated_ms, paused_until_ms = excluded.paused_until_ms, rate_factor = excluded.rate_factor,
           learned_rpm = excluded.learned_rpm, learned_tpm = excluded.learned_tpm`,
      )
      .run(
        provider,
        row.request_budget,
        row.token_budget,
        row.updated_ms,
        row.paused_until_ms,
        row.rate_factor,
        row.learned_rpm,
        row.learned_tpm,
      )

  const tryTake = (provider: string, estimate: number): Decision =>
    db
      .transaction((): Decision => {
        const at = now()
        db.prepare('DELETE FROM llm_leases WHERE expires_ms < ?').run(at)
        const row = load(provider, at)
        if (row.paused_until_ms > at) return { go: false, wait_ms: row.paused_until_ms - at }
        const slots = probing(row) ? 1 : settings.concurrency
        if (slots > 0 && inFlight(provider) >= slots) return { go: false, wait_ms: POLL_MS }
        const elapsed = Math.max(0, at - row.updated_ms)
        const { rpm, tpm } = limitsOf(row)
        // Recover slowly from a 429: the rate creeps back up as calls succeed and time passes.
        row.rate_factor = Math.min(1, row.rate_factor + elapsed / 60_000)
        const requestRate = (rpm * row.rate_factor) / 60_000
        const tokenRate = (tpm * row.rate_factor) / 60_000
        row.request_budget =
          rpm > 0 ? Math.min(requestCap(rpm), row.request_budget + elapsed * requestRate) : requestCap(rpm)
        row.token_budget =
          tpm > 0 ? Math.min(tokenCap(tpm, estimate), row.token_budget + elapsed * tokenRate) : tokenCap(tpm, estimate)
        row.updated_ms = at
        const requestWait = rpm > 0 && row.request_budget < 1 ? (1 - row.request_budget) / requestRate : 0
        const tokenWait = tpm > 0 && row.token_budget < estimate ? (estimate - row.token_budget) / tokenRate : 0
        if (requestWait > 0 || tokenWait > 0) {
          save(provider, row)
          return { go: false, wait_ms: Math.max(requestWait, tokenWait) }
        }
        if (rpm > 0) row.request_budget -= 1
        if (tpm > 0) row.token_budget -= estimate
        save(provider, row)
        const lease = randomUUID()
        db.prepare('INSERT INTO llm_leases (lease_id, provider, expires_ms) VALUES (?, ?, ?)').run(
          lease,
          provider,
          at + settings.lease_ms,
        )
        return { go: true, lease }
      })
      .immediate()

  return {
    async acquire(provider, estimatedTokens) {
      for (;;) {
        const decision = tryTake(provider, estimatedTokens)
        if (decision.go) {
          return (actualTokens: number) =>
            db
              .transaction(() => {
                db.prepare('DELETE FROM llm_leases WHERE lease_id = ?').run(decision.lease)
                // The estimate was charged up front; settle the difference once the real usage is known.
                if (actualTokens > 0) {
                  db.prepare('UPDATE llm_limits SET token_budget = token_budget + ? WHERE provider = ?').run(
                    estimatedTokens - actualTokens,
                    provider,
                  )
                }
              })
              .immediate()
        }
        // Jitter keeps the waiting processes from waking in lockstep.
        await sleep(Math.min(2_000, decision.wait_ms) + Math.random() * 50)
      }
    },
    async penalize(provider, retryAfterMs) {
      db.transaction(() => {
        const at = now()
        const row = load(provider, at)
        row.rate_factor = Math.max(MIN_FACTOR, row.rate_factor * 0.7)
        row.paused_until_ms = Math.max(row.paused_until_ms, at + retryAfterMs)
        row.request_budget = Math.min(row.request_budget, 0)
        row.updated_ms = at
        save(provider, row)
      }).immediate()
    },
    async observe(provider, limits, callTokens) {
      db.transaction(() => {
        const at = now()
        const row = load(provider, at)
        // The first limits heard (the probe's answer) start a full bucket; from then on what the provider says is left
        // caps the budget: it counts calls of other clients of the same account too. When less is left than the call
        // just answered used (or a burst, after a 429), every caller waits until the provider says its window has room.
        const waitFor = (reset: number | undefined) => {
          if (reset !== undefined) row.paused_until_ms = Math.max(row.paused_until_ms, at + reset)
        }
        if (settings.rpm === 0) {
          const first = row.learned_rpm <= 0 && limits.rpm !== undefined
          row.learned_rpm = limits.rpm ?? (row.learned_rpm || NOT_ADVERTISED)
          if (first) row.request_budget = requestCap(limitsOf(row).rpm)
          if (limits.remaining_requests !== undefined) {
            row.request_budget = Math.min(row.request_budget, limits.remaining_requests)
            if (limits.remaining_requests < 1) waitFor(limits.reset_requests_ms)
          }
        }
        if (settings.tpm === 0) {
          const first = row.learned_tpm <= 0 && limits.tpm !== undefined
          row.learned_tpm = limits.tpm ?? (row.learned_tpm || NOT_ADVERTISED)
          const { tpm } = limitsOf(row)
          if (first) row.token_budget = tokenCap(tpm, 0)
          if (limits.remaining_tokens !== undefined) {
            row.token_budget = Math.min(row.token_budget, limits.remaining_tokens)
            if (tpm > 0 && limits.remaining_tokens < (callTokens ?? tokenCap(tpm, 0))) waitFor(limits.reset_tokens_ms)
          }
        }
        save(provider, row)
      }).immediate()
    },
  }
}
