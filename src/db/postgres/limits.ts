import { randomUUID } from 'node:crypto'
import type { RateLimiterPostgres } from 'rate-limiter-flexible'
import { LEARNED_SHARE, type LimitSettings, type SharedLimiter } from '../../llm/limiter'
import type { PgDb } from './connection'

/** Requests and tokens are metered per window of this many seconds: a minute's budget spread over 12 windows. */
const WINDOW_SECONDS = 5

const windowPoints = (perMinute: number) => Math.max(1, Math.floor((perMinute * WINDOW_SECONDS) / 60))

// The library is loaded on first use: every step process opens the store, and most never call a provider.
let library: Promise<typeof import('rate-limiter-flexible')> | undefined
const rateLimiterFlexible = () => (library ??= import('rate-limiter-flexible'))

/** Waits `ms` when rate-limiter-flexible refused; rethrows a database error. */
async function refusal(error: unknown): Promise<number> {
  if (error instanceof (await rateLimiterFlexible()).RateLimiterRes) return Math.max(1, error.msBeforeNext)
  throw error
}

interface LimitRow {
  paused_until_ms: number
  learned_rpm: number
  learned_tpm: number
}

/**
 * Provider limits shared by every process and host on one PostgreSQL: requests and tokens per minute in
 * rate-limiter-flexible buckets, calls in flight as leases that expire with a killed process, and the pause a 429
 * asks for, which every caller honours. Where LLM_RPM or LLM_TPM is unset, the limit the provider advertises (as in
 * SQLite, nine tenths of it) once any replica has seen it.
 */
export function pgLimiter(
  db: PgDb,
  settings: LimitSettings,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  now = Date.now,
): SharedLimiter {
  // One bucket per kind and size: a learned limit that changes starts a bucket of its own size.
  const buckets = new Map<string, Promise<RateLimiterPostgres>>()
  const bucket = (kind: 'requests' | 'tokens', points: number) => {
    const key = `${kind}:${points}`
    let made = buckets.get(key)
    if (!made) {
      made = Promise.all([db.pool(), rateLimiterFlexible()]).then(
        ([pool, { RateLimiterPostgres }]) =>
          new RateLimiterPostgres({
            storeClient: pool,
            storeType: 'pool',
            tableName: 'llm_rate_limits',
            tableCreated: true,
            keyPrefix: key,
            points,
            duration: WINDOW_SECONDS,
            // Expired rows are overwritten in place; a sweeper timer would outlive short step processes.
            clearExpiredByTimeout: false,
          }),
      )
      buckets.set(key, made)
    }
    return made
  }

  const limitsOf = async (provider: string): Promise<LimitRow> => {
    const { rows } = await db.query<LimitRow>(
      'SELECT paused_until_ms, learned_rpm, learned_tpm FROM llm_limits WHERE provider = $1',
      [provider],
    )
    return rows[0] ?? { paused_until_ms: 0, learned_rpm: 0, learned_tpm: 0 }
  }

  const takeLease = async (provider: string): Promise<string | undefined> =>
    db.transaction(async (client) => {
      // Count-then-insert under a per-provider lock, so two processes never both take the last slot.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('llm_leases:' || $1))`, [provider])
      const at = now()
      await client.query('DELETE FROM llm_leases WHERE provider = $1 AND expires_ms < $2', [provider, at])
      const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM llm_leases WHERE provider = $1', [
        provider,
      ])
      if (rows[0]!.n >= settings.concurrency) return undefined
      const lease = randomUUID()
      await client.query('INSERT INTO llm_leases (lease_id, provider, expires_ms) VALUES ($1, $2, $3)', [
        lease,
        provider,
        at + settings.lease_ms,
      ])
      return lease
    })
  const dropLease = async (lease: string | undefined) => {
    if (lease) await db.query('DELETE FROM llm_leases WHERE lease_id = $1', [lease])
  }

  /** Takes one request and `tokens` from the buckets, or nothing; the wait before trying again when refused. */
  const meter = async (
    provider: string,
    requests: RateLimiterPostgres | undefined,
    tokens: RateLimiterPostgres | undefined,
    cost: number,
  ): Promise<number> => {
    try {
      await requests?.consume(provider, 1)
    } catch (error) {
      return await refusal(error)
    }
    try {
      await tokens?.consume(provider, cost)
    } catch (error) {
      await requests?.reward(provider, 1)
      return await refusal(error)
    }
    return 0
  }

  const upsertLimits = (provider: string, set: string, values: unknown[]) =>
    db
      .query(
        `INSERT INTO llm_limits (provider, request_budget, token_budget, updated_ms) VALUES ($1, 0, 0, $2)
         ON CONFLICT (provider) DO NOTHING`,
        [provider, now()],
      )
      .then(() => db.query(`UPDATE llm_limits SET ${set} WHERE provider = $1`, [provider, ...values]))
      .then(() => undefined)
      .catch((error: Error) => console.error(`[classify] could not share provider limits: ${error.message}`))

  return {
    async acquire(provider, estimatedTokens) {
      for (;;) {
        const row = await limitsOf(provider)
        let wait = Math.max(0, row.paused_until_ms - now())
        const rpm = settings.rpm > 0 ? settings.rpm : row.learned_rpm * LEARNED_SHARE
        const tpm = settings.tpm > 0 ? settings.tpm : row.learned_tpm * LEARNED_SHARE
        // A call bigger than a window's budget takes a whole window, or it would never fit.
        const charged = tpm > 0 ? Math.min(estimatedTokens, windowPoints(tpm)) : 0
        let lease: string | undefined
        if (wait === 0 && settings.concurrency > 0) {
          lease = await takeLease(provider)
          if (!lease) wait = 50
        }
        if (wait === 0) {
          const requests = rpm > 0 ? await bucket('requests', windowPoints(rpm)) : undefined
          const tokens = tpm > 0 ? await bucket('tokens', windowPoints(tpm)) : undefined
          wait = await meter(provider, requests, tokens, charged)
          if (wait > 0) await dropLease(lease)
          else {
            return (actualTokens: number) => {
              const settle = async () => {
                await dropLease(lease)
                // The estimate was charged up front; settle the difference once the real usage is known.
                if (!tokens || actualTokens <= 0 || actualTokens === charged) return
                if (actualTokens > charged) await tokens.penalty(provider, actualTokens - charged)
                else await tokens.reward(provider, charged - actualTokens)
              }
              settle().catch((error: Error) => console.error(`[classify] limiter release failed: ${error.message}`))
            }
          }
        }
        // Jitter keeps the waiting processes from waking in lockstep.
        await sleep(Math.min(2_000, wait) + Math.random() * 50)
      }
    },

    penalize(provider, retryAfterMs) {
      return upsertLimits(provider, 'paused_until_ms = GREATEST(paused_until_ms, $2), updated_ms = $3', [
        now() + retryAfterMs,
        now(),
      ])
    },

    observe(provider, limits) {
      // What is configured wins; the provider's word is kept for the limits that are not.
      const rpm = settings.rpm === 0 ? limits.rpm : undefined
      const tpm = settings.tpm === 0 ? limits.tpm : undefined
      if (rpm === undefined && tpm === undefined) return Promise.resolve()
      return upsertLimits(
        provider,
        'learned_rpm = COALESCE($2, learned_rpm), learned_tpm = COALESCE($3, learned_tpm)',
        [rpm ?? null, tpm ?? null],
      )
    },
  }
}
