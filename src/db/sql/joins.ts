// The join query alike in both engines (`?` parameters; PostgreSQL numbers them).
export const JOINS_SQL = {
  recordEmitted: 'UPDATE units SET join_emitted_at = ? WHERE batch_id = ? AND unit_no = ?',
}
