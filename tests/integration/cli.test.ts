// The command-line client end to end: an embedded service and a running one, with and without a terminal (`script`
// gives it a pty), batches split and resumed after Ctrl-C, failures, and the status, results and retry subcommands.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { getJson } from '../../src/cli/client'
import { PROJECT_ROOT, startService, type RunningService } from '../../src/cli/service-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

const catalogue = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples/indicators.json'), 'utf8')) as { indicators: IndicatorInput[] }
).indicators
const FAULTY = 'US-GDP'
const dir = mkdtempSync(join(tmpdir(), 'cli-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const CLI = [join(PROJECT_ROOT, 'src/cli/classify.ts')]
// Blank is unset: no test may reach a service named in the developer's .env.
const ENV = { ...process.env, CLASSIFY_URL: '', FORCE_COLOR: '0' }

/** Runs the CLI to its end; `onStderr` may act on its output as it comes (a Ctrl-C). */
function cli(
  args: string[],
  options: { env?: Record<string, string>; onStderr?: (text: string, pid: number) => void } = {},
): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...CLI, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
      options.onStderr?.(stderr, child.pid!)
    })
    child.on('error', reject)
    child.on('close', (code) => resolveRun({ code, stdout, stderr }))
  })
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Runs the CLI on a pseudo-terminal; `script -e` exits with its status and prints everything it wrote. */
function cliOnTerminal(args: string[]): Run {
  const command = [process.execPath, '--import', 'tsx', ...CLI, ...args].map(quote).join(' ')
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: PROJECT_ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 600_000,
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

const writeNdjson = (name: string, rows: unknown[]) => {
  const path = join(dir, name)
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
  return path
}

test('the bin runs the CLI and prints its usage', () => {
  const run = spawnSync(join(PROJECT_ROOT, 'src/cli/indicator-classify.mjs'), ['--help'], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 120_000,
  })
  assert.equal(run.status, 0, run.stderr)
  assert.match(run.stderr, /indicator-classify FILE… \[--out results\.csv/)
})

test('without --url: an embedded service classifies a CSV catalogue, plain progress lines, a CSV out, a summary, and the service is stopped', async () => {
  const out = join(dir, 'embedded.csv')
  const run = await cli([join(PROJECT_ROOT, 'examples/catalogue.csv'), '--out', out, '--progress-every', '0'], {
    env: { DATABASE_PATH: join(dir, 'embedded.db') },
  })
  assert.equal(run.code, 0, run.stderr + run.stdout)
  assert.match(run.stderr, /starting the service/)
  assert.match(run.stderr, new RegExp(`progress: ${catalogue.length}/${catalogue.length} \\(100%\\)`))
  assert.ok(!run.stderr.includes('\u001b['), 'no terminal escapes when stderr is not a terminal')
  const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[]
  assert.deepEqual(rows.map((r) => r.indicator_id).sort(), catalogue.map((i) => i.indicator_id).sort())
  assert.ok(rows.every((r) => r.status === 'completed' && r.family))
  for (const heading of ['family', 'indicator_type', 'flagged', 'failed', 'LLM calls', 'cost', 'time'])
    assert.match(run.stdout, new RegExp(`^${heading}\\b`, 'm'))
  assert.match(run.stdout, new RegExp(`^indicators\\s+${catalogue.length}$`, 'm'))
  const url = /service at (\S+) stopped/.exec(run.stderr)?.[1]
  assert.ok(url, run.stderr)
  await assert.rejects(fetch(`${url}/health`), 'the embedded service no longer answers')
})

describe('against a running service', { concurrency: false }, () => {
  let service: RunningService
  let url: string
  const healthy = catalogue.filter((i) => i.indicator_id !== FAULTY)
  before(async () => {
    // One indicator fails in normalize, in every batch that holds it.
    service = await startService({ production: true, env: { CLASSIFY_FAULTS: `normalize:${FAULTY}` } })
    url = service.url
  })
  after(() => service?.stop())

  test('on a terminal: a live progress bar, and a JSON out', () => {
    const out = join(dir, 'tty.json')
    const run = cliOnTerminal([writeNdjson('healthy.ndjson', healthy), '--url', url, '--out', out])
    assert.equal(run.code, 0, run.stdout)
    assert.match(
      run.stdout,
      /[\u2588\u2591]{24} \d+\/\d+\+? \d+% \| [\d.]+\/s \| ETA (\?|[\dhms]+) \| flagged (\d+|\?) \| failed 0 \| LLM 0 calls \$0\.0000/,
    )
    assert.doesNotMatch(run.stdout, /^progress: /m, 'the bar, not plain lines')
    const rows = JSON.parse(readFileSync(out, 'utf8')) as { indicator_id: string }[]
    assert.equal(rows.length, healthy.length)
  })

  test('batches of --batch-size; after Ctrl-C the same --batch-id resumes without re-sending what the service holds', async () => {
    const file = writeNdjson('resume.ndjson', healthy)
    let interrupted = false
    const first = await cli([file, '--url', url, '--batch-size', '25', '--batch-id', 'resume-1'], {
      onStderr: (text, pid) => {
        if (!interrupted && /resume-1: 25 indicators submitted/.test(text)) {
          interrupted = true
          process.kill(pid, 'SIGINT')
        }
      },
    })
    assert.equal(first.code, 130, first.stderr)
    assert.match(first.stderr, /interrupted: resume with .* --batch-id resume-1/)
    const created = (await getJson(`${url}/classify/batch/resume-1`)).body.created_at

    const second = await cli([
      file,
      '--url',
      url,
      '--batch-size',
      '25',
      '--batch-id',
      'resume-1',
      '--out',
      join(dir, 'resume.ndjson.out.ndjson'),
    ])
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, /resume-1: 25 indicators already held by the service \(not re-sent\)/)
    assert.match(second.stdout, /batch resume-1: completed, 3 batches \(\d resumed, not re-sent\)/)
    assert.equal((await getJson(`${url}/classify/batch/resume-1`)).body.created_at, created)
    const totals = await Promise.all(
      ['resume-1', 'resume-1.2', 'resume-1.3'].map(
        async (id) => (await getJson(`${url}/classify/batch/${id}`)).body.total,
      ),
    )
    assert.deepEqual(totals, [25, 25, healthy.length - 50])
    assert.equal((await getJson(`${url}/classify/batch/resume-1.4`)).status, 404)
    const lines = readFileSync(join(dir, 'resume.ndjson.out.ndjson'), 'utf8').trim().split('\n')
    assert.equal(new Set(lines.map((l) => JSON.parse(l).indicator_id)).size, healthy.length)
  })

  test('a failed indicator: exit 1; status, results with filters, and retry', async () => {
    const file = join(dir, 'faulty.json')
    writeFileSync(file, JSON.stringify({ indicators: catalogue.slice(0, 10) }, null, 2))
    const run = await cli([file, '--url', url, '--batch-id', 'faulty-1'])
    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stdout, /^failed\s+1$/m)

    const status = await cli(['status', 'faulty-1', '--url', url])
    assert.equal(status.code, 0, status.stderr)
    assert.match(status.stdout, /^faulty-1\s+partial\s+10\s+9\s+1\b/m)

    const failed = await cli(['results', 'faulty-1', '--url', url, '--status', 'failed', '--format', 'ndjson'])
    assert.equal(failed.code, 0, failed.stderr)
    assert.deepEqual(
      failed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).indicator_id),
      [FAULTY],
    )
    const all = await cli(['results', 'faulty-1', '--url', url, '--format', 'json'])
    const confidences = (JSON.parse(all.stdout) as { confidence: number | null }[])
      .map((r) => r.confidence)
      .filter((c) => c !== null)
    assert.equal(confidences.length, 9)
    const median = confidences.sort((a, b) => a - b)[4]!
    const confident = await cli([
      'results',
      'faulty-1',
      '--url',
      url,
      '--status',
      'completed',
      '--min-confidence',
      String(median),
    ])
    const rows = parse(confident.stdout, { columns: true }) as Record<string, string>[]
    assert.equal(rows.length, confidences.filter((c) => c >= median).length, confident.stdout)
    assert.ok(rows.every((r) => Number(r.confidence) >= median))

    const retried = await cli(['retry', 'faulty-1', '--url', url])
    assert.match(retried.stderr, /faulty-1: 1 failed indicators queued again/)
    assert.equal(retried.code, 1, 'the fault is still there')
    assert.equal((await cli(['status', 'unknown-run', '--url', url])).code, 2)
  })
})
