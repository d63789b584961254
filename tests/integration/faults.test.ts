// Faults of the running service: queue state that belongs to one database never reaches another; a database that
// cannot be written makes /health degraded and a POST 503, storing nothing, and the service recovers when it can.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { startService } from '../../src/cli/service-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

const catalogue = (prefix: string, n: number): IndicatorInput[] =>
  Array.from({ length: n }, (_, i) => ({
    indicator_id: `${prefix}-${i}`,
    name: i % 2 ? 'Inflation Rate YoY' : 'GDP',
    units: i % 2 ? '%' : 'USD Billion',
  }))

function rows(database_path: string): { ids: string[]; units: number[] } {
  const db = new Database(database_path, { readonly: true })
  try {
    return {
      ids: db.prepare(`SELECT indicator_id FROM classifications ORDER BY indicator_id`).pluck().all() as string[],
      units: db.prepare(`SELECT DISTINCT unit_no FROM stage_log ORDER BY unit_no`).pluck().all() as number[],
    }
  } finally {
    db.close()
  }
}

test(
  'two services of one checkout with different databases never run each other’s jobs',
  { timeout: 1_800_000 },
  async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'classify-two-db-'))
    const pathA = join(scratch, 'a.db')
    const pathB = join(scratch, 'b.db')
    // One unit per 10 indicators and no grouping: many queued events when A dies.
    const env = { CLASSIFY_CHUNK_SIZE: '10', CLASSIFY_DEDUPE: '0' }
    const a = catalogue('A', 120)
    const b = catalogue('B', 20)

    const first = await startService({ database_path: pathA, env })
    assert.ok(existsSync(`${pathA}.motia`), 'the embedded Redis keeps its data beside the database')
    assert.equal((await postJson(`${first.url}/classify/batch`, { batch_id: 'same', indicators: a })).status, 202)
    for (;;) {
      const { body } = await getJson(`${first.url}/classify/batch/same`)
      if (body.completed >= 10) break
      await new Promise((r) => setTimeout(r, 100))
    }
    await first.kill9()
    const doneA = rows(pathA).ids.length
    assert.ok(doneA < a.length, `A killed mid-batch (${doneA} rows)`)

    // B: another database, the same batch_id; A's queued jobs must not run here.
    const second = await startService({ database_path: pathB, env })
    try {
      assert.equal((await postJson(`${second.url}/classify/batch`, { batch_id: 'same', indicators: b })).status, 202)
      const status = await waitForBatch(second.url, 'same', 400_000)
      assert.equal(status.status, 'completed')
      // Give replayed jobs, if any, time to land before counting.
      await new Promise((r) => setTimeout(r, 3000))
    } finally {
      await second.stop()
    }
    const inB = rows(pathB)
    assert.deepEqual(inB.ids, b.map((i) => i.indicator_id).sort(), 'B holds its own rows only')
    assert.deepEqual(inB.units, [0, 1], 'no unit of A ran against B')

    // A again, with its own queue data: it finishes with every row once.
    const third = await startService({ database_path: pathA, env })
    try {
      const status = await waitForBatch(third.url, 'same', 400_000)
      assert.equal(status.status, 'completed')
      assert.equal(status.completed, a.length)
    } finally {
      await third.stop()
    }
    const inA = rows(pathA)
    assert.equal(inA.ids.length, a.length)
    assert.equal(new Set(inA.ids).size, a.length, 'no duplicates')
    assert.ok(inA.ids.every((id) => id.startsWith('A-')))
    console.log(
      `two databases: A killed at ${doneA}/${a.length} rows; B ${inB.ids.length}/${b.length} rows, none of A; A after restart ${inA.ids.length}/${a.length}, 0 lost, 0 duplicated`,
    )
  },
)

/**
 * Makes the database unwritable for root too: chattr +i on the folder and the SQLite files (chmod does not stop root,
 * and a read-only mount needs privileges CI has not). Null when chattr is not available or not allowed here.
 */
function immutable(paths: string[], on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', ...paths.filter(existsSync)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

test(
  'an unwritable database: /health degraded naming it, POST 503 storing nothing; writable again, all is well',
  { timeout: 600_000 },
  async (t) => {
    const scratch = mkdtempSync(join(tmpdir(), 'classify-ro-'))
    const database_path = join(scratch, 'classify.db')
    const service = await startService({ database_path })
    const files = [scratch, database_path, `${database_path}-wal`, `${database_path}-shm`]
    try {
      assert.equal(
        (await postJson(`${service.url}/classify/batch`, { batch_id: 'before', indicators: catalogue('R', 4) })).status,
        202,
      )
      await waitForBatch(service.url, 'before', 300_000)
      const rowsBefore = rows(database_path).ids.length
      if (!immutable(files, true)) return t.skip('chattr +i is not available here')
      try {
        const healthDown = await getJson(`${service.url}/health`)
        assert.equal(healthDown.status, 503)
        assert.equal(healthDown.body.status, 'degraded')
        assert.match(healthDown.body.problems.sqlite, /not writable/)
        const refused = await postJson(`${service.url}/classify/batch`, {
          batch_id: 'during',
          indicators: catalogue('W', 4),
        })
        assert.equal(refused.status, 503, JSON.stringify(refused.body))
        assert.equal(refused.body.issues[0].path, '(database)')
        assert.equal((await getJson(`${service.url}/classify/batch/during`)).status, 404, 'nothing stored')
      } finally {
        immutable(files, false)
      }
      assert.equal(rows(database_path).ids.length, rowsBefore)
      assert.equal((await getJson(`${service.url}/health`)).status, 200)
      assert.equal(
        (await postJson(`${service.url}/classify/batch`, { batch_id: 'during', indicators: catalogue('W', 4) })).status,
        202,
      )
      assert.equal((await waitForBatch(service.url, 'during', 300_000)).status, 'completed')
      console.log(
        `read-only database (chattr +i): 503 on /health and POST; rows ${rowsBefore} before, ${rows(database_path).ids.length} after recovery, 0 lost, 0 duplicated`,
      )
    } finally {
      immutable(files, false)
      await service.stop()
    }
  },
)
