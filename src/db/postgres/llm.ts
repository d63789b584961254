import { now } from '../rows'
import type { LlmCallRow, LlmStore, LlmTotals, UnitRef } from '../store'
import { insertMany, type PgDb, type Queryable } from './connection'

const CALL_COLUMNS = [
  'batch_id',
  'unit_no',
  'stage',
  'provider',
  'model',
  'items',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'latency_ms',
  'attempt',
  'status',
  'error',
  'cost_usd',
  'created_at',
] as const

/** The rows of provider calls; the caller decides the transaction. */
export async function insertCalls(db: Queryable, ref: UnitRef, calls: LlmCallRow[]): Promise<void> {
  if (calls.length === 0) return
  const at = now()
  await insertMany(
    db,
    'llm_calls',
    CALL_COLUMNS,
    calls.map((c) => [
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
    ]),
  )
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
      const { rows } = await db.query<{ answer_json: string }>(
        'SELECT answer_json FROM llm_cache WHERE cache_key = $1',
        [key],
      )
      return rows[0] === undefined ? undefined : JSON.parse(rows[0].answer_json)
    },

    async cacheAnswer(key, entry) {
      await db.query(
        `INSERT INTO llm_cache (cache_key, stage, provider, model, prompt_version, answer_json, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (cache_key) DO UPDATE SET answer_json = excluded.answer_json, created_at = excluded.created_at`,
        [key, entry.stage, entry.provider, entry.model, entry.prompt_version, JSON.stringify(entry.answer), now()],
      )
    },
  }
}
