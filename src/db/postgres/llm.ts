import { LLM_CACHE_UPSERT, llmCacheSqlRow, llmCallSqlRows, now } from '../rows'
import type { LlmCallRow, LlmStore, LlmTotals, UnitRef } from '../store'
import { numberedAll } from '../placeholders'
import { LLM_SQL } from '../sql/llm'
import { insertMany, type PgDb, type Queryable } from './connection'

const SQL = numberedAll(LLM_SQL)

/** The rows of provider calls; the caller decides the transaction. */
export async function insertCalls(db: Queryable, ref: UnitRef, calls: LlmCallRow[]): Promise<void> {
  await insertMany(db, 'llm_calls', llmCallSqlRows(ref, calls))
}

export function pgLlm(db: PgDb): LlmStore {
  return {
    async saveCalls(ref, calls) {
      await insertCalls(db, ref, calls)
    },

    async totals(batchId) {
      const { rows } = await db.query<LlmTotals>(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS input_tokens,
                COALESCE(SUM(cached_input_tokens), 0) AS cached_input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
                ROUND(COALESCE(SUM(cost_usd), 0)::numeric, 6)::float8 AS cost_usd, COUNT(*) FILTER (WHERE status = 'retried') AS retries
         FROM llm_calls WHERE batch_id = $1`,
        [batchId],
      )
      return rows[0]!
    },

    async cachedAnswer(key) {
      const { rows } = await db.query<{ answer_json: string }>(SQL.cachedAnswer, [key])
      return rows[0] === undefined ? undefined : JSON.parse(rows[0].answer_json)
    },

    async cacheAnswer(key, entry) {
      await insertMany(db, 'llm_cache', [llmCacheSqlRow(key, entry, now())], LLM_CACHE_UPSERT)
    },
  }
}
