import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { getJson, waitForBatch } from '../../src/cli/client'
import { startService, type RunningService } from '../../src/cli/service-process'
import { openApiDocument } from '../../src/api/openapi'

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> }

describe('the API against the real service: catalogue formats in, paged and streamed results out, its OpenAPI document', () => {
  let service: RunningService
  before(async () => {
    service = await startService({ env: { CLASSIFY_CHUNK_SIZE: '2', CLASSIFY_MAX_BODY_MB: '8' } })
  })
  after(async () => service?.stop())

  test('a gzip CSV with FRED field names is accepted with its warnings, classified, and its results come back paged and as CSV', async () => {
    const csv =
      'id,title,units,frequency,seasonal_adjustment,2024-01,2024-02\nUNRATE,Unemployment Rate,Percent,Monthly,Seasonally Adjusted,3.7,3.9\nCPIAUCSL,Consumer Price Index for All Urban Consumers,Index 1982-1984=100,Monthly,Seasonally Adjusted,308.4,310.3\nGDP,Gross Domestic Product,Billions of Dollars,Quarterly,Seasonally Adjusted Annual Rate,,\n'
    const res = await fetch(`${service.url}/classify/batch?batch_id=fred-csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
      body: gzipSync(csv),
    })
    const accepted = (await res.json()) as { count: number; warnings: { field: string; mapped_to?: string }[] }
    assert.equal(res.status, 202, JSON.stringify(accepted))
    assert.equal(accepted.count, 3)
    assert.deepEqual(
      accepted.warnings.filter((w) => w.mapped_to).map((w) => [w.field, w.mapped_to]),
      [
        ['2024-01', 'sample_values'],
        ['id', 'indicator_id'],
        ['title', 'name'],
        ['frequency', 'periodicity'],
      ],
    )
    const status = await waitForBatch(service.url, 'fred-csv', 180_000)
    assert.equal(status.status, 'completed')
    const page = (await getJson(`${service.url}/classify/batch/fred-csv/results?limit=2`)).body
    assert.deepEqual(
      page.results.map((r: { indicator_id: string }) => r.indicator_id),
      ['UNRATE', 'CPIAUCSL'],
    )
    assert.deepEqual(page.results[0].extra, { seasonal_adjustment: 'Seasonally Adjusted' })
    const rest = (await getJson(`${service.url}/classify/batch/fred-csv/results?limit=2&cursor=${page.next_cursor}`))
      .body
    assert.deepEqual(
      [rest.results.map((r: { indicator_id: string }) => r.indicator_id), rest.next_cursor],
      [['GDP'], null],
    )
    const csvRes = await fetch(`${service.url}/classify/batch/fred-csv/results?format=csv`)
    assert.equal(csvRes.headers.get('content-disposition'), 'attachment; filename="fred-csv.csv"')
    assert.equal((await csvRes.text()).trim().split('\r\n').length, 4)
    const listed = (await getJson(`${service.url}/classify/batches?limit=5`)).body
    assert.equal(listed.batches[0].batch_id, 'fred-csv')
    assert.equal(listed.batches[0].progress.stages.complete.indicators, 3)
  })

  test('NDJSON and a bare JSON array are read too; a gzip bomb answers 413', async () => {
    const ndjson =
      '{"indicator_id":"N1","name":"GDP","unit":"USD Billion"}\n{"indicator_id":"N2","name":"CPI","unit":"%"}\n'
    const a = await fetch(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjson,
    })
    assert.equal(a.status, 202)
    const b = await fetch(`${service.url}/classify/batch?llm_provider=rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ indicator_id: 'J1', name: 'GDP' }]),
    })
    assert.equal(b.status, 202)
    const body = gzipSync(Buffer.alloc(64 << 20, ' '))
    const bomb = await fetch(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    }).catch((e: Error) => {
      throw new Error(`${e.message}: ${String(e.cause)}`)
    })
    assert.equal(bomb.status, 413, `${body.length} bytes compressed`)
  })

  test('/openapi.json is the generated document, and every documented route answers with a documented status', async () => {
    const served = (await getJson(`${service.url}/openapi.json`)).body
    assert.deepEqual(served, openApiDocument())
    const paths = served.paths as Record<string, Record<string, Operation>>
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const url = service.url + path.replace('{batch_id}', 'fred-csv').replace('{indicator_id}', 'UNRATE')
        const res = await fetch(url, {
          method: method.toUpperCase(),
          ...(method === 'post' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        })
        const documented = operation.responses[String(res.status)]
        assert.ok(
          documented,
          `${method} ${path} answered ${res.status}, not one of ${Object.keys(operation.responses)}`,
        )
        const type = res.headers.get('content-type')?.split(';')[0]
        if (documented.content) assert.ok(type && type in documented.content, `${method} ${path}: ${type}`)
        await res.arrayBuffer()
      }
    }
  })
})
