// The batch queries alike in both engines (`?` parameters; PostgreSQL numbers them).
export const BATCHES_SQL = {
  get: 'SELECT * FROM batches WHERE batch_id = ?',
  markRunning: `UPDATE batches SET status = 'running', started_at = COALESCE(started_at, ?) WHERE batch_id = ? AND status = 'queued'`,
  unitInputs: 'SELECT input_json FROM indicators WHERE batch_id = ? AND unit_no = ? ORDER BY position',
  indicatorKnown: 'SELECT 1 FROM indicators WHERE indicator_id = ? LIMIT 1',
  failed: `SELECT c.indicator_id, i.unit_no FROM classifications c JOIN indicators i ON i.batch_id = c.batch_id AND i.indicator_id = c.indicator_id
    WHERE c.batch_id = ? AND c.status = 'failed'`,
  reopen: `UPDATE batches SET status = 'running', finished_at = NULL WHERE batch_id = ?`,
}
