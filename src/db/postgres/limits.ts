import { randomUUID } from 'node:crypto'
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import type { LimitSettings, SharedLimiter } from '../../llm/limiter'
import type { PgDb } from './connection'

/** Requests and tokens are metered per window of this many seconds: a minute's budget spread over 12 windows. */
const WINDOW_SECONDS = 5

/** A rate-limiter-flexible bucket in PostgreSQL; it creates its table on first use. */
async function bucket(db: PgDb, keyPrefix: string, perMinute: number): Promise<RateLimiterPostgres> {
  const pool = await db.pool()
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: pool,
        storeType: 'pool',
        tableName: 'llm_rate_limits',
        keyPrefix,
        points: Math.max(1, Math.floor((perMinute * WINDOW_SECONDS) / 60)),
        duration: WINDOW_SECONDS,
        // Expired rows are overwritten in place; a sweeper timer would outlive short step processes.
        clearExpiredByTimeout: false,
      },
      (error?: Error) => (error ? reject(error) : resolve(limiter)),
    )
  })
}

/** Waits `ms` when rate-limiter-flexible refused; rethrows a database error. */
function refusal(error: unknown): number {
  if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext)
  throw error
}

/**
 * Provider limits shared by every process and host on one PostgreSQL: requests and tokens per minute in
 * rate-limiter-flexible buckets, calls in flight as leases that expire with a killed process, and the pause a 429
 * asks for, which every caller honours.
 */
export function pgLimiter(db: PgDb, settings: LimitSettings, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), now = Date.now): SharedLimiter {
  const requests = settings.rpm > 0 ? bucket(db, 'requests', settings.rpm) : undefined
  const tokens = settings.tpm > 0 ? bucket(db, 'tokens', settings.tpm) : undefined
  // Unhandled until first use: a limiter that is never asked must not fail the process.
  requests?.catch(() => undefined)
  tokens?.catch(() => undefined)

  const pausedFor = async (provider: string): Promise<number> => {
    const { rows } = await db.query<{ paused_until_ms: number }>('SELECT paused_until_ms FROM llm_limits WHERE provider = $1', [provider])
    return Math.max(0, (rows[0]?.paused_until_ms ?? 0) - now())
  }

  const takeLease = async (provider: string): Promise<string | undefined> =>
    db.transaction(async (client) => {
      // Count-then-insert under a per-provider lock, so two processes never both take the last slot.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('llm_leases:' || $1))`, [provider])
      const at = now()
      await client.query('DELETE FROM llm_leases WHERE provider = $1 AND expires_ms < $2', [provider, at])
      const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM llm_leases WHERE provider = $1', [provider])
      if (rows[0]!.n >= settings.concurrency) return undefined
      const lease = randomUUID()
      await client.query('INSERT INTO llm_leases (lease_id, provider, expires_ms) VALUES ($1, $2, $3)', [lease, provider, at + settings.lease_ms])
      return lease
    })
  const dropLease = (lease: string | undefined) => (lease ? db.query('DELETE FROM llm_leases WHERE lease_id = $1', [lease]).then(() => undefined) : Promise.resolve())

  /** Takes one request and the call's tokens, or nothing; the wait before trying again when refused. */
  const meter = async (provider: string, cost: number): Promise<number> => {
    const requestBucket = await requests
    const tokenBucket = await tokens
    try {
      await requestBucket?.consume(provider, 1)
    } catch (error) {
      return refusal(error)
    }
    try {
      await tokenBucket?.consume(provider, cost)
    } catch (error) {
      await requestBucket?.reward(provider, 1)
      return refusal(error)
    }
    return 0
  }

  return {
    async acquire(provider, estimatedTokens) {
      const tokenPoints = Math.max(1, Math.floor((settings.tpm * WINDOW_SECONDS) / 60))
      // A call bigger than a window's budget takes a whole window, or it would never fit.
      const charged = Math.min(estimatedTokens, tokenPoints)
      for (;;) {
        let wait = await pausedFor(provider)
        let lease: string | undefined
        if (wait === 0 && settings.concurrency > 0) {
          lease = await takeLease(provider)
          if (!lease) wait = 50
        }
        if (wait === 0) {
          wait = await meter(provider, charged)
          if (wait > 0) await dropLease(lease)
        }
        if (wait === 0) {
          return (actualTokens: number) => {
            const settle = async () => {
              await dropLease(lease)
              // The estimate was charged up front; settle the difference once the real usage is known.
              const tokenBucket = await tokens
              if (!tokenBucket || actualTokens <= 0 || actualTokens === charged) return
              if (actualTokens > charged) await tokenBucket.penalty(provider, actualTokens - charged)
              else await tokenBucket.reward(provider, charged - actualTokens)
            }
            settle().catch((error: Error) => console.error(`[classify] limiter release failed: ${error.message}`))
          }
        }
        // Jitter keeps the waiting processes from waking in lockstep.
        await sleep(Math.min(2_000, wait) + Math.random() * 50)
      }
    },

    async penalize(provider, retryAfterMs) {
      await db
        .query(
          `INSERT INTO llm_limits (provider, request_budget, token_budget, updated_ms, paused_until_ms) VALUES ($1, 0, 0, $2, $3)
           ON CONFLICT (provider) DO UPDATE SET paused_until_ms = GREATEST(llm_limits.paused_until_ms, excluded.paused_until_ms), updated_ms = excluded.updated_ms`,
          [provider, now(), now() + retryAfterMs],
        )
        .catch((error: Error) => console.error(`[classify] could not share a 429 pause: ${error.message}`))
    },
  }
}
