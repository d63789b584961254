import type { LlmCallRow, LlmStore, LlmTotals, UnitRef } from '../store'
import { LLM_CACHE_UPSERT, llmCacheSqlRow, llmCallSqlRows, now } from '../rows'
import { LLM_SQL as SQL } from '../sql/llm'
import { insertRows, type Db } from './connection'

/** One row per provider call; the caller decides the transaction. */
export function insertCalls(db: Db, ref: UnitRef, calls: LlmCallRow[]): void {
  insertRows(db, 'llm_calls', llmCallSqlRows(ref, calls))
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
      const json = db.prepare(SQL.cachedAnswer).pluck().get(key) as string | undefined
      return json === undefined ? undefined : JSON.parse(json)
    },

    async cacheAnswer(key, entry) {
      insertRows(db, 'llm_cache', [llmCacheSqlRow(key, entry, now())], LLM_CACHE_UPSERT)
    },
  }
}
