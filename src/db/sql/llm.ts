// The LLM cache query alike in both engines (`?` parameters; PostgreSQL numbers them).
export const LLM_SQL = {
  cachedAnswer: 'SELECT answer_json FROM llm_cache WHERE cache_key = ?',
}
