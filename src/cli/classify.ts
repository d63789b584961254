// `npx indicator-classify FILE…` (also `npm run classify -- FILE…`): classifies catalogue files through the service,
// with live progress, a results file and a summary. Subcommands `status`, `results` and `retry` work on a run by its
// batch id. Without --url or CLASSIFY_URL an embedded service is started on DATABASE_PATH and stopped at the end.
import { once } from 'node:events'
import { createWriteStream, existsSync, type WriteStream } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { settings } from '../settings/load'
import { FINISHED_BATCH_STATUSES, PROVIDERS } from '../taxonomy/index'
import { readCatalogue, catalogueFormat } from './catalogue-file'
import { getJson, postJson, type BatchStatus } from './client'
import { newRunId, partId, partsOf, runParts, submitPart } from './parts'
import { progressOf, progressView, type ProgressView } from './progress'
import {
  emptyTally,
  outFormat,
  OUT_FORMATS,
  resultPages,
  resultWriter,
  tally,
  TEXT_FILTERS,
  type OutFormat,
  type ResultFilter,
  type Tally,
} from './results-out'
import { startService } from './service-process'
import { formatTable } from './table'

const USAGE = `usage:
  indicator-classify FILE… [--out results.csv|.json|.ndjson] [--batch-id ID] [--url URL] [--llm-provider ${PROVIDERS.join('|')}]
                           [--batch-size N] [--progress-every SECONDS]
  indicator-classify status ID [--url URL]
  indicator-classify results ID [--out FILE | --format ${OUT_FORMATS.join('|')}] [--status S] [--review-status S] [--family F]
                           [--indicator-type T] [--source S] [--min-confidence X] [--max-confidence X] [--url URL]
  indicator-classify retry ID [--out FILE] [--url URL]
FILE is JSON (our shape or a bare array), CSV (header row) or NDJSON. Without --url (or CLASSIFY_URL) an embedded
service is started on DATABASE_PATH. After Ctrl-C, the same command with --batch-id ID resumes without re-sending.`

const OPTIONS = {
  url: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  'batch-id': { type: 'string' },
  'batch-size': { type: 'string' },
  'llm-provider': { type: 'string' },
  'progress-every': { type: 'string' },
  status: { type: 'string' },
  'review-status': { type: 'string' },
  family: { type: 'string' },
  'indicator-type': { type: 'string' },
  source: { type: 'string' },
  'min-confidence': { type: 'string' },
  'max-confidence': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

/** Exit status when failed indicators remain, and after Ctrl-C (128 + SIGINT). */
const EXIT_FAILED = 1
const EXIT_INTERRUPTED = 130
const POLL_MS = 500

class UsageError extends Error {}

const number = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}`)
  return n
}

/** What must happen on Ctrl-C, run last-registered first: stop the bar, say how to resume, stop the embedded service. */
const onInterrupt: (() => Promise<void> | void)[] = []

interface Connection {
  url: string
  stop: () => Promise<void>
}

async function connect(values: Values): Promise<Connection> {
  const given = values.url ?? settings().CLASSIFY_URL
  if (given) return { url: given.replace(/\/+$/, ''), stop: async () => {} }
  const database_path = resolve(settings().DATABASE_PATH)
  console.error(`starting the service (SQLite at ${database_path})…`)
  // Ours alone, on loopback: it needs no API key whatever the .env says.
  const starting = startService({ production: true, database_path, env: { API_KEYS: '' } })
  // Once, whether Ctrl-C or the end of the command comes first; a Ctrl-C during the start waits for it to stop it.
  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= starting.then(
      (service) => service.stop().then(() => console.error(`service at ${service.url} stopped`)),
      () => {},
    ))
  onInterrupt.push(stop)
  return { url: (await starting).url, stop }
}

const finished = (s: BatchStatus | undefined) => s !== undefined && FINISHED_BATCH_STATUSES.includes(s.status)

/** Polls the run's parts (the list grows while input is read) until all have finished, showing progress. */
async function watch(
  url: string,
  run: { ids: string[]; reading: boolean; aborted: boolean },
  view: ProgressView,
): Promise<BatchStatus[]> {
  const statuses = new Map<string, BatchStatus>()
  while (!run.aborted) {
    for (const id of [...run.ids]) {
      if (finished(statuses.get(id))) continue
      const { status, body } = await getJson(`${url}/classify/batch/${encodeURIComponent(id)}`)
      if (status !== 200) throw new Error(`GET /classify/batch/${id} answered ${status}: ${JSON.stringify(body)}`)
      statuses.set(id, body as BatchStatus)
    }
    if (statuses.size > 0) view.update(progressOf([...statuses.values()], run.reading))
    if (!run.reading && run.ids.every((id) => finished(statuses.get(id)))) break
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  return run.ids.map((id) => statuses.get(id)!)
}

function view(values: Values): ProgressView {
  const every = number('progress-every', values['progress-every'], 0, 3600) ?? 5
  const shown = progressView(process.stderr, { tty: process.stderr.isTTY === true, every_ms: every * 1000 })
  onInterrupt.push(() => shown.stop())
  return shown
}

async function classify(files: string[], values: Values): Promise<number> {
  for (const file of files) {
    catalogueFormat(file)
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`)
  }
  const out = await openOut(values.out)
  const provider = values['llm-provider']
  if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider))
    throw new UsageError(`--llm-provider must be one of ${PROVIDERS.join(', ')}`)
  const limits = {
    records: number('batch-size', values['batch-size'], 1, 1_000_000) ?? settings().CLASSIFY_MAX_BATCH,
    // Room under the service's body limit for the wrapping and for multi-byte text.
    bytes: Math.floor(settings().CLASSIFY_MAX_BODY_MB * 0.9 * 1024 * 1024),
  }
  const runId = values['batch-id'] ?? newRunId()
  const started = Date.now()
  const connection = await connect(values)
  const resumeHint = `indicator-classify ${files.join(' ')} --batch-id ${runId}${values.out ? ` --out ${values.out}` : ''}`
  onInterrupt.push(() => console.error(`\ninterrupted: resume with  ${resumeHint}`))
  try {
    console.error(`batch ${runId}: reading ${files.join(', ')} (${limits.records} indicators per batch)`)
    const run = { ids: [] as string[], reading: true, aborted: false }
    let resumed = 0
    const submitting = (async () => {
      async function* records() {
        for (const file of files) yield* readCatalogue(file)
      }
      for await (const part of partsOf(records(), limits)) {
        const submitted = await submitPart(connection.url, partId(runId, run.ids.length), part, provider)
        if (submitted.resumed) resumed++
        if (!process.stderr.isTTY)
          console.error(
            `${submitted.batch_id}: ${submitted.count} indicators ${submitted.resumed ? 'already held by the service (not re-sent)' : 'submitted'}`,
          )
        run.ids.push(submitted.batch_id)
      }
    })().finally(() => (run.reading = false))
    const progress = view(values)
    const watching = watch(connection.url, run, progress)
    // Handled below, after the submission: a failed poll must not crash the process before the service is stopped.
    watching.catch(() => {})
    try {
      await submitting
    } catch (error) {
      run.aborted = true
      await watching.catch(() => {})
      progress.stop()
      throw error
    }
    const statuses = await watching
    progress.stop()
    if (run.ids.length === 0) throw new UsageError(`${files.join(', ')}: no indicators`)
    return await summarize(connection.url, runId, statuses, {
      out,
      started,
      note: resumed > 0 ? `${resumed} resumed, not re-sent` : undefined,
    })
  } finally {
    await connection.stop()
  }
}

async function summarize(
  url: string,
  runId: string,
  statuses: BatchStatus[],
  options: { out?: OutFile; started: number; note?: string },
): Promise<number> {
  const counts = emptyTally()
  const { out } = options
  const writer = out ? resultWriter(out.stream, out.format) : undefined
  for (const status of statuses) {
    for await (const rows of resultPages(url, status.batch_id, { text: {} })) {
      tally(counts, rows)
      await writer?.write(rows)
    }
  }
  await writer?.end()
  if (out) await new Promise<void>((r) => out.stream.end(r))
  console.log(summaryText(runId, statuses, counts, Date.now() - options.started, options.note))
  if (out) console.log(`results: ${out.path}`)
  return counts.failed > 0 || statuses.some((s) => s.status !== 'completed') ? EXIT_FAILED : 0
}

interface OutFile {
  path: string
  format: OutFormat
  stream: WriteStream
}

/** --out, opened before any work: a wrong extension or folder fails at once, not after the classification. */
async function openOut(path: string | undefined): Promise<OutFile | undefined> {
  if (path === undefined) return undefined
  const format = outFormat(path)
  const stream = createWriteStream(path)
  await once(stream, 'ready')
  return { path, format, stream }
}

export function summaryText(runId: string, statuses: BatchStatus[], counts: Tally, ms: number, note?: string): string {
  const byCount = (map: Map<string, number>, title: string) =>
    formatTable(
      [
        { key: 'name', title },
        { key: 'count', title: 'count' },
      ],
      [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, count]) => ({ name, count })),
    )
  const state = statuses.find((s) => s.status !== 'completed')?.status ?? 'completed'
  const totals = [
    { what: 'indicators', value: counts.rows },
    { what: 'flagged', value: counts.flagged },
    { what: 'failed', value: counts.failed },
    { what: 'LLM calls', value: statuses.reduce((n, s) => n + s.llm.calls, 0) },
    { what: 'cost', value: `$${statuses.reduce((n, s) => n + s.llm.cost_usd, 0).toFixed(4)}` },
    { what: 'time', value: `${(ms / 1000).toFixed(1)} s` },
  ]
  return [
    `\nbatch ${runId}: ${state}, ${statuses.length} batch${statuses.length === 1 ? '' : 'es'}${note ? ` (${note})` : ''}`,
    byCount(counts.families, 'family'),
    byCount(counts.types, 'indicator_type'),
    formatTable(
      [
        { key: 'what', title: 'total' },
        { key: 'value', title: '' },
      ],
      totals,
    ),
  ].join('\n\n')
}

async function knownParts(url: string, runId: string): Promise<BatchStatus[]> {
  const parts = await runParts(url, runId)
  if (parts.length === 0) throw new UsageError(`unknown batch ${runId}`)
  return parts
}

async function status(runId: string, values: Values): Promise<number> {
  const connection = await connect(values)
  try {
    const parts = await knownParts(connection.url, runId)
    const rows = parts.map((s) => ({
      ...s,
      flagged: s.flagged ?? '',
      llm_calls: s.llm.calls,
      cost: s.llm.cost_usd.toFixed(4),
      seconds: (s.duration_ms / 1000).toFixed(1),
    }))
    const columns = [
      'batch_id',
      'status',
      'total',
      'completed',
      'failed',
      'flagged',
      'llm_calls',
      'cost',
      'seconds',
    ].map((key) => ({ key, title: key }))
    console.log(formatTable(columns, rows))
    return 0
  } finally {
    await connection.stop()
  }
}

function filterOf(values: Values): ResultFilter {
  const flag = (name: string) => name.replace(/_/g, '-') as keyof Values
  return {
    text: Object.fromEntries(TEXT_FILTERS.map((name) => [name, values[flag(name)] as string | undefined])),
    min_confidence: number('min-confidence', values['min-confidence'], 0, 1),
    max_confidence: number('max-confidence', values['max-confidence'], 0, 1),
  }
}

async function results(runId: string, values: Values): Promise<number> {
  if (values.format !== undefined && !(OUT_FORMATS as readonly string[]).includes(values.format))
    throw new UsageError(`--format must be one of ${OUT_FORMATS.join(', ')}`)
  const filter = filterOf(values)
  const out = await openOut(values.out)
  const connection = await connect(values)
  try {
    const parts = await knownParts(connection.url, runId)
    const writer = resultWriter(out?.stream ?? process.stdout, out?.format ?? ((values.format ?? 'csv') as OutFormat))
    for (const part of parts)
      for await (const rows of resultPages(connection.url, part.batch_id, filter)) await writer.write(rows)
    await writer.end()
    if (out) await new Promise<void>((r) => out.stream.end(r))
    return 0
  } finally {
    await connection.stop()
  }
}

async function retry(runId: string, values: Values): Promise<number> {
  const out = await openOut(values.out)
  const started = Date.now()
  const connection = await connect(values)
  try {
    const parts = await knownParts(connection.url, runId)
    for (const part of parts) {
      const { status, body } = await postJson(
        `${connection.url}/classify/batch/${encodeURIComponent(part.batch_id)}/retry`,
        {},
      )
      if (status !== 200 && status !== 202)
        throw new Error(`retry of ${part.batch_id} answered ${status}: ${body?.error ?? JSON.stringify(body)}`)
      console.error(`${part.batch_id}: ${body.retried} failed indicators queued again`)
    }
    const progress = view(values)
    const statuses = await watch(
      connection.url,
      { ids: parts.map((p) => p.batch_id), reading: false, aborted: false },
      progress,
    )
    progress.stop()
    return await summarize(connection.url, runId, statuses, { out, started })
  } finally {
    await connection.stop()
  }
}

const COMMANDS = { status, results, retry } as const

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
  if (values.help || positionals.length === 0) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const [first, ...rest] = positionals
  const command = COMMANDS[first as keyof typeof COMMANDS]
  if (!command) return classify(positionals, values)
  if (rest.length !== 1) throw new UsageError(`${first} takes one batch id`)
  return command(rest[0]!, values)
}

/** The command: runs `main`, stops cleanly on Ctrl-C (exit 130) and exits with its status. */
export function runCli(argv: string[]): void {
  let interrupted = false
  const interrupt = () => {
    if (interrupted) return
    interrupted = true
    void (async () => {
      for (const step of [...onInterrupt].reverse()) await step()
      process.exit(EXIT_INTERRUPTED)
    })()
  }
  process.on('SIGINT', interrupt).on('SIGTERM', interrupt)
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // After Ctrl-C, what fails as the service stops is part of stopping.
      if (interrupted) return
      console.error(
        error instanceof UsageError
          ? `${error.message}\n\n${USAGE}`
          : `indicator-classify: ${error instanceof Error ? error.message : String(error)}`,
      )
      process.exit(error instanceof UsageError ? 2 : EXIT_FAILED)
    },
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(process.argv.slice(2))
