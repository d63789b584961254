import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../../src/db/sqlite/connection'
import { sqliteStore } from '../../src/db/sqlite/index'
import type { Store } from '../../src/db/store'

export function tempDb(): { db: Db; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'classify-test-')), 'test.db')
  return { db: openDb(path), path }
}

/** A store over a fresh SQLite file, with the raw connection for assertions on the tables. */
export function tempStore(): { store: Store; db: Db; path: string } {
  const { db, path } = tempDb()
  return { store: sqliteStore(db), db, path }
}

export function tableCounts(db: Db): Record<string, number> {
  const tables = ['batches', 'indicators', 'units', 'stage_results', 'classifications', 'stage_log']
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]))
}
