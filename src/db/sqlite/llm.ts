import type { LlmCallRow, LlmStore, LlmTotals, UnitRef } from '../store'
import { now } from '../rows'
import type { Db } from './connection'

/** One row per provider call; the caller decides the transaction. */
export function insertCalls(db: Db, ref: UnitRef, calls: LlmCallRow[]): void {
  const insert = db.prepare(
    `INSERT INTO llm_calls (batch_id, unit_no, stage, provider, model, items, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
           latency_ms, attempt, status, error, cost_usd, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const at = now()
  for (const c of calls) {
    insert.run(
      ref.batch_id,
      ref.unit_no,
      c.stage,
      c.provider,
      c.model,
      c.items,
      c.input_tokens,
      c.cached_input_tokens,
      c.cache_write_tokens,
      c.output_tokens,
      c.latency_ms,
      c.attempt,
      c.status,
      c.error,
      c.cost_usd,
      at,
    )
  }
}

export function sqliteLlm(db: Db): LlmStore {
  return {
    async saveCalls(ref, calls) {
      insertCalls(db, ref, calls)
    },

    async totals(batchId) {
      return db
        .prepare(
          `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(cached_input_tokens), 0) AS cached_input_tokens,
                  COALESCE(SUM(output_tokens), 0) AS output_tokens,
                  ROUND(COALESCE(SUM(cost_usd), 0), 6) AS cost_usd, COALESCE(SUM(status = 'retried'), 0) AS retries
           FROM llm_calls WHERE batch_id = ?`,
        )
        .get(batchId) as LlmTotals
    },

    async cachedAnswer(key) {
      const json = db.prepare('SELECT answer_json FROM llm_cache WHERE cache_key = ?').pluck().get(key) as
        string | undefined
      return json === undefined ? undefined : JSON.parse(json)
    },

    async cacheAnswer(key, entry) {
      db.prepare(
        `INSERT INTO llm_cache (cache_key, stage, provider, model, prompt_version, answer_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cache_key) DO UPDATE SET answer_json = excluded.answer_json, created_at = excluded.created_at`,
      ).run(key, entry.stage, entry.provider, entry.model, entry.prompt_version, JSON.stringify(entry.answer), now())
    },
  }
}
