import { randomUUID } from 'node:crypto'
import * as limiter from '../../llm/limiter'
import { LIMITS_SQL as SQL } from '../sql/limits'
import type { Db } from './connection'

/**
 * The shared limiter's state in SQLite, paced by `limiter.paceCall`: every step process sees the same admissions through the
 * same database, and a killed process's slot simply expires with its lease.
 */
export function sqliteLimiter(
  db: Db,
  settings: limiter.LimitSettings,
  sleep?: (ms: number) => Promise<void>,
  now = Date.now,
): limiter.SharedLimiter {
  const load = (provider: string): limiter.Pacing =>
    (db.prepare(SQL.pacing).get(provider) as limiter.Pacing | undefined) ?? limiter.UNPACED
  const save = (provider: string, pacing: limiter.Pacing) =>
    db.prepare(SQL.savePacing).run(provider, pacing.paused_until_ms, pacing.learned_rpm, pacing.learned_tpm)

  const tryTake = (provider: string, estimate: number) =>
    db
      .transaction(() => {
        const at = now()
        db.prepare(SQL.dropSpent).run(provider, at - limiter.WINDOW_MS, at)
        const admissions = db.prepare(SQL.admissions).all(provider) as limiter.Admission[]
        const decision = limiter.paceCall(settings, load(provider), admissions, estimate, at)
        if (!decision.go) return decision
        const lease = randomUUID()
        db.prepare(SQL.admit).run(lease, provider, at, estimate, at + settings.lease_ms)
        return { go: true as const, lease }
      })
      .immediate()

  const state: limiter.LimiterState = {
    tryTake: async (provider, estimate) => tryTake(provider, estimate),
    release(lease, actualTokens) {
      db.prepare(SQL.release).run(now(), actualTokens > 0 ? actualTokens : null, lease)
    },
    async update(provider, change) {
      db.transaction(() => save(provider, change(load(provider), now()))).immediate()
    },
  }
  return limiter.sharedLimiter(state, settings, sleep)
}
