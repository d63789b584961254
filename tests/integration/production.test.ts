// `npm start` as it really runs (src/cli/serve.ts): only our API answers, keys and CORS as configured, and SIGINT or
// SIGTERM — to the process group (Ctrl-C) or to the server alone (a container runtime) — end it cleanly.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { request } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { getJson, waitForBatch } from '../../src/cli/client'
import { scratchDir } from '../../src/cli/scratch'
import { PROJECT_ROOT, startService, type RunningService, type ServiceOptions } from '../../src/cli/service-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

const KEY = 'test-key-0123456789'
const OTHER_KEY = 'second-key-abcdef'
const ALLOWED_ORIGIN = 'http://allowed.example'

const production = (options: ServiceOptions = {}) => startService({ ...options, production: true })

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init)
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    headers: response.headers,
    type,
    body: type.includes('json') ? JSON.parse(text) : text,
  }
}

const corsHeaders = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith('access-control-'))

function rowsOf(path: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT COUNT(*) FROM classifications').pluck().get() as number
  } finally {
    db.close()
  }
}

function batchCount(path: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT COUNT(*) FROM batches').pluck().get() as number
  } finally {
    db.close()
  }
}

/** Live (non-zombie) processes of the service's process group. */
function groupProcesses(pgid: number): string[] {
  const out = spawnSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(pgid)], { encoding: 'utf8' }).stdout
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^\d+\s+Z/.test(line))
}

/** Waits up to 3 s for the group to empty (the kernel reaps asynchronously), then returns what is left. */
async function survivors(pgid: number): Promise<string[]> {
  for (let i = 0; i < 30; i++) {
    const left = groupProcesses(pgid)
    if (left.length === 0) return left
    await new Promise((r) => setTimeout(r, 100))
  }
  return groupProcesses(pgid)
}

/** Signals the service, asserts a clean exit and prints the figure for the closing note (`when`: idle, mid-batch…). */
async function assertCleanExit(
  service: RunningService,
  signal: NodeJS.Signals,
  target: 'group' | 'leader',
  when: string,
) {
  const exit = await service.signal(signal, target)
  const left = await survivors(service.pid)
  console.log(
    `shutdown: ${signal} to the ${target === 'group' ? 'process group' : 'server alone'} (${when}): ` +
      (exit ? `exit ${exit.code ?? exit.signal} after ${exit.ms} ms` : 'no exit within 15 s') +
      `, ${left.length} processes left`,
  )
  try {
    assert.ok(exit, `${signal} to the ${target}: the server did not exit within 15 s`)
    assert.equal(
      exit.code,
      0,
      `${signal} to the ${target}: exit ${JSON.stringify(exit)}\n${service.output().slice(-3000)}`,
    )
    assert.ok(exit.ms < 10_000, `${signal} to the ${target}: exit took ${exit.ms} ms`)
    assert.deepEqual(left, [], `${signal} to the ${target}: processes left in the group`)
    assert.doesNotMatch(service.output(), /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace in the output')
    assert.doesNotMatch(service.output(), /ClientClosedError|Unhandled/)
  } finally {
    await service.kill9()
  }
}

describe('production mode with API_KEYS and CORS_ORIGINS', { timeout: 300_000 }, () => {
  let service: RunningService
  const auth = { authorization: `Bearer ${KEY}` }
  before(async () => {
    service = await production({
      env: { API_KEYS: ` ${KEY}, ${OTHER_KEY} `, CORS_ORIGINS: ALLOWED_ORIGIN, CLASSIFY_MAX_BODY_MB: '0.05' },
    })
  })
  after(async () => {
    if (service) await assertCleanExit(service, 'SIGTERM', 'leader', 'idle')
  })

  test('the development server is not there: Workbench, Vite /@fs, /__motia*, /emit, analytics answer 404 JSON', async () => {
    const holes: [string, string][] = [
      ['GET', `/@fs${PROJECT_ROOT}/package.json?raw`],
      ['GET', '/__motia/state'],
      ['POST', '/__motia/state'],
      ['DELETE', '/__motia/state'],
      ['GET', '/__motia/flows'],
      ['GET', '/__motia/step/x'],
      ['POST', '/emit'],
      ['GET', '/motia/analytics/user'],
      ['GET', '/motia/analytics/status'],
      ['GET', '/'],
      ['GET', '/index.html'],
      ['GET', '/no/such/path'],
    ]
    for (const [method, path] of holes) {
      const res = await call(`${service.url}${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      })
      assert.equal(res.status, 404, `${method} ${path}`)
      assert.match(res.type, /application\/json/, `${method} ${path}`)
      assert.equal(typeof res.body.error, 'string', `${method} ${path}`)
      assert.doesNotMatch(JSON.stringify(res.body), /indicator-classify|"scripts"/, `${method} ${path} leaks nothing`)
    }
  })

  test('the stream socket refuses every upgrade', async () => {
    const status = await new Promise<number | string>((resolve) => {
      const req = request(`${service.url}/`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      })
      req.on('upgrade', () => resolve(101))
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('error', (error) => resolve(error.message))
      req.end()
    })
    assert.notEqual(status, 101)
  })

  test('a known path with a wrong method answers 405 with Allow', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/classify/batch', /POST/],
      ['DELETE', '/classify/batch/x', /GET/],
      ['POST', '/health', /GET/],
      ['PATCH', '/classify/indicators/x', /GET/],
    ] as const) {
      const res = await call(`${service.url}${path}`, { method, headers: auth })
      assert.equal(res.status, 405, `${method} ${path}`)
      assert.match(res.headers.get('allow') ?? '', allow)
      assert.equal(typeof res.body.error, 'string')
    }
  })

  test('every route but /health needs a key, by Bearer or x-api-key', async () => {
    const url = `${service.url}/classify/batch/none`
    const none = await call(url)
    assert.equal(none.status, 401)
    assert.match(none.body.error, /API key/)
    assert.equal((await call(url, { headers: { authorization: 'Bearer wrong-key' } })).status, 401)
    assert.equal((await call(url, { headers: { 'x-api-key': `${KEY}x` } })).status, 401)
    assert.equal((await call(url, { headers: { authorization: KEY } })).status, 401, 'a bare key is not a Bearer token')
    assert.equal(
      (await call(url, { headers: { authorization: `Bearer ${KEY}` } })).status,
      404,
      'past auth: unknown batch',
    )
    assert.equal((await call(url, { headers: { 'x-api-key': OTHER_KEY } })).status, 404)
    const post = await call(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    assert.equal(post.status, 401)
    const health = await call(`${service.url}/health`)
    assert.equal(health.status, 200)
    assert.equal(health.body.status, 'ok')
    assert.doesNotMatch(service.output(), new RegExp(`${KEY}|${OTHER_KEY}`), 'no key in the log')
  })

  test('CORS headers only for a listed origin, never with credentials', async () => {
    const listed = await call(`${service.url}/health`, { headers: { origin: ALLOWED_ORIGIN } })
    assert.equal(listed.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN)
    assert.equal(listed.headers.get('access-control-allow-credentials'), null)
    assert.equal(listed.headers.get('access-control-allow-private-network'), null)
    const other = await call(`${service.url}/health`, { headers: { origin: 'http://evil.example' } })
    assert.deepEqual(corsHeaders(other.headers), [])
    const noOrigin = await call(`${service.url}/classify/batch/none`, { headers: auth })
    assert.deepEqual(corsHeaders(noOrigin.headers), [])

    const preflight = (origin: string) =>
      call(`${service.url}/classify/batch`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      })
    const allowed = await preflight(ALLOWED_ORIGIN)
    assert.equal(allowed.status, 204)
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN)
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/)
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/)
    const refused = await preflight('http://evil.example')
    assert.deepEqual(corsHeaders(refused.headers), [])
  })

  test('POST bodies must be JSON (415) and within the size limit (413); nothing is stored', async () => {
    const before = batchCount(service.database_path)
    const indicators = [{ indicator_id: 'A', name: 'GDP', units: 'USD Billion' }]
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'batch_id=form&indicators=x'],
      ['text/plain', JSON.stringify({ batch_id: 'text', indicators })],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
    ]) {
      const res = await call(`${service.url}/classify/batch`, {
        method: 'POST',
        headers: { ...auth, 'content-type': type },
        body,
      })
      assert.equal(res.status, 415, type)
      assert.match(res.body.error, /application\/json/)
    }
    const noType = await call(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: auth,
      body: new Blob([JSON.stringify({ batch_id: 'untyped', indicators })]),
    })
    assert.equal(noType.status, 415)

    const big = JSON.stringify({ batch_id: 'big', indicators: [{ indicator_id: 'A', name: 'x'.repeat(60_000) }] })
    const tooLarge = await call(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: big,
    })
    assert.equal(tooLarge.status, 413)
    assert.equal(typeof tooLarge.body.error, 'string')
    assert.equal(batchCount(service.database_path), before)

    const ok = await call(`${service.url}/classify/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ batch_id: 'json', indicators }),
    })
    assert.equal(ok.status, 202, JSON.stringify(ok.body))
    assert.equal(batchCount(service.database_path), before + 1)
  })
})

describe('production mode without API_KEYS or CORS_ORIGINS', { timeout: 300_000 }, () => {
  test('refuses a non-loopback HOST without API_KEYS, naming the setting', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HOST: '0.0.0.0', API_KEYS: '', PORT: '39999' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(run.status, 1)
    assert.match(run.stderr, /HOST=0\.0\.0\.0.*API_KEYS/)
    assert.doesNotMatch(run.stderr, /^\s+at /m)
  })

  test('binds to loopback, says the API is open, sends no CORS header; SIGINT to the group exits 0', async () => {
    const service = await production({ env: { API_KEYS: '', CORS_ORIGINS: '' } })
    try {
      assert.match(service.output(), /API_KEYS is unset: the API is open/)
      const listening = execFileSync('ss', ['-ltnp'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(`:${service.port} `))
      assert.ok(listening.length > 0 && listening.every((line) => /127\.0\.0\.1:/.test(line)), listening.join('\n'))
      const res = await call(`${service.url}/health`, { headers: { origin: 'http://any.example' } })
      assert.equal(res.status, 200)
      assert.deepEqual(corsHeaders(res.headers), [])
      const preflight = await call(`${service.url}/classify/batch`, {
        method: 'OPTIONS',
        headers: { origin: 'http://any.example', 'access-control-request-method': 'POST' },
      })
      assert.deepEqual(corsHeaders(preflight.headers), [])
      assert.equal((await call(`${service.url}/classify/batch/none`)).status, 404, 'open: no key needed')
    } finally {
      await assertCleanExit(service, 'SIGINT', 'group', 'idle')
    }
  })
})

const SERIES: [string, string, string][] = [
  ['GDP', 'USD Billion', 'Quarterly'],
  ['Inflation Rate YoY', '%', 'Monthly'],
  ['Unemployment Rate', '%', 'Monthly'],
  ['Manufacturing PMI', 'points', 'Monthly'],
  ['Balance of Trade', 'USD Million', 'Monthly'],
]
const catalogue = (n: number): IndicatorInput[] =>
  Array.from({ length: n }, (_, i) => {
    const [name, units, periodicity] = SERIES[i % SERIES.length]!
    return { indicator_id: `S${i}`, name, units, periodicity }
  })

async function waitForProgress(service: RunningService, batchId: string) {
  for (;;) {
    const { body } = await getJson(`${service.url}/classify/batch/${batchId}`)
    if (body.status === 'running') return body
    await new Promise((r) => setTimeout(r, 100))
  }
}

test(
  'SIGTERM and SIGINT in the middle of a batch exit 0 with no process left; the restarted service finishes it, every row once',
  { timeout: 900_000 },
  async () => {
    const scratch = scratchDir('classify-production-')
    const database_path = join(scratch, 'classify.db')
    const env = { CLASSIFY_CHUNK_SIZE: '10', CLASSIFY_DEDUPE: '0' }
    const indicators = catalogue(200)
    const run = (n: number) =>
      production({ database_path, env, motia_dir: join('.motia', 'runs', `${scratch.split('/').pop()}-${n}`) })

    const first = await run(1)
    const posted = await call(`${first.url}/classify/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batch_id: 'stop', indicators }),
    })
    assert.equal(posted.status, 202)
    await waitForProgress(first, 'stop')
    await assertCleanExit(first, 'SIGTERM', 'group', `mid-batch, ${rowsOf(database_path)} of ${indicators.length} rows`)

    // A container runtime signals the server alone: the running step invocations get to finish or are handed back.
    const second = await run(2)
    const status = (await getJson(`${second.url}/classify/batch/stop`)).body
    if (status.status === 'running' || status.status === 'queued') await new Promise((r) => setTimeout(r, 1_500))
    await assertCleanExit(
      second,
      'SIGINT',
      'leader',
      `mid-batch, ${rowsOf(database_path)} of ${indicators.length} rows`,
    )

    const third = await run(3)
    try {
      const done = await waitForBatch(third.url, 'stop', 600_000)
      assert.equal(done.status, 'completed', JSON.stringify(done))
      assert.equal(done.completed, indicators.length)
      const db = new Database(database_path, { readonly: true })
      try {
        const rows = db
          .prepare(`SELECT indicator_id, COUNT(*) n FROM classifications WHERE batch_id = 'stop' GROUP BY indicator_id`)
          .all() as { n: number }[]
        assert.equal(rows.length, indicators.length, 'every indicator has a row')
        assert.ok(
          rows.every((row) => row.n === 1),
          'no indicator has two rows',
        )
        console.log(
          `shutdown mid-batch, then restart: ${rows.length} of ${indicators.length} rows after resume, ` +
            `${indicators.length - rows.length} lost, ${rows.filter((row) => row.n > 1).length} duplicated`,
        )
      } finally {
        db.close()
      }
    } finally {
      await assertCleanExit(third, 'SIGTERM', 'leader', 'idle, after the batch')
    }
  },
)
