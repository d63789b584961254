// The completion queries alike in both engines (`?` parameters; PostgreSQL numbers them).
export const CLASSIFICATIONS_SQL = {
  completeUnit: 'UPDATE units SET completed_at = COALESCE(completed_at, ?) WHERE batch_id = ? AND unit_no = ?',
  openUnits: 'SELECT COUNT(*) AS n FROM units WHERE batch_id = ? AND completed_at IS NULL',
  settle: 'UPDATE batches SET status = ?, finished_at = COALESCE(finished_at, ?) WHERE batch_id = ?',
}
