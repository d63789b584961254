import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { postBatch, type BatchDeps } from '../../src/api/batches'
import { BODY_WARNINGS, readBatchBody, type BodyResult } from '../../src/api/body'
import { mapIndicators, type IntakeWarning } from '../../src/api/mapping'
import { planBatchLlm } from '../../src/api/providers'
import { loadServiceConfig } from '../../src/settings/service'
import { loadLlmConfig } from '../../src/llm/config'
import { tempStore } from '../support/db'

const limits = { max_bytes: 1 << 20, max_records: 100 }

function read(body: string | Buffer, headers: Record<string, string>, l = limits): Promise<BodyResult> {
  return readBatchBody(Readable.from([Buffer.from(body)]), headers, l)
}

async function records(body: string, type: string): Promise<unknown[]> {
  const result = await read(body, { 'content-type': type })
  assert.ok(result.ok, JSON.stringify(result))
  return result.body as unknown[]
}

test('JSON bodies: our object shape and a bare array', async () => {
  const ours = await read('{"indicators":[{"indicator_id":"A","name":"GDP"}],"batch_id":"x"}', {
    'content-type': 'application/json; charset=utf-8',
  })
  assert.deepEqual(ours.ok && ours.body, { indicators: [{ indicator_id: 'A', name: 'GDP' }], batch_id: 'x' })
  assert.deepEqual(await records('[{"indicator_id":"A","name":"GDP"}]', 'application/json'), [
    { indicator_id: 'A', name: 'GDP' },
  ])
})

test('CSV: header row, empty cells absent, sample_values as a JSON cell', async () => {
  const csv =
    'indicator_id,name,units,description,sample_values\r\nA,GDP,USD Billion,,"[{""date"":""2024-01-01"",""value"":1.5}]"\r\nB,"CPI, all items",%,Consumer prices,\r\n'
  assert.deepEqual(await records(csv, 'text/csv'), [
    { indicator_id: 'A', name: 'GDP', units: 'USD Billion', sample_values: [{ date: '2024-01-01', value: 1.5 }] },
    { indicator_id: 'B', name: 'CPI, all items', units: '%', description: 'Consumer prices' },
  ])
})

test('CSV: wide date columns become sample_values, missing cells skipped, and the reading is reported', async () => {
  const result = await read('\ufeffid,title,2022,2023-Q1,2024 [YR2024]\nA,GDP,1.5,..,3\n', {
    'content-type': 'text/csv',
  })
  assert.ok(result.ok)
  assert.deepEqual(result.body, [
    {
      id: 'A',
      title: 'GDP',
      sample_values: [
        { date: '2022', value: 1.5 },
        { date: '2024', value: 3 },
      ],
    },
  ])
  assert.match(result.warnings[0]!.message, /3 date columns \(2022 … 2024 \[YR2024\]\) read as sample_values/)
})

test('SDMX-CSV long form is grouped into one series per dimension key', async () => {
  const csv = [
    'DATAFLOW,LAST UPDATE,freq,unit,na_item,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG',
    'ESTAT:NAMQ_10_GDP(1.0),01/01/25,Q,CP_MEUR,B1GQ:Gross domestic product at market prices,DE:Germany,2024-Q1,1000.5,',
    'ESTAT:NAMQ_10_GDP(1.0),01/01/25,Q,CP_MEUR,B1GQ:Gross domestic product at market prices,DE:Germany,2024-Q2,1010,p',
    'ESTAT:NAMQ_10_GDP(1.0),01/01/25,Q,CP_MEUR,B1GQ:Gross domestic product at market prices,FR:France,2024-Q1,700,',
  ].join('\n')
  const result = await read(csv, { 'content-type': 'text/csv' })
  assert.ok(result.ok)
  const series = result.body as Record<string, unknown>[]
  assert.equal(series.length, 2)
  assert.deepEqual(series[0], {
    indicator_id: 'NAMQ_10_GDP.Q.CP_MEUR.B1GQ.DE',
    name: 'Gross domestic product at market prices',
    units: 'CP_MEUR',
    periodicity: 'Quarterly',
    dataset: 'NAMQ_10_GDP',
    source_name: 'Eurostat',
    long_name: 'Gross domestic product at market prices, Germany',
    extra: { freq: 'Q', unit: 'CP_MEUR', na_item: 'B1GQ:Gross domestic product at market prices', geo: 'DE:Germany' },
    sample_values: [
      { date: '2024-Q1', value: 1000.5 },
      { date: '2024-Q2', value: 1010 },
    ],
  })
  assert.match(result.warnings[0]!.message, /3 observations grouped into 2 series/)
})

test('NDJSON: one record a line, blank lines skipped, a bad line named', async () => {
  assert.deepEqual(
    await records('{"indicator_id":"A","name":"GDP"}\n\n{"id":"B","title":"CPI"}\n', 'application/x-ndjson'),
    [
      { indicator_id: 'A', name: 'GDP' },
      { id: 'B', title: 'CPI' },
    ],
  )
  const bad = await read('{"indicator_id":"A","name":"GDP"}\n{oops\n', { 'content-type': 'application/x-ndjson' })
  assert.equal(!bad.ok && bad.status, 400)
  assert.equal(!bad.ok && bad.issues[0]!.path, '(line 2)')
})

test('gzip bodies are inflated; the inflated size is capped with 413, as is the record count', async () => {
  const ndjson = Array.from({ length: 3 }, (_, i) => JSON.stringify({ indicator_id: `I${i}`, name: 'x' })).join('\n')
  const inflated = await read(gzipSync(ndjson), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' })
  assert.equal(inflated.ok && (inflated.body as unknown[]).length, 3)
  const bomb = gzipSync(Buffer.alloc(5 << 20, ' '))
  assert.ok(bomb.length < 64 << 10)
  const capped = await read(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
  assert.equal(!capped.ok && capped.status, 413)
  const tooMany = await read(ndjson, { 'content-type': 'application/x-ndjson' }, { ...limits, max_records: 2 })
  assert.equal(!tooMany.ok && tooMany.status, 413)
  const notGzip = await read('plain', { 'content-type': 'text/csv', 'content-encoding': 'gzip' })
  assert.equal(!notGzip.ok && notGzip.status, 400)
  const unsupported = await read('<x/>', { 'content-type': 'application/xml' })
  assert.equal(!unsupported.ok && unsupported.status, 415)
})

const byField = (warnings: IntakeWarning[]) => Object.fromEntries(warnings.map((w) => [w.field, w]))

test('FRED, World Bank and generic field names are mapped to ours and each mapping is reported once with its count', () => {
  const fred = {
    id: 'GDPC1',
    title: 'Real GDP',
    units: 'Billions of Chained 2017 Dollars',
    frequency: 'Quarterly',
    notes: 'BEA',
    seasonal_adjustment: 'Seasonally Adjusted Annual Rate',
  }
  const worldBank = {
    id: 'NY.GDP.MKTP.CD',
    name: 'GDP (current US$)',
    unit: '',
    sourceNote: 'GDP at purchaser prices',
    sourceOrganization: 'World Bank',
    source: { id: '2', value: 'World Development Indicators' },
    topics: [{ id: '3', value: 'Economy & Growth' }],
  }
  const generic = { id: 'X', title: 'Unemployment', unit: '%', frequency: 'Monthly', country: 'Spain' }
  const { indicators, warnings } = mapIndicators([fred, { ...fred, id: 'GDP' }, worldBank, generic])
  assert.deepEqual(indicators[0], {
    indicator_id: 'GDPC1',
    name: 'Real GDP',
    units: 'Billions of Chained 2017 Dollars',
    periodicity: 'Quarterly',
    description: 'BEA',
    extra: { seasonal_adjustment: 'Seasonally Adjusted Annual Rate' },
  })
  assert.deepEqual(indicators[2], {
    indicator_id: 'NY.GDP.MKTP.CD',
    name: 'GDP (current US$)',
    description: 'GDP at purchaser prices',
    source_name: 'World Bank',
    dataset: 'World Development Indicators',
    topic: 'Economy & Growth',
  })
  assert.deepEqual(indicators[3], {
    indicator_id: 'X',
    name: 'Unemployment',
    units: '%',
    periodicity: 'Monthly',
    long_name: 'Unemployment, Spain',
    extra: { country: 'Spain' },
  })
  const w = byField(warnings)
  assert.equal(w.id!.count, 4)
  assert.equal(w.id!.mapped_to, 'indicator_id')
  assert.equal(w.title!.count, 3)
  assert.match(w.sourceNote!.message, /World Bank.*read as description \(1 indicator\)/)
  assert.match(w.seasonal_adjustment!.message, /kept in extra/)
  assert.equal(w.seasonal_adjustment!.did_you_mean, undefined)
  assert.equal(w.country!.mapped_to, 'long_name')
})

test('unknown fields are kept verbatim in extra, with a "did you mean" for near misses; ours win over aliases', () => {
  const { indicators, warnings } = mapIndicators([
    {
      indicator_id: 'A',
      name: 'GDP',
      title: 'Gross domestic product',
      unts: 'USD',
      Periodicity: 'Annual',
      colour: { r: 1 },
      extra: { kept: true },
    },
  ])
  assert.deepEqual(indicators[0], {
    indicator_id: 'A',
    name: 'GDP',
    periodicity: 'Annual',
    extra: { kept: true, title: 'Gross domestic product', unts: 'USD', colour: { r: 1 } },
  })
  const w = byField(warnings)
  assert.equal(w.unts!.did_you_mean, 'units')
  assert.match(w.unts!.message, /unknown field "unts" kept in extra; did you mean "units"\?/)
  assert.equal(w.colour!.did_you_mean, undefined)
  assert.match(w.title!.message, /name is already given/)
  assert.equal(w.Periodicity!.mapped_to, 'periodicity')
})

function deps(): BatchDeps {
  return {
    store: tempStore().store,
    config: { ...loadServiceConfig({}), chunk_size: 2 },
    trace_id: 't',
    emitUnit: async () => {},
    planLlm: (override) => planBatchLlm(override, loadLlmConfig({})),
    queueReady: async () => {},
  }
}

test('a CSV catalogue is accepted with its options from the query, warnings in the 202, extra stored with the input', async () => {
  const d = deps()
  const read = await readBatchBody(
    Readable.from(['id,title,units,frequency,region\nA,GDP,USD Billion,Quarterly,EU\nB,CPI,%,Monthly,EU\n']),
    { 'content-type': 'text/csv' },
    limits,
  )
  assert.ok(read.ok)
  Object.defineProperty(read.body, BODY_WARNINGS, { value: read.warnings })
  const res = await postBatch(
    { body: read.body, pathParams: {}, queryParams: { batch_id: 'csv-1', refresh: 'true' } },
    d,
  )
  assert.equal(res.status, 202, JSON.stringify(res.body))
  const body = res.body as { batch_id: string; count: number; warnings: IntakeWarning[] }
  assert.equal(body.batch_id, 'csv-1')
  assert.equal(body.count, 2)
  assert.deepEqual(
    body.warnings.map((w) => [w.field, w.count]),
    [
      ['id', 2],
      ['title', 2],
      ['frequency', 2],
      ['region', 2],
    ],
  )
  assert.equal((await d.store.batches.get('csv-1'))!.refresh, 1)
  const [first] = await d.store.batches.unitInputs({ batch_id: 'csv-1', unit_no: 0 })
  assert.deepEqual(first!.extra, { region: 'EU' })
})
