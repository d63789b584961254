import { randomUUID } from 'node:crypto'
import {
  paceCall,
  sharedLimiter,
  UNPACED,
  WINDOW_MS,
  type Admission,
  type LimiterState,
  type LimitSettings,
  type Pacing,
  type SharedLimiter,
} from '../../llm/limiter'
import type { PgDb, Queryable } from './connection'

/**
 * The shared limiter's state on one PostgreSQL, paced by `paceCall` as in SQLite: every process and host sees the
 * same admissions, decided one at a time under a per-provider lock, and a killed process's slot expires with its lease.
 */
export function pgLimiter(
  db: PgDb,
  settings: LimitSettings,
  sleep?: (ms: number) => Promise<void>,
  now = Date.now,
): SharedLimiter {
  const lock = (client: Queryable, provider: string) =>
    client.query(`SELECT pg_advisory_xact_lock(hashtext('llm_limits:' || $1))`, [provider])
  const load = async (client: Queryable, provider: string): Promise<Pacing> => {
    const { rows } = await client.query<Pacing>(
      'SELECT paused_until_ms, learned_rpm, learned_tpm FROM llm_limits WHERE provider = $1',
      [provider],
    )
    return rows[0] ?? UNPACED
  }
  const save = (client: Queryable, provider: string, pacing: Pacing) =>
    client.query(
      `INSERT INTO llm_limits (provider, paused_until_ms, learned_rpm, learned_tpm) VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider) DO UPDATE SET paused_until_ms = excluded.paused_until_ms,
         learned_rpm = excluded.learned_rpm, learned_tpm = excluded.learned_tpm`,
      [provider, pacing.paused_until_ms, pacing.learned_rpm, pacing.learned_tpm],
    )
  const tryTake = (provider: string, estimate: number) =>
    db.transaction(async (client) => {
      await lock(client, provider)
      const at = now()
      // Admissions out of the window whose call ended (or whose process died) count no more.
      await client.query(
        'DELETE FROM llm_admissions WHERE provider = $1 AND at_ms <= $2 AND (lease_expires_ms IS NULL OR lease_expires_ms <= $3)',
        [provider, at - WINDOW_MS, at],
      )
      const { rows: admissions } = await client.query<Admission>(
        'SELECT at_ms, tokens, lease_expires_ms FROM llm_admissions WHERE provider = $1',
        [provider],
      )
      const decision = paceCall(settings, await load(client, provider), admissions, estimate, at)
      if (!decision.go) return decision
      const lease = randomUUID()
      await client.query(
        'INSERT INTO llm_admissions (lease_id, provider, at_ms, tokens, lease_expires_ms) VALUES ($1, $2, $3, $4, $5)',
        [lease, provider, at, estimate, at + settings.lease_ms],
      )
      return { go: true as const, lease }
    })

  const state: LimiterState = {
    tryTake,
    release(lease, actualTokens) {
      void db
        .query(
          'UPDATE llm_admissions SET at_ms = $1, lease_expires_ms = NULL, tokens = COALESCE($2, tokens) WHERE lease_id = $3',
          [now(), actualTokens > 0 ? actualTokens : null, lease],
        )
        .catch((error: Error) => console.error(`[classify] limiter release failed: ${error.message}`))
    },
    update: (provider, change) =>
      db
        .transaction(async (client) => {
          await lock(client, provider)
          await save(client, provider, change(await load(client, provider), now()))
        })
        .catch((error: Error) => console.error(`[classify] could not share provider limits: ${error.message}`)),
  }
  return sharedLimiter(state, settings, sleep)
}
