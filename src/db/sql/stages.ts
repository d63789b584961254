// The stage trail query alike in both engines (`?` parameters; PostgreSQL numbers them).
export const STAGES_SQL = {
  trail:
    'SELECT stage, result_json, error, confidence, created_at FROM stage_results WHERE batch_id = ? AND indicator_id = ?',
}
