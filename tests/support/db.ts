import { join } from 'node:path'
import { scratchDir } from '../../src/cli/scratch'
import { openDb, type Db } from '../../src/db/sqlite/connection'
import { sqliteStore } from '../../src/db/sqlite/index'
import type { NewBatch, Store } from '../../src/db/store'
import type { IndicatorInput } from '../../src/taxonomy/index'

export function tempDb(): { db: Db; path: string } {
  const path = join(scratchDir('classify-test-'), 'test.db')
  return { db: openDb(path), path }
}

/** A store over a fresh SQLite file, with the raw connection for assertions on the tables. */
export function tempStore(): { store: Store; db: Db; path: string } {
  const { db, path } = tempDb()
  return { store: sqliteStore(db), db, path }
}

/** A rules-only batch with no trace: `unit_of` gives each indicator's unit, `chunk_size` the batch's unit size. */
export const rulesBatch = (
  batch_id: string,
  indicators: IndicatorInput[],
  unit_of: number[],
  chunk_size: number,
): NewBatch => ({
  batch_id,
  provider: 'rules',
  llm_provider: null,
  mode: 'rules',
  chunk_size,
  refresh: false,
  trace_id: null,
  indicators,
  unit_of,
})

export function tableCounts(db: Db): Record<string, number> {
  const tables = ['batches', 'indicators', 'units', 'stage_results', 'classifications', 'stage_log']
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]))
}
