// The provider batch claim queries alike in both engines (`?` parameters; PostgreSQL numbers them).
export const PROVIDER_BATCHES_SQL = {
  submitted:
    'UPDATE provider_batches SET provider_batch_id = ?, submitted_at = ? WHERE provider_batch_id = ? AND submitted_at IS NULL',
  release: 'DELETE FROM provider_batches WHERE provider_batch_id = ? AND submitted_at IS NULL',
}
