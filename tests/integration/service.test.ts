// The real service end to end: `motia start`, embedded Redis on a free port, a temporary SQLite database.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { PROJECT_ROOT, startService, type RunningService } from '../../src/cli/service-process'
import { classificationSchema, type IndicatorInput } from '../../src/taxonomy/index'
import { MALFORMED } from '../support/malformed'

const catalogue = (
  JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/indicators.json`, 'utf8')) as { indicators: IndicatorInput[] }
).indicators
const TWENTY_FIVE = catalogue.slice(0, 25)

function readDb(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number
    return {
      counts: Object.fromEntries(
        ['batches', 'indicators', 'units', 'stage_results', 'classifications', 'stage_log'].map((t) => [t, count(t)]),
      ),
      rows: (sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as Record<string, unknown>[],
    }
  } finally {
    setImmediate(() => db.close())
  }
}

async function classifyAndCheck(service: RunningService, batchId: string, expectedUnits: number) {
  const posted = await postJson(`${service.url}/classify/batch`, { indicators: TWENTY_FIVE, batch_id: batchId })
  assert.equal(posted.status, 202, JSON.stringify(posted.body))
  assert.equal(posted.body.count, 25)
  assert.equal(posted.body.units, expectedUnits)
  const status = await waitForBatch(service.url, batchId, 240_000)
  assert.equal(status.status, 'completed', JSON.stringify(status))
  assert.equal(status.completed, 25)
  assert.equal(status.failed, 0)
  assert.ok(status.finished_at && status.started_at)

  const db = new Database(service.database_path, { readonly: true })
  try {
    const rows = db.prepare('SELECT * FROM classifications WHERE batch_id = ?').all(batchId) as Record<
      string,
      unknown
    >[]
    assert.equal(rows.length, 25)
    for (const row of rows) {
      assert.equal(row.status, 'completed', `${row.indicator_id}: ${row.error}`)
      const parsed = classificationSchema.safeParse({
        ...row,
        is_currency_denominated: row.is_currency_denominated === 1,
        is_cumulative: row.is_cumulative === 1,
        stage_confidence: JSON.parse(String(row.stage_confidence)),
      })
      assert.ok(parsed.success, `${row.indicator_id}: ${JSON.stringify(parsed.error?.issues)}`)
    }
    const stages = db
      .prepare(`SELECT stage, COUNT(*) n FROM stage_results WHERE batch_id = ? AND error IS NULL GROUP BY stage`)
      .all(batchId) as { stage: string; n: number }[]
    assert.deepEqual(Object.fromEntries(stages.map((s) => [s.stage, s.n])), {
      normalize: 25,
      time: 25,
      scale: 25,
      currency: 25,
      family: 25,
      type: 25,
      review: 25,
    })
    const invocations = db
      .prepare(`SELECT COUNT(*) FROM stage_log WHERE batch_id = ? AND status = 'ok'`)
      .pluck()
      .get(batchId)
    assert.equal(invocations, expectedUnits * 7, 'one successful stage run per unit and stage')
    const joins = db
      .prepare(
        'SELECT COUNT(*) FROM units WHERE batch_id = ? AND join_emitted_at IS NOT NULL AND completed_at IS NOT NULL',
      )
      .pluck()
      .get(batchId)
    assert.equal(joins, expectedUnits)
  } finally {
    db.close()
  }

  const results = await getJson(`${service.url}/classify/batch/${batchId}/results`)
  assert.equal(results.status, 200)
  assert.deepEqual(
    results.body.results.map((r: { indicator_id: string }) => r.indicator_id),
    TWENTY_FIVE.map((i) => i.indicator_id),
  )
  for (const r of results.body.results) {
    for (const field of [
      'family',
      'indicator_type',
      'temporal_aggregation',
      'heat_map_orientation',
      'is_currency_denominated',
      'scale',
      'scale_multiplier',
      'parsed_unit_type',
      'reporting_frequency',
      'time_basis',
      'is_cumulative',
      'cumulative_pattern',
      'confidence',
      'reasoning',
      'review_status',
      'source',
      'provider',
      'name',
      'status',
    ]) {
      assert.notEqual(r[field], undefined, `${r.indicator_id}.${field}`)
      assert.notEqual(r[field], null, `${r.indicator_id}.${field}`)
    }
    assert.equal(typeof r.is_currency_denominated, 'boolean')
  }
  const csv = await fetch(`${service.url}/classify/batch/${batchId}/results?format=csv`)
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/)
  const lines = (await csv.text()).trim().split('\r\n')
  assert.equal(lines.length, 26)
  assert.match(lines[0]!, /^batch_id,indicator_id,name,units,status,error,family,indicator_type/)

  const one = await getJson(`${service.url}/classify/indicators/${encodeURIComponent(TWENTY_FIVE[0]!.indicator_id)}`)
  assert.equal(one.status, 200)
  assert.equal(one.body.batch_id, batchId)
  assert.deepEqual(
    one.body.trail.map((t: { stage: string }) => t.stage),
    ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review'],
  )
}

describe('service at chunk size 1 (one event per indicator)', () => {
  let service: RunningService
  before(async () => {
    service = await startService({ env: { CLASSIFY_CHUNK_SIZE: '1' } })
  })
  after(async () => service?.stop())

  test('25 indicators complete with every row stored', async () => {
    await classifyAndCheck(service, 'chunk-1', 25)
  })
})

describe('service at the default chunk size', () => {
  let service: RunningService
  before(async () => {
    // FAIL-ONE fails alone in normalize; any unit holding BOOM throws in the family stage on every attempt.
    service = await startService({
      env: {
        CLASSIFY_FAULTS: 'normalize:FAIL-ONE,family:!BOOM',
        CLASSIFY_STEP_RETRIES: '1',
        CLASSIFY_MAX_BATCH: '10000',
      },
    })
  })
  after(async () => service?.stop())

  test('25 indicators complete with every row stored', async () => {
    await classifyAndCheck(service, 'default-chunk', 1)
  })

  test('health reports Redis and SQLite', async () => {
    const res = await getJson(`${service.url}/health`)
    assert.deepEqual(res, { status: 200, body: { status: 'ok', sqlite: true, redis: true } })
  })

  test('re-posting the batch answers 200 with its status and adds nothing', async () => {
    const before = readDb(service.database_path).counts
    const res = await postJson(`${service.url}/classify/batch`, { indicators: TWENTY_FIVE, batch_id: 'default-chunk' })
    assert.equal(res.status, 200)
    assert.equal(res.body.status, 'completed')
    assert.deepEqual(readDb(service.database_path).counts, before)
  })

  test('malformed requests answer 400 naming the field and leave the database unchanged', async () => {
    const before = readDb(service.database_path).counts
    const cases = [...MALFORMED, { label: 'not JSON', body: '{"indicators": [', path: '(body)' }]
    for (const { label, body, path } of cases) {
      const res = await postJson(`${service.url}/classify/batch`, body)
      assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`)
      assert.ok(
        res.body.issues.some((i: { path: string }) => i.path === path),
        `${label}: ${JSON.stringify(res.body)}`,
      )
    }
    const tooMany = await postJson(`${service.url}/classify/batch`, {
      indicators: Array.from({ length: 10_001 }, (_, i) => ({ indicator_id: `T${i}`, name: 'x' })),
    })
    assert.equal(tooMany.status, 413)
    assert.deepEqual((await getJson(`${service.url}/classify/batch/nope`)).status, 404)
    assert.deepEqual(readDb(service.database_path).counts, before)
  })

  test('an indicator that fails is stored as failed with its error and the batch ends partial', async () => {
    const indicators = [
      ...catalogue.slice(0, 3),
      { indicator_id: 'FAIL-ONE', name: 'Broken series', units: 'USD Million' },
    ]
    const posted = await postJson(`${service.url}/classify/batch`, { indicators, batch_id: 'partial' })
    assert.equal(posted.status, 202)
    const status = await waitForBatch(service.url, 'partial', 120_000)
    assert.equal(status.status, 'partial')
    assert.deepEqual([status.completed, status.failed], [3, 1])
    const results = (await getJson(`${service.url}/classify/batch/partial/results`)).body.results
    const failed = results.find((r: { indicator_id: string }) => r.indicator_id === 'FAIL-ONE')
    assert.equal(failed.status, 'failed')
    assert.match(failed.error, /injected fault in stage normalize/)
  })

  test('a stage that keeps throwing is retried, then its unit is stored as failed and the batch ends', async () => {
    const indicators = [...catalogue.slice(0, 2), { indicator_id: 'BOOM', name: 'Exploding series', units: '%' }]
    const posted = await postJson(`${service.url}/classify/batch`, { indicators, batch_id: 'boom' })
    assert.equal(posted.status, 202)
    const status = await waitForBatch(service.url, 'boom', 120_000)
    assert.equal(status.status, 'failed')
    assert.equal(status.failed, 3)
    const log = readDb(service.database_path).rows(
      `SELECT attempt, status FROM stage_log WHERE batch_id = 'boom' AND stage = 'family' AND status != 'started' ORDER BY id`,
    )
    assert.deepEqual(log, [
      { attempt: 1, status: 'error' },
      { attempt: 2, status: 'gave-up' },
    ])
    const results = (await getJson(`${service.url}/classify/batch/boom/results`)).body.results
    assert.equal(results.length, 3)
    for (const r of results) assert.match(r.error, /family failed after 2 attempts: injected fault/)
  })
})

test('a service that does not start in time is killed with its process group, Redis included', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'classify-start-'))
  const database_path = join(scratch, 'classify.db')
  await assert.rejects(startService({ database_path, startup_timeout_ms: 1_500 }), /did not start within 1500 ms/)
  await new Promise((r) => setTimeout(r, 500))
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(scratch))
  assert.deepEqual(left, [])
  rmSync(scratch, { recursive: true, force: true })
})
