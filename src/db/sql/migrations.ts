// The ledger of applied migrations, kept alike in both engines (`?` parameters; PostgreSQL numbers them).
export const LEDGER_SQL = {
  create:
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  applied: 'SELECT version FROM schema_migrations',
  record: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
}
