import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { test } from 'node:test'
import { UNIT_STAGE_COUNTS } from '../../src/db/sqlite/batches'
import { openDb } from '../../src/db/sqlite/connection'
import { sqliteStore } from '../../src/db/sqlite/index'
import { unitOutcomesSql } from '../../src/db/sqlite/stages'
import { tempStore } from '../support/db'
import { storeSuite } from '../support/store-suite'

storeSuite('sqlite', async () => {
  const { store, path } = tempStore()
  return { store, connect: async () => sqliteStore(openDb(path)) }
})

test("SQLite reads a unit's stage results through the unit's indicators, so a read does not grow with the batch", () => {
  const { db, path } = tempStore()
  try {
    for (const [sql, args] of [
      [unitOutcomesSql(2), ['b', 0, 'family', 'type']],
      [UNIT_STAGE_COUNTS, ['b', 0]],
    ] as const) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail)
      assert.match(plan[0]!, /^SEARCH i USING INDEX indicators_unit \(batch_id=\? AND unit_no=\?\)/, plan.join(' | '))
      assert.match(
        plan[1]!,
        /^SEARCH s USING .*INDEX sqlite_autoindex_stage_results_1 \(batch_id=\? AND indicator_id=\?/,
      )
    }
  } finally {
    db.close()
    rmSync(dirname(path), { recursive: true, force: true })
  }
})
