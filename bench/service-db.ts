// Read-only looks into a benchmarked service's database, for what its HTTP API does not report (stage runs, units).
import Database from 'better-sqlite3'

export function readServiceDb<T>(databasePath: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}
