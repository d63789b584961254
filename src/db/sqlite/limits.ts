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
import type { Db } from './connection'

/**
 * The shared limiter's state in SQLite, paced by `paceCall`: every step process sees the same admissions through the
 * same database, and a killed process's slot simply expires with its lease.
 */
export function sqliteLimiter(
  db: Db,
  settings: LimitSettings,
  sleep?: (ms: number) => Promise<void>,
  now = Date.now,
): SharedLimiter {
  const load = (provider: string): Pacing =>
    (db.prepare('SELECT paused_until_ms, learned_rpm, learned_tpm FROM llm_limits WHERE provider = ?').get(provider) as
      Pacing | undefined) ?? UNPACED
  const save = (provider: string, pacing: Pacing) =>
    db
      .prepare(
        `INSERT INTO llm_limits (provider, paused_until_ms, learned_rpm, learned_tpm) VALUES (?, ?, ?, ?)
         ON CONFLICT (provider) DO UPDATE SET paused_until_ms = excluded.paused_until_ms,
           learned_rpm = excluded.learned_rpm, learned_tpm = excluded.learned_tpm`,
      )
      .run(provider, pacing.paused_until_ms, pacing.learned_rpm, pacing.learned_tpm)

  const tryTake = (provider: string, estimate: number) =>
    db
      .transaction(() => {
        const at = now()
        // Admissions out of the window whose call ended (or whose process died) count no more.
        db.prepare(
          'DELETE FROM llm_admissions WHERE provider = ? AND at_ms <= ? AND (lease_expires_ms IS NULL OR lease_expires_ms <= ?)',
        ).run(provider, at - WINDOW_MS, at)
        const admissions = db
          .prepare('SELECT at_ms, tokens, lease_expires_ms FROM llm_admissions WHERE provider = ?')
          .all(provider) as Admission[]
        const decision = paceCall(settings, load(provider), admissions, estimate, at)
        if (!decision.go) return decision
        const lease = randomUUID()
        db.prepare(
          'INSERT INTO llm_admissions (lease_id, provider, at_ms, tokens, lease_expires_ms) VALUES (?, ?, ?, ?, ?)',
        ).run(lease, provider, at, estimate, at + settings.lease_ms)
        return { go: true as const, lease }
      })
      .immediate()

  const state: LimiterState = {
    tryTake: async (provider, estimate) => tryTake(provider, estimate),
    release(lease, actualTokens) {
      db.prepare(
        'UPDATE llm_admissions SET at_ms = ?, lease_expires_ms = NULL, tokens = coalesce(?, tokens) WHERE lease_id = ?',
      ).run(now(), actualTokens > 0 ? actualTokens : null, lease)
    },
    async update(provider, change) {
      db.transaction(() => save(provider, change(load(provider), now()))).immediate()
    },
  }
  return sharedLimiter(state, settings, sleep)
}
