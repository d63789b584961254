// Faults of the running service: queue state that belongs to one database never reaches another; a database that
// cannot be written, or a Redis that hangs or dies, makes /health degraded and a POST 503, storing nothing, and the
// service recovers when it can, without a restart.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { scratchDir } from '../../src/cli/scratch'
import { PROJECT_ROOT, startService } from '../../src/cli/service-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

const catalogue = (prefix: string, n: number): IndicatorInput[] =>
  Array.from({ length: n }, (_, i) => ({
    indicator_id: `${prefix}-${i}`,
    name: i % 2 ? 'Inflation Rate YoY' : 'GDP',
    units: i % 2 ? '%' : 'USD Billion',
  }))

function rows(database_path: string): { ids: string[]; units: number[]; recomputed: number } {
  const db = new Database(database_path, { readonly: true })
  try {
    return {
      ids: db.prepare(`SELECT indicator_id FROM classifications ORDER BY indicator_id`).pluck().all() as string[],
      units: db.prepare(`SELECT DISTINCT unit_no FROM stage_log ORDER BY unit_no`).pluck().all() as number[],
      // A stage finished more than once for one unit: work a redelivery did again instead of skipping.
      recomputed: db
        .prepare(
          `SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM stage_log WHERE status = 'ok'
           GROUP BY batch_id, unit_no, stage)`,
        )
        .pluck()
        .get() as number,
    }
  } finally {
    db.close()
  }
}

test(
  'two services of one checkout with different databases never run each other’s jobs',
  { timeout: 1_800_000 },
  async () => {
    const scratch = scratchDir('classify-two-db-')
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
    const scratch = scratchDir('classify-ro-')
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

function finishedStages(database_path: string): number {
  const db = new Database(database_path, { readonly: true })
  try {
    return db.prepare(`SELECT COUNT(*) FROM stage_log WHERE status = 'ok'`).pluck().get() as number
  } finally {
    db.close()
  }
}

/** The embedded redis-server of a service (its process group, started by this test). */
function redisPid(service_pid: number): number {
  const pid = Number(execFileSync('pgrep', ['-g', String(service_pid), '-x', 'redis-server'], { encoding: 'utf8' }))
  assert.ok(pid > 0, 'the service runs an embedded redis-server')
  return pid
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

test(
  'Redis hung, then killed twice mid-batch (the second time with its data): /health and POST name redis, it restarts, the batch completes exactly once',
  { timeout: 600_000 },
  async () => {
    const database_path = join(scratchDir('classify-redis-'), 'classify.db')
    const indicators = catalogue('K', 60)
    const service = await startService({
      database_path,
      production: true,
      env: { CLASSIFY_CHUNK_SIZE: '10', CLASSIFY_DEDUPE: '0' },
    })
    const recoveries = () =>
      [...service.output().matchAll(/Redis is back: (\d+) unit events re-emitted/g)].map((m) => Number(m[1]))
    /** Kills the embedded Redis (its data folder emptied first when `wipe`) and waits for the service to recover. */
    const killRedis = async (wipe: boolean) => {
      const redis = redisPid(service.pid)
      const seen = recoveries().length
      process.kill(redis, 'SIGSTOP')
      if (wipe) {
        const dir = join(PROJECT_ROOT, service.motia_dir)
        for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true })
      }
      const killed = performance.now()
      process.kill(redis, 'SIGKILL')
      await until('/health ok again', 60_000, async () =>
        (await getJson(`${service.url}/health`).catch(() => ({ status: 0 }))).status === 200 ? true : undefined,
      )
      const healthy_ms = performance.now() - killed
      assert.notEqual(redisPid(service.pid), redis, 'a new redis-server')
      await until('recovery', 60_000, async () => (recoveries().length > seen ? true : undefined))
      return { killed, healthy_ms, resumed: recoveries()[seen]!, stages: finishedStages(database_path) }
    }
    try {
      assert.equal((await postJson(`${service.url}/classify/batch`, { batch_id: 'k', indicators })).status, 202)
      // Mid-batch: the units move together, so by finished stages rather than finished rows.
      await until('a third of the stages', 300_000, async () =>
        finishedStages(database_path) >= 14 ? true : undefined,
      )
      // Hung: every Redis round trip times out.
      process.kill(redisPid(service.pid), 'SIGSTOP')
      const degraded = await getJson(`${service.url}/health`)
      assert.equal(degraded.status, 503, JSON.stringify(degraded.body))
      assert.equal(degraded.body.redis, false)
      assert.ok(degraded.body.problems.redis)
      const refused = await postJson(`${service.url}/classify/batch`, { batch_id: 'late', indicators })
      assert.equal(refused.status, 503, JSON.stringify(refused.body))
      assert.match(refused.body.error, /^redis unavailable/)
      // Dead, its data kept: the jobs come back with it.
      const first = await killRedis(false)
      // Dead with its data: the units whose jobs were lost go on from SQLite.
      await until('two thirds of the stages', 300_000, async () =>
        finishedStages(database_path) >= 28 ? true : undefined,
      )
      const second = await killRedis(true)
      const status = await waitForBatch(service.url, 'k', 300_000)
      const completedMs = performance.now() - second.killed
      assert.equal(status.status, 'completed', JSON.stringify(status))
      assert.equal((await getJson(`${service.url}/classify/batch/late`)).status, 404, 'the refused POST stored nothing')
      const after = rows(database_path)
      assert.deepEqual(after.ids, indicators.map((i) => i.indicator_id).sort(), 'every indicator exactly once')
      const refusedLines = service.output().match(/ECONNREFUSED/g)?.length ?? 0
      assert.ok(refusedLines < 20, `${refusedLines} ECONNREFUSED lines`)
      const kill = (k: typeof first) =>
        `at ${k.stages}/42 stage runs, /health ok ${(k.healthy_ms / 1000).toFixed(1)} s after, ${k.resumed} unit events re-emitted`
      console.log(
        `redis kill -9 mid-batch (npm start, 60 indicators, 6 units): data kept ${kill(first)}; data lost ` +
          `${kill(second)}; batch completed ${(completedMs / 1000).toFixed(1)} s after the second kill; rows ` +
          `${after.ids.length}/${indicators.length}, 0 lost, 0 duplicated; stages computed twice: ${after.recomputed}; ` +
          `ECONNREFUSED lines: ${refusedLines}; service never restarted`,
      )
    } finally {
      await service.stop()
    }
  },
)

test(
  'a unit whose stage throws on every attempt is stored failed, never left running; without the fault, retry completes it',
  { timeout: 600_000 },
  async () => {
    const database_path = join(scratchDir('classify-gave-up-'), 'classify.db')
    // Two units of four; the queue tries each stage twice.
    const env = { CLASSIFY_CHUNK_SIZE: '4', CLASSIFY_DEDUPE: '0', CLASSIFY_STEP_RETRIES: '1' }
    const indicators = catalogue('F', 8)
    const faulty = await startService({
      database_path,
      production: true,
      env: { ...env, CLASSIFY_FAULTS: 'family:!F-5' },
    })
    try {
      assert.equal((await postJson(`${faulty.url}/classify/batch`, { batch_id: 'f', indicators })).status, 202)
      const partial = await waitForBatch(faulty.url, 'f', 300_000)
      assert.deepEqual([partial.status, partial.completed, partial.failed], ['partial', 4, 4], JSON.stringify(partial))
    } finally {
      await faulty.stop()
    }
    const db = new Database(database_path, { readonly: true })
    try {
      const failed = db
        .prepare(`SELECT indicator_id, error FROM classifications WHERE status = 'failed' ORDER BY indicator_id`)
        .all() as { indicator_id: string; error: string }[]
      assert.deepEqual(
        failed.map((row) => row.indicator_id),
        ['F-4', 'F-5', 'F-6', 'F-7'],
      )
      for (const row of failed) assert.match(row.error, /family failed after 2 attempts: injected fault/)
      assert.deepEqual(
        db
          .prepare(
            `SELECT status FROM stage_log WHERE unit_no = 1 AND stage = 'family' AND status != 'started' ORDER BY id`,
          )
          .pluck()
          .all(),
        ['error', 'gave-up'],
        'the queue retried once, then the stage gave up',
      )
    } finally {
      db.close()
    }

    // The fault is gone (a service started without it, on the same database and queue data): retry runs the unit again.
    const healthy = await startService({ database_path, production: true, env })
    try {
      const retried = await postJson(`${healthy.url}/classify/batch/f/retry`, {})
      assert.equal(retried.status, 202, JSON.stringify(retried.body))
      assert.deepEqual([retried.body.retried, retried.body.units], [4, 1])
      const done = await waitForBatch(healthy.url, 'f', 300_000)
      assert.deepEqual([done.status, done.completed, done.failed], ['completed', 8, 0], JSON.stringify(done))
    } finally {
      await healthy.stop()
    }
    const after = rows(database_path)
    assert.deepEqual(after.ids, indicators.map((i) => i.indicator_id).sort(), 'every indicator exactly once')
    console.log(
      `stage gave up (family throwing on every attempt for unit 1 of 2): 4 completed, 4 stored failed; after retry ` +
        `without the fault ${after.ids.length}/${indicators.length} completed, 0 lost, 0 duplicated`,
    )
  },
)
