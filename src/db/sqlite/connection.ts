import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SqlRow } from '../rows'
import { LEDGER_SQL as LEDGER } from '../sql/migrations'
import { SQLITE_MIGRATIONS } from './migrations'

export type Db = Database.Database

/** Opens the database in WAL mode and applies pending migrations; safe to call from many processes at once. */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // Every step runs in its own process: WAL lets readers and one writer overlap, the busy timeout queues writers.
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 15000')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

function migrate(db: Db): void {
  db.exec(LEDGER.create)
  const applied = new Set(db.prepare(LEDGER.applied).pluck().all() as number[])
  const pending = SQLITE_MIGRATIONS.filter((m) => !applied.has(m.version))
  if (pending.length === 0) return
  db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const done = new Set(db.prepare(LEDGER.applied).pluck().all() as number[])
    for (const m of pending) {
      if (done.has(m.version)) continue
      db.exec(m.sql)
      db.prepare(LEDGER.record).run(m.version, m.name, new Date().toISOString())
    }
  }).immediate()
}

/**
 * Inserts rows of one shape; `tail` is appended, e.g. ON CONFLICT. Returns the changes. One row per statement is the
 * fastest for most tables, but SQLite builds a CHECK's `IN (…)` list again on every execution of a statement: a
 * table with such CHECKs (classifications) takes `rowsPerStatement` rows in each.
 */
export function insertRows(db: Db, table: string, rows: readonly SqlRow[], tail = '', rowsPerStatement = 1): number {
  if (rows.length === 0) return 0
  const columns = Object.keys(rows[0]!)
  const values = `(${columns.map(() => '?').join(', ')})`
  const statement = (n: number) =>
    db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(values).join(', ')} ${tail}`)
  const perStatement = Math.min(rowsPerStatement, rows.length)
  const full = statement(perStatement)
  let changes = 0
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement)
    const insert = slice.length === perStatement ? full : statement(slice.length)
    changes += insert.run(...slice.flatMap((row) => Object.values(row))).changes
  }
  return changes
}
