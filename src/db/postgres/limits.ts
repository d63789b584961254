import { randomUUID } from 'node:crypto'
import * as limiter from '../../llm/limiter'
import { numberedAll } from '../placeholders'
import { LIMITS_SQL } from '../sql/limits'
import type { PgDb, Queryable } from './connection'

const SQL = numberedAll(LIMITS_SQL)

/**
 * The shared limiter's state on one PostgreSQL, paced by `limiter.paceCall` as in SQLite: every process and host sees the
 * same admissions, decided one at a time under a per-provider lock, and a killed process's slot expires with its lease.
 */
export function pgLimiter(
  db: PgDb,
  settings: limiter.LimitSettings,
  sleep?: (ms: number) => Promise<void>,
  now = Date.now,
): limiter.SharedLimiter {
  const lock = (client: Queryable, provider: string) =>
    client.query(`SELECT pg_advisory_xact_lock(hashtext('llm_limits:' || $1))`, [provider])
  const load = async (client: Queryable, provider: string): Promise<limiter.Pacing> => {
    const { rows } = await client.query<limiter.Pacing>(SQL.pacing, [provider])
    return rows[0] ?? limiter.UNPACED
  }
  const save = (client: Queryable, provider: string, pacing: limiter.Pacing) =>
    client.query(SQL.savePacing, [provider, pacing.paused_until_ms, pacing.learned_rpm, pacing.learned_tpm])
  const tryTake = (provider: string, estimate: number) =>
    db.transaction(async (client) => {
      await lock(client, provider)
      const at = now()
      await client.query(SQL.dropSpent, [provider, at - limiter.WINDOW_MS, at])
      const { rows: admissions } = await client.query<limiter.Admission>(SQL.admissions, [provider])
      const decision = limiter.paceCall(settings, await load(client, provider), admissions, estimate, at)
      if (!decision.go) return decision
      const lease = randomUUID()
      await client.query(SQL.admit, [lease, provider, at, estimate, at + settings.lease_ms])
      return { go: true as const, lease }
    })

  const state: limiter.LimiterState = {
    tryTake,
    release(lease, actualTokens) {
      void db
        .query(SQL.release, [now(), actualTokens > 0 ? actualTokens : null, lease])
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
  return limiter.sharedLimiter(state, settings, sleep)
}
