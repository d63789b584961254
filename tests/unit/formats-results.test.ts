import assert from 'node:assert/strict'
import { test } from 'node:test'
import { listBatches } from '../../src/api/batches'
import type { HttpResponse } from '../../src/api/http'
import { getBatchResults } from '../../src/api/results'
import type { ClassificationRow, Store } from '../../src/db/store'
import { rulesBatch, tempStore } from '../support/db'

const indicators = Array.from({ length: 7 }, (_, i) => ({
  indicator_id: `I${i}`,
  name: `Series ${i}`,
  units: 'USD Million',
  periodicity: 'Monthly',
  description: i === 0 ? 'has "quotes", commas\nand a newline' : undefined,
  extra: { region: i % 2 ? 'EU' : 'US' },
}))

function row(id: string, i: number): ClassificationRow {
  if (i === 6)
    return {
      indicator_id: id,
      name: `Series ${i}`,
      units: 'USD Million',
      status: 'failed',
      error: 'boom',
      fields: null,
    }
  const fields = {
    family: i < 3 ? 'physical-fundamental' : 'price-value',
    indicator_type: i < 3 ? 'flow' : 'price',
    confidence: i / 10,
    review_status: i === 1 ? 'flagged' : 'passed',
    source: 'rules',
  }
  return { indicator_id: id, name: `Series ${i}`, units: 'USD Million', status: 'completed', error: null, fields }
}

async function seeded(): Promise<Store> {
  const { store } = tempStore()
  await store.batches.insert(
    rulesBatch(
      'b',
      indicators,
      indicators.map(() => 0),
      10,
    ),
  )
  await store.classifications.completeUnit(
    { batch_id: 'b', unit_no: 0 },
    indicators.map((ind, i) => row(ind.indicator_id, i)),
  )
  return store
}

async function text(res: HttpResponse): Promise<string> {
  let out = ''
  for await (const piece of res.stream!) out += piece
  return out
}

const get = (store: Store, query: Record<string, string>) =>
  getBatchResults({ body: undefined, pathParams: { batch_id: 'b' }, queryParams: query }, store)

test('JSON results by page: limit and a stable cursor walk every row once, in request order', async () => {
  const store = await seeded()
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await get(store, { limit: '3', ...(cursor ? { cursor } : {}) })
    assert.equal(res.status, 200)
    const body = JSON.parse(await text(res)) as {
      results: { indicator_id: string; periodicity: string; extra: unknown }[]
      next_cursor: string | null
      total: number
    }
    assert.equal(body.total, 7)
    assert.equal(res.headers?.['x-next-cursor'], body.next_cursor ?? undefined)
    seen.push(...body.results.map((r) => r.indicator_id))
    if (pages === 0)
      assert.deepEqual([body.results[1]!.periodicity, body.results[1]!.extra], ['Monthly', { region: 'EU' }])
    cursor = body.next_cursor
    pages++
  } while (cursor)
  assert.deepEqual(
    seen,
    indicators.map((i) => i.indicator_id),
  )
  assert.equal(pages, 3)
})

test('results are filtered by status, review_status, family, indicator_type, confidence and source', async () => {
  const store = await seeded()
  const ids = async (query: Record<string, string>) =>
    (JSON.parse(await text(await get(store, query))) as { results: { indicator_id: string }[] }).results.map(
      (r) => r.indicator_id,
    )
  assert.deepEqual(await ids({ status: 'failed' }), ['I6'])
  assert.deepEqual(await ids({ review_status: 'flagged' }), ['I1'])
  assert.deepEqual(await ids({ family: 'price-value', indicator_type: 'price' }), ['I3', 'I4', 'I5'])
  assert.deepEqual(await ids({ min_confidence: '0.2', max_confidence: '0.4' }), ['I2', 'I3', 'I4'])
  assert.deepEqual(await ids({ source: 'rules', limit: '2' }), ['I0', 'I1'])
})

test('CSV carries the input columns beside every answer, as an attachment; NDJSON is one row a line', async () => {
  const store = await seeded()
  const csv = await get(store, { format: 'csv', status: 'completed' })
  assert.equal(csv.headers?.['content-disposition'], 'attachment; filename="b.csv"')
  const lines = (await text(csv)).split('\r\n')
  const header = lines[0]!.split(',')
  for (const column of [
    'indicator_id',
    'name',
    'units',
    'family',
    'periodicity',
    'description',
    'source_name',
    'extra',
  ])
    assert.ok(header.includes(column), column)
  assert.match(lines[1]!, /"has ""quotes"", commas\nand a newline"/)
  assert.match(lines[1]!, /"\{""region"":""US""\}"/)
  const ndjson = (await text(await get(store, { format: 'ndjson', limit: '4' }))).trim().split('\n')
  assert.deepEqual(
    ndjson.map((l) => JSON.parse(l).indicator_id),
    ['I0', 'I1', 'I2', 'I3'],
  )
})

test('a bad query is named: format, limit above 10,000, a cursor that is not ours, an unknown filter or value', async () => {
  const store = await seeded()
  for (const [query, path] of [
    [{ format: 'xml' }, 'format'],
    [{ limit: '10001' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ family: 'nope' }, 'family'],
    [{ colour: 'red' }, 'colour'],
    [{ min_confidence: '2' }, 'min_confidence'],
  ] as const) {
    const res = await get(store, query)
    assert.equal(res.status, 400, JSON.stringify(query))
    assert.ok(
      (res.body as { issues: { path: string }[] }).issues.some((i) => i.path === path),
      `${path}: ${JSON.stringify(res.body)}`,
    )
  }
})

test('GET /classify/batches lists batches newest first with status and counts, paged by cursor', async () => {
  const store = await seeded()
  await new Promise((r) => setTimeout(r, 5))
  await store.batches.insert(rulesBatch('newer', indicators.slice(0, 1), [0], 10))
  const first = await listBatches({ body: undefined, pathParams: {}, queryParams: { limit: '1' } }, store)
  const page = first.body as { batches: { batch_id: string; status: string; total: number }[]; next_cursor: string }
  assert.deepEqual(
    page.batches.map((b) => [b.batch_id, b.status, b.total]),
    [['newer', 'queued', 1]],
  )
  const second = (
    await listBatches({ body: undefined, pathParams: {}, queryParams: { limit: '1', cursor: page.next_cursor } }, store)
  ).body as { batches: { batch_id: string; completed: number; failed: number }[] }
  assert.deepEqual(
    second.batches.map((b) => [b.batch_id, b.completed, b.failed]),
    [['b', 6, 1]],
  )
})
