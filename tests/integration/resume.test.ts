// kill -9 in the middle of a batch, start again: the batch completes, nothing lost, duplicated or redone.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { scratchDir } from '../../src/cli/scratch'
import { startService } from '../../src/cli/service-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

const SERIES: [string, string, string][] = [
  ['GDP', 'USD Billion', 'Quarterly'],
  ['Inflation Rate YoY', '%', 'Monthly'],
  ['Unemployment Rate', '%', 'Monthly'],
  ['Manufacturing PMI', 'points', 'Monthly'],
  ['Balance of Trade', 'USD Million', 'Monthly'],
  ['Crude Oil Production', 'BBL/D/1K', 'Monthly'],
  ['Government Debt to GDP', '% of GDP', 'Annual'],
  ['Interest Rate', '%', 'Daily'],
]

function catalogue(n: number): IndicatorInput[] {
  return Array.from({ length: n }, (_, i) => {
    const [name, units, periodicity] = SERIES[i % SERIES.length]!
    return { indicator_id: `C${Math.floor(i / SERIES.length)}-${i % SERIES.length}`, name, units, periodicity }
  })
}

test('a batch survives kill -9 of the whole service and completes after a restart', { timeout: 600_000 }, async () => {
  const scratch = scratchDir('classify-resume-')
  const database_path = join(scratch, 'classify.db')
  const env = { CLASSIFY_CHUNK_SIZE: '10', CLASSIFY_DEDUPE: '0' }
  const indicators = catalogue(300)

  const first = await startService({ database_path, env })
  const posted = await postJson(`${first.url}/classify/batch`, { indicators, batch_id: 'crash' })
  assert.equal(posted.status, 202)
  // Wait until the pipeline is well under way but not finished, then crash everything (server, workers, Redis).
  for (;;) {
    const { body } = await getJson(`${first.url}/classify/batch/crash`)
    if (body.completed >= 40) {
      assert.notEqual(body.status, 'completed', 'the crash must come before the end')
      break
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await first.kill9()
  const before = new Database(database_path, { readonly: true })
  const doneBefore = before
    .prepare(`SELECT COUNT(*) FROM classifications WHERE batch_id = 'crash'`)
    .pluck()
    .get() as number
  before.close()
  assert.ok(doneBefore > 0 && doneBefore < indicators.length, `${doneBefore} rows before the restart`)

  // A fresh .motia folder: the queue's Redis data is gone too, only SQLite remembers.
  const second = await startService({
    database_path,
    env,
    motia_dir: join('.motia', 'runs', `${scratch.split('/').pop()}-restarted`),
  })
  try {
    const status = await waitForBatch(second.url, 'crash', 400_000)
    assert.equal(status.status, 'completed')
    assert.equal(status.completed, indicators.length)
    const results = (await getJson(`${second.url}/classify/batch/crash/results`)).body.results as {
      indicator_id: string
      status: string
    }[]
    assert.equal(results.length, indicators.length)
    assert.equal(new Set(results.map((r) => r.indicator_id)).size, indicators.length, 'no duplicates')
    assert.ok(results.every((r) => r.status === 'completed'))

    const db = new Database(database_path, { readonly: true })
    try {
      const redone = db
        .prepare(
          `SELECT unit_no, stage, COUNT(*) AS n FROM stage_log WHERE batch_id = 'crash' AND status = 'ok' GROUP BY unit_no, stage HAVING n > 1`,
        )
        .all()
      assert.deepEqual(redone, [], 'no stage of a unit finished twice: finished work was not redone')
      const stagesPerUnit = db
        .prepare(`SELECT COUNT(DISTINCT unit_no || stage) FROM stage_log WHERE batch_id = 'crash' AND status = 'ok'`)
        .pluck()
        .get()
      assert.equal(stagesPerUnit, 30 * 7)
    } finally {
      db.close()
    }
  } finally {
    await second.stop()
  }
})
