import assert from 'node:assert/strict'
import { test } from 'node:test'
import { postBatch, getBatchStatus, type BatchDeps } from '../../src/api/batches'
import { getBatchResults, getIndicator } from '../../src/api/results'
import { loadServiceConfig } from '../../src/settings/service'
import { planBatchLlm } from '../../src/api/providers'
import { loadLlmConfig } from '../../src/llm/config'
import { tableCounts, tempStore } from '../support/db'
import { MALFORMED } from '../support/malformed'

function deps(overrides: Partial<BatchDeps> = {}) {
  const { store, db } = tempStore()
  const emitted: { batch_id: string; unit_no: number }[] = []
  const d: BatchDeps = {
    store,
    config: { ...loadServiceConfig({}), chunk_size: 2, max_batch: 5 },
    trace_id: 'trace-1',
    emitUnit: async (ref) => void emitted.push(ref),
    planLlm: (override) => planBatchLlm(override, loadLlmConfig({})),
    queueReady: async () => {},
    ...overrides,
  }
  return { d, emitted, db }
}

const req = (body: unknown, pathParams: Record<string, string> = {}, queryParams: Record<string, string> = {}) => ({
  body,
  pathParams,
  queryParams,
})
const indicators = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ indicator_id: `I${i}`, name: `Series ${i}`, units: 'USD Million' }))

test('a valid batch is stored, split into units and emitted once per unit', async () => {
  const { d, emitted, db } = deps()
  const res = await postBatch(req({ indicators: indicators(5), batch_id: 'b-1' }), d)
  assert.equal(res.status, 202)
  assert.deepEqual(res.body, {
    batch_id: 'b-1',
    trace_id: 'trace-1',
    count: 5,
    units: 3,
    status_url: '/classify/batch/b-1',
    warnings: [],
  })
  assert.deepEqual(
    emitted,
    [0, 1, 2].map((unit_no) => ({ batch_id: 'b-1', unit_no })),
  )
  assert.deepEqual(tableCounts(db).indicators, 5)
  const status = await getBatchStatus(req(undefined, { batch_id: 'b-1' }), d.store)
  assert.equal(status.status, 200)
  assert.equal((status.body as { status: string }).status, 'queued')
})

test('re-posting a known batch_id: the same body answers 200 with its status, another 409 naming the first difference', async () => {
  const { d, emitted, db } = deps()
  await postBatch(req({ indicators: indicators(2), batch_id: 'again' }), d)
  const before = tableCounts(db)
  const res = await postBatch(req({ indicators: indicators(2), batch_id: 'again' }), d)
  assert.equal(res.status, 200)
  assert.equal((res.body as { total: number }).total, 2)
  const cases: [unknown, string][] = [
    [{ indicators: indicators(4), batch_id: 'again' }, 'indicators.2.indicator_id'],
    [{ indicators: indicators(1), batch_id: 'again' }, 'indicators'],
    [
      { indicators: [indicators(2)[0], { ...indicators(2)[1], units: 'EUR' }], batch_id: 'again' },
      'indicators.1.units',
    ],
    [{ indicators: indicators(2), batch_id: 'again', refresh: true }, 'refresh'],
    [{ indicators: indicators(2), batch_id: 'again', llm_provider: 'rules' }, 'llm_provider'],
  ]
  for (const [body, path] of cases) {
    const conflict = await postBatch(req(body), d)
    assert.equal(conflict.status, 409, JSON.stringify(conflict.body))
    assert.deepEqual(
      (conflict.body as { issues: { path: string }[] }).issues.map((i) => i.path),
      [path],
    )
  }
  assert.equal(emitted.length, 1)
  assert.deepEqual(tableCounts(db), before)
})

test('concurrent posts of one new batch_id with different bodies: one 202, the others 409, one body stored', async () => {
  const { d, db } = deps()
  const bodies = Array.from({ length: 5 }, (_, k) => ({
    batch_id: 'race',
    indicators: [{ indicator_id: `R${k}`, name: 'GDP' }],
  }))
  const statuses = (await Promise.all(bodies.map((body) => postBatch(req(body), d)))).map((r) => r.status).sort()
  assert.deepEqual(statuses, [202, 409, 409, 409, 409])
  assert.equal(tableCounts(db).indicators, 1)
})

test('a POST that cannot be stored or queued answers 503 naming the cause and stores nothing', async () => {
  const down = deps({ queueReady: async () => Promise.reject(new Error('connect ECONNREFUSED')) })
  const res = await postBatch(req({ indicators: indicators(1) }), down.d)
  assert.equal(res.status, 503)
  assert.deepEqual(
    (res.body as { issues: { path: string }[] }).issues.map((i) => i.path),
    ['(redis)'],
  )
  assert.equal(tableCounts(down.db).batches, 0)

  const readOnly = deps()
  readOnly.db.pragma('query_only = ON')
  const stored = await postBatch(req({ indicators: indicators(1) }), readOnly.d)
  assert.equal(stored.status, 503, JSON.stringify(stored.body))
  assert.deepEqual(
    (stored.body as { issues: { path: string }[] }).issues.map((i) => i.path),
    ['(database)'],
  )
  readOnly.db.pragma('query_only = OFF')
  assert.equal(tableCounts(readOnly.db).batches, 0)
})

for (const { label, body, path } of MALFORMED) {
  test(`400 naming ${path} when ${label}, and nothing stored`, async () => {
    const { d, emitted, db } = deps()
    await postBatch(req({ indicators: indicators(1), batch_id: 'existing' }), d)
    const before = tableCounts(db)
    const res = await postBatch(req(body), d)
    assert.equal(res.status, 400, JSON.stringify(res.body))
    const issues = (res.body as { issues: { path: string }[] }).issues
    assert.ok(
      issues.some((i) => i.path === path),
      `expected an issue at ${path}, got ${JSON.stringify(issues)}`,
    )
    assert.deepEqual(tableCounts(db), before)
    assert.equal(emitted.length, 1)
  })
}

test('duplicate ids are named in the error', async () => {
  const { d } = deps()
  const res = await postBatch(req({ indicators: [...indicators(2), { indicator_id: 'I1', name: 'again' }] }), d)
  assert.equal(res.status, 400)
  assert.match((res.body as { error: string }).error, /I1/)
})

test('more indicators than CLASSIFY_MAX_BATCH answers 413 and stores nothing', async () => {
  const { d, db } = deps()
  const res = await postBatch(req({ indicators: indicators(6) }), d)
  assert.equal(res.status, 413)
  assert.equal(tableCounts(db).batches, 0)
})

test('a provider that cannot be used is refused up front, naming the setting', async () => {
  const { d, db } = deps()
  for (const [provider, setting] of [
    ['openai', 'OPENAI_API_KEY'],
    ['anthropic', 'ANTHROPIC_API_KEY'],
  ]) {
    const res = await postBatch(req({ indicators: indicators(1), llm_provider: provider }), d)
    assert.equal(res.status, 400)
    const issues = (res.body as { issues: { path: string; message: string }[] }).issues
    assert.equal(issues[0]!.path, 'llm_provider')
    assert.match(issues[0]!.message, new RegExp(`"${provider}" needs ${setting}`))
  }
  assert.equal(tableCounts(db).batches, 0)
})

test('unknown ids answer 404 and a bad format 400', async () => {
  const { d } = deps()
  assert.equal((await getBatchStatus(req(undefined, { batch_id: 'nope' }), d.store)).status, 404)
  assert.equal((await getBatchResults(req(undefined, { batch_id: 'nope' }), d.store)).status, 404)
  assert.equal((await getIndicator(req(undefined, { indicator_id: 'nope' }), d.store)).status, 404)
  await postBatch(req({ indicators: indicators(1), batch_id: 'b' }), d)
  assert.equal((await getBatchResults(req(undefined, { batch_id: 'b' }, { format: 'xml' }), d.store)).status, 400)
})

test('CSV export neutralises cells a spreadsheet would run as formulas, and keeps numbers as numbers', async () => {
  const { csvLine } = await import('../../src/api/csv')
  const names = ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'GDP']
  const cells = names.map((name, i) => csvLine(['name', 'value'], { name, value: -i }).replace(/\r\n$/, ''))
  assert.deepEqual(cells, [
    `"'=HYPERLINK(""http://x"")",0`,
    `'+1+2,-1`,
    `'-2+3,-2`,
    `'@SUM(A1),-3`,
    `'\tTAB,-4`,
    `"'\rCR",-5`,
    'GDP,-6',
  ])
})

test('/health is degraded naming the failing part', async () => {
  const { health, databaseUnwritable, redisPing } = await import('../../src/api/health')
  const { store, path } = tempStore()
  assert.equal(databaseUnwritable(path), null)
  assert.equal(databaseUnwritable('/no-such-folder/classify.db'), '/no-such-folder is not writable (ENOENT)')
  assert.equal((await health(store, async () => {}, path)).status, 200)
  const down = await health(
    store,
    redisPing(() => new Promise(() => {})),
    path,
  )
  assert.equal(down.status, 503)
  assert.deepEqual(down.body, {
    status: 'degraded',
    sqlite: true,
    redis: false,
    problems: { redis: 'no answer within 2000 ms' },
  })
})
