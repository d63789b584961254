// The shared limiter's queries, alike in both engines (`?` parameters; PostgreSQL numbers them).
export const LIMITS_SQL = {
  pacing: 'SELECT paused_until_ms, learned_rpm, learned_tpm FROM llm_limits WHERE provider = ?',
  savePacing: `INSERT INTO llm_limits (provider, paused_until_ms, learned_rpm, learned_tpm) VALUES (?, ?, ?, ?)
    ON CONFLICT (provider) DO UPDATE SET paused_until_ms = excluded.paused_until_ms,
      learned_rpm = excluded.learned_rpm, learned_tpm = excluded.learned_tpm`,
  // Admissions out of the window whose call ended (or whose process died) count no more.
  dropSpent:
    'DELETE FROM llm_admissions WHERE provider = ? AND at_ms <= ? AND (lease_expires_ms IS NULL OR lease_expires_ms <= ?)',
  admissions: 'SELECT at_ms, tokens, lease_expires_ms FROM llm_admissions WHERE provider = ?',
  admit: 'INSERT INTO llm_admissions (lease_id, provider, at_ms, tokens, lease_expires_ms) VALUES (?, ?, ?, ?, ?)',
  release:
    'UPDATE llm_admissions SET at_ms = ?, lease_expires_ms = NULL, tokens = COALESCE(?, tokens) WHERE lease_id = ?',
}
