// Malformed and hostile requests against one running service: each answers its status with an error naming the
// field, and leaves the database as it was; unicode that must be accepted comes back intact.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, postJson, waitForBatch, type JsonBody } from '../../src/cli/client'
import { startService, type RunningService } from '../../src/cli/service-process'
import { MALFORMED } from '../support/malformed'

const MAX_BATCH = 20
const ok = { indicator_id: 'P1', name: 'GDP', units: 'USD Billion' }
const TABLES = ['batches', 'indicators', 'units', 'stage_results', 'classifications', 'stage_log']

let service: RunningService

function counts(): Record<string, number> {
  const db = new Database(service.database_path, { readonly: true, fileMustExist: true })
  try {
    return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]))
  } finally {
    db.close()
  }
}

async function send(
  body: string | Uint8Array,
  contentType = 'application/json',
): Promise<{ status: number; body: JsonBody }> {
  const response = await fetch(`${service.url}/classify/batch`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
  const text = await response.text()
  return {
    status: response.status,
    body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  }
}

interface Probe {
  label: string
  /** An object is sent as JSON; a string or bytes as they are. */
  body: unknown
  status: number
  /** The issue path the error must name. */
  path: string
}

const withIndicator = (fields: Record<string, unknown>) => ({ indicators: [{ ...ok, ...fields }] })
const withSample = (sample: Record<string, unknown>) =>
  withIndicator({ sample_values: [{ date: '2024-01-31', value: 1, ...sample }] })

const CONTROLS: [string, string][] = [
  ['NUL', '\u0000'],
  ['SOH', '\u0001'],
  ['BEL', '\u0007'],
  ['backspace', '\b'],
  ['tab', '\t'],
  ['line feed', '\n'],
  ['carriage return', '\r'],
  ['escape', '\u001b'],
  ['DEL', '\u007f'],
  ['NEL (C1)', '\u0085'],
  ['CSI (C1)', '\u009b'],
]

const PROBES: Probe[] = [
  ...MALFORMED.map(({ label, body, path }) => ({ label, body, status: 400, path })),
  // Control characters in ids and names; in longer texts only NUL and the like (line breaks are text there).
  ...CONTROLS.flatMap(([name, char]) => [
    {
      label: `${name} in indicator_id`,
      body: withIndicator({ indicator_id: `P${char}1` }),
      status: 400,
      path: 'indicators.0.indicator_id',
    },
    { label: `${name} in name`, body: withIndicator({ name: `GDP${char}x` }), status: 400, path: 'indicators.0.name' },
  ]),
  {
    label: 'NUL in description',
    body: withIndicator({ description: 'a\u0000b' }),
    status: 400,
    path: 'indicators.0.description',
  },
  {
    label: 'escape in long_name',
    body: withIndicator({ long_name: 'a\u001b[2Jb' }),
    status: 400,
    path: 'indicators.0.long_name',
  },
  {
    label: 'NUL in sample date',
    body: withSample({ date: '2024-01-31\u0000' }),
    status: 400,
    path: 'indicators.0.sample_values.0.date',
  },
  {
    label: 'lone low surrogate in units',
    body: withIndicator({ units: '\udc00USD' }),
    status: 400,
    path: 'indicators.0.units',
  },
  // Sample dates that are not calendar dates or periods.
  ...[
    '2024-13-45',
    'yesterday',
    '2024-02-30',
    '2023-02-29',
    '2024-00-10',
    '2021-W53',
    '2024-W00',
    '2024-Q5',
    '2024M13',
    '2024-07-15T25:00:00Z',
    '2024-07-15Tjunk',
    '0000-01-01',
    '9999-12-31',
    '2024-1-1-1',
    'NaN',
    '   ',
  ].map((date) => ({
    label: `sample date ${JSON.stringify(date)}`,
    body: withSample({ date }),
    status: 400,
    path: 'indicators.0.sample_values.0.date',
  })),
  {
    label: 'sample date a number',
    body: withSample({ date: 2024 }),
    status: 400,
    path: 'indicators.0.sample_values.0.date',
  },
  // Values that are not finite numbers or numeric strings.
  ...(
    ['abc', '', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1,5', '1 2', true, {}, [], [1]] as unknown[]
  ).map((value) => ({
    label: `sample value ${JSON.stringify(value)}`,
    body: withSample({ value }),
    status: 400,
    path: 'indicators.0.sample_values.0.value',
  })),
  {
    label: 'sample value 1e999 as a JSON number (Infinity)',
    body: '{"indicators":[{"indicator_id":"P1","name":"GDP","sample_values":[{"date":"2024","value":1e999}]}]}',
    status: 400,
    path: 'indicators.0.sample_values.0.value',
  },
  {
    label: 'sample without value',
    body: withIndicator({ sample_values: [{ date: '2024' }] }),
    status: 400,
    path: 'indicators.0.sample_values.0.value',
  },
  {
    label: 'unknown sample field',
    body: withSample({ note: 'x' }),
    status: 400,
    path: 'indicators.0.sample_values.0.note',
  },
  // Wrong types.
  {
    label: 'indicator_id a number',
    body: withIndicator({ indicator_id: 7 }),
    status: 400,
    path: 'indicators.0.indicator_id',
  },
  { label: 'name an array', body: withIndicator({ name: ['GDP'] }), status: 400, path: 'indicators.0.name' },
  {
    label: 'units an object',
    body: withIndicator({ units: { code: 'USD' } }),
    status: 400,
    path: 'indicators.0.units',
  },
  {
    label: 'description a number',
    body: withIndicator({ description: 3 }),
    status: 400,
    path: 'indicators.0.description',
  },
  {
    label: 'periodicity a boolean',
    body: withIndicator({ periodicity: true }),
    status: 400,
    path: 'indicators.0.periodicity',
  },
  { label: 'an indicator that is a string', body: { indicators: ['GDP'] }, status: 400, path: 'indicators.0' },
  { label: 'an indicator that is null', body: { indicators: [ok, null] }, status: 400, path: 'indicators.1' },
  { label: 'indicators an object', body: { indicators: { 0: ok } }, status: 400, path: 'indicators' },
  { label: 'indicators null', body: { indicators: null }, status: 400, path: 'indicators' },
  { label: 'batch_id a number', body: { ...withIndicator({}), batch_id: 12 }, status: 400, path: 'batch_id' },
  {
    label: 'llm_provider a number',
    body: { ...withIndicator({}), llm_provider: 1 },
    status: 400,
    path: 'llm_provider',
  },
  { label: 'refresh the string "true"', body: { ...withIndicator({}), refresh: 'true' }, status: 400, path: 'refresh' },
  { label: 'unknown top-level field', body: { ...withIndicator({}), priority: 'high' }, status: 400, path: 'priority' },
  { label: 'body a JSON string', body: '"GDP"', status: 400, path: '(body)' },
  { label: 'body JSON null', body: 'null', status: 400, path: '(body)' },
  // Sizes and nesting.
  {
    label: 'indicator_id of 201 characters',
    body: withIndicator({ indicator_id: 'x'.repeat(201) }),
    status: 400,
    path: 'indicators.0.indicator_id',
  },
  {
    label: 'name of 501 characters',
    body: withIndicator({ name: 'n'.repeat(501) }),
    status: 400,
    path: 'indicators.0.name',
  },
  {
    label: 'units of 201 characters',
    body: withIndicator({ units: 'u'.repeat(201) }),
    status: 400,
    path: 'indicators.0.units',
  },
  {
    label: 'description of 5001 characters',
    body: withIndicator({ description: 'd'.repeat(5001) }),
    status: 400,
    path: 'indicators.0.description',
  },
  {
    label: '1001 sample values',
    body: withIndicator({
      sample_values: Array.from({ length: 1001 }, (_, i) => ({ date: `${1900 + (i % 200)}`, value: i })),
    }),
    status: 400,
    path: 'indicators.0.sample_values',
  },
  {
    label: 'batch_id of 129 characters',
    body: { ...withIndicator({}), batch_id: 'b'.repeat(129) },
    status: 400,
    path: 'batch_id',
  },
  {
    label: 'batch_id with a path separator',
    body: { ...withIndicator({}), batch_id: '../etc' },
    status: 400,
    path: 'batch_id',
  },
  { label: 'batch_id with NUL', body: { ...withIndicator({}), batch_id: 'b\u0000' }, status: 400, path: 'batch_id' },
  {
    label: `${MAX_BATCH + 1} indicators`,
    body: { indicators: Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ indicator_id: `N${i}`, name: 'GDP' })) },
    status: 413,
    path: 'indicators',
  },
  {
    label: 'description nested 2,000 arrays deep',
    body: `{"indicators":[{"indicator_id":"P1","name":"GDP","description":${'['.repeat(2000)}${']'.repeat(2000)}}]}`,
    status: 400,
    path: 'indicators.0.description',
  },
  {
    label: 'sample_values nested 50 objects deep',
    body: withIndicator({ sample_values: [JSON.parse(`${'{"a":'.repeat(50)}1${'}'.repeat(50)}`)] }),
    status: 400,
    path: 'indicators.0.sample_values.0.date',
  },
  // Encodings and syntax.
  { label: 'truncated JSON', body: '{"indicators":[{"indicator_id":"P1"', status: 400, path: '(body)' },
  {
    label: 'trailing comma',
    body: '{"indicators":[{"indicator_id":"P1","name":"GDP"},]}',
    status: 400,
    path: '(body)',
  },
  { label: 'single-quoted JSON', body: "{'indicators':[]}", status: 400, path: '(body)' },
  {
    label: 'duplicate keys: the last wins and is validated',
    body: '{"indicators":[{"indicator_id":"P1","name":"GDP","name":""}]}',
    status: 400,
    path: 'indicators.0.name',
  },
  {
    label: 'escaped NUL in indicator_id',
    body: '{"indicators":[{"indicator_id":"P\\u00001","name":"GDP"}]}',
    status: 400,
    path: 'indicators.0.indicator_id',
  },
  {
    label: 'escaped lone surrogate in name',
    body: '{"indicators":[{"indicator_id":"P1","name":"\\ud83d"}]}',
    status: 400,
    path: 'indicators.0.name',
  },
]

describe('probes against one running service', () => {
  before(async () => {
    service = await startService({ env: { CLASSIFY_MAX_BATCH: String(MAX_BATCH), CLASSIFY_CHUNK_SIZE: '5' } })
    // One stored batch, so that probes against a known batch_id have something to conflict with.
    const posted = await postJson(`${service.url}/classify/batch`, {
      batch_id: 'known',
      indicators: [ok, { indicator_id: 'P2', name: 'Inflation Rate YoY', units: '%' }],
    })
    assert.equal(posted.status, 202)
    await waitForBatch(service.url, 'known', 300_000)
  })
  after(() => service?.stop())

  test(`${PROBES.length} malformed requests: status, the field named, the database unchanged`, async () => {
    assert.ok(PROBES.length >= 80)
    const failures: string[] = []
    for (const probe of PROBES) {
      const before = counts()
      const body = typeof probe.body === 'string' ? probe.body : JSON.stringify(probe.body)
      const res = await send(body)
      const paths = ((res.body?.issues ?? []) as { path: string }[]).map((i) => i.path)
      if (res.status !== probe.status)
        failures.push(
          `${probe.label}: status ${res.status}, expected ${probe.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
        )
      else if (typeof res.body?.error !== 'string' || !paths.includes(probe.path))
        failures.push(`${probe.label}: no issue at ${probe.path}: ${JSON.stringify(res.body).slice(0, 300)}`)
      if (JSON.stringify(counts()) !== JSON.stringify(before)) failures.push(`${probe.label}: the database changed`)
    }
    assert.deepEqual(failures, [])
  })

  test('re-posts of a known batch_id: identical 200, different 409 naming the first difference, nothing stored', async () => {
    const known = {
      batch_id: 'known',
      indicators: [ok, { indicator_id: 'P2', name: 'Inflation Rate YoY', units: '%' }],
    }
    const before = counts()
    assert.equal((await postJson(`${service.url}/classify/batch`, known)).status, 200)
    const cases: [unknown, string][] = [
      [{ ...known, indicators: [ok] }, 'indicators'],
      [{ ...known, indicators: [ok, { ...known.indicators[1], units: '% YoY' }] }, 'indicators.1.units'],
      [{ ...known, indicators: [{ ...ok, indicator_id: 'P9' }, known.indicators[1]] }, 'indicators.0.indicator_id'],
      [{ ...known, refresh: true }, 'refresh'],
    ]
    for (const [body, path] of cases) {
      const res = await postJson(`${service.url}/classify/batch`, body)
      assert.equal(res.status, 409, JSON.stringify(res.body))
      assert.deepEqual(
        res.body.issues.map((i: { path: string }) => i.path),
        [path],
      )
    }
    assert.deepEqual(counts(), before)
  })

  test('five concurrent posts of one new batch_id with different bodies: one 202, four 409, one body stored', async () => {
    const bodies = Array.from({ length: 5 }, (_, k) => ({
      batch_id: 'race',
      indicators: [{ indicator_id: `R${k}`, name: 'GDP', units: 'USD Billion' }],
    }))
    const statuses = (await Promise.all(bodies.map((body) => postJson(`${service.url}/classify/batch`, body)))).map(
      (r) => r.status,
    )
    assert.deepEqual([...statuses].sort(), [202, 409, 409, 409, 409])
    const winner = bodies[statuses.indexOf(202)]!
    await waitForBatch(service.url, 'race', 300_000)
    const results = (await getJson(`${service.url}/classify/batch/race/results`)).body.results as {
      indicator_id: string
    }[]
    assert.deepEqual(
      results.map((r) => r.indicator_id),
      [winner.indicators[0]!.indicator_id],
    )
  })

  test('unicode is accepted and comes back intact: RTL, emoji, combining marks, CJK; formula-leading cells neutralised in CSV', async () => {
    const indicators = [
      { indicator_id: 'ع-1', name: 'الناتج المحلي الإجمالي', units: 'مليار دولار', description: 'نمو \u200fالربع' },
      { indicator_id: '📈-2', name: 'GDP 🇺🇸 growth 👩‍👩‍👧', units: '%' },
      { indicator_id: 'e\u0301-3', name: 'Cafe\u0301 prices Z\u0335\u0321a\u0334\u0322l\u0336go', units: 'points' },
      { indicator_id: '中-4', name: '国内生产总值', units: '亿元', long_name: 'עברית mixed with English' },
      { indicator_id: 'csv-5', name: '=HYPERLINK("http://evil")', units: '+1', description: '@SUM(A1)' },
      { indicator_id: '-6', name: '-2+3 Trade Balance', units: 'USD Million' },
    ]
    const posted = await postJson(`${service.url}/classify/batch`, { batch_id: 'unicode', indicators })
    assert.equal(posted.status, 202, JSON.stringify(posted.body))
    assert.equal((await waitForBatch(service.url, 'unicode', 300_000)).status, 'completed')
    const results = (await getJson(`${service.url}/classify/batch/unicode/results`)).body.results as Record<
      string,
      unknown
    >[]
    assert.deepEqual(
      results.map((r) => [r.indicator_id, r.name, r.units]).sort(),
      indicators.map((i) => [i.indicator_id, i.name, i.units]).sort(),
    )
    const one = await getJson(`${service.url}/classify/indicators/${encodeURIComponent('📈-2')}`)
    assert.equal(one.status, 200)
    const csv = (await getJson(`${service.url}/classify/batch/unicode/results?format=csv`)).body as string
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil"")"`), csv)
    assert.ok(csv.includes(`,'+1,`) && csv.includes(`'-6,`) && !/(^|,)[=+@]/m.test(csv))
    assert.ok(csv.includes('الناتج المحلي الإجمالي') && csv.includes('Cafe\u0301'))
  })

  test('unknown batches and indicators answer 404 {error}, and a retry of an unknown batch too', async () => {
    for (const res of [
      await getJson(`${service.url}/classify/batch/nope`),
      await getJson(`${service.url}/classify/batch/nope/results`),
      await getJson(`${service.url}/classify/indicators/${encodeURIComponent('no\u0000pe')}`),
      await postJson(`${service.url}/classify/batch/nope/retry`, {}),
    ]) {
      assert.equal(res.status, 404)
      assert.equal(typeof res.body.error, 'string')
    }
  })
})
