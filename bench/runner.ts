// One benchmark run: a fresh fake provider and a fresh service (own temp DB, so no cache leaks between runs),
// the dataset posted, every batch polled to the end (or the run's timeout), then the figures collected.
import { getJson, postJson, type BatchStatus } from '../src/cli/client'
import { startCluster, type Cluster } from '../src/cli/cluster'
import { startService, type RunningService } from '../src/cli/service-process'
import { costUsd } from '../src/llm/cost'
import { STAGES } from '../src/taxonomy/stages'
import type { IndicatorInput } from '../src/taxonomy/index'
import { startFakeLlmServer, type FakeLlmServer, type FakeStats } from '../tests/support/fake-llm-server'
import { sampleTreeCpu, type CpuSampler } from './cpu'
import { sampleGroupMemory, type MemoryPeak, type MemorySampler } from './memory'
import { counterDelta, readDbCounters, type DbCounters } from './pg-stats'
import { readServiceDb } from './service-db'

/** `llm-batch` is `llm` in batch delivery: every LLM stage of a unit goes out as one provider batch. */
export type Variant = 'rules' | 'hybrid' | 'llm' | 'llm-batch' | 'baseline'
export type Dataset = 'realistic' | 'distinct'
export type Database = 'sqlite' | 'postgres'

/** The fake provider shaped like a cloud API. */
export const PROVIDER = {
  latency_ms: [200, 400] as [number, number],
  rpm: 500,
  tpm: 200_000,
  server_error_probability: 0.02,
  retry_after_ms: 1000,
  model: 'gpt-4o-mini',
}

export interface RunSpec {
  dataset: Dataset
  variant: Variant
  indicators: IndicatorInput[]
  timeout_ms: number
  /** Indicators per POST; the service refuses more than CLASSIFY_MAX_BATCH (10,000) in one batch. */
  post_size: number
  /** LLM_CONCURRENCY for the service; undefined leaves the service default. */
  concurrency?: number
  /** Leave LLM_RPM and LLM_TPM unset, as a new user starts: the service learns the limits from the provider. */
  unconfigured?: boolean
  echo?: boolean
  /**
   * kill -9 the whole service (server, step workers, embedded Redis) once this fraction of the batch's stage runs
   * (7 per unit) has finished, then start it again on the same database with fresh Redis data: the crash-and-resume
   * run. Counted in stage runs, not finished indicators, so the crash lands mid-pipeline even in a one-unit batch.
   */
  kill_at?: number
  /** Called with a one-line progress message while the run is going. */
  progress?: (line: string) => void
  /**
   * sqlite: one service (`motia start`, its own SQLite file and embedded Redis). postgres: src/cli/cluster.ts's
   * PostgreSQL and redis-server with `replicas` replicas (`npm start`) on them; batches are posted round-robin from
   * the first replica, polled on the second, results read from the last.
   */
  database: Database
  replicas: number
}

export interface RunResult {
  dataset: Dataset
  variant: Variant
  mode: 'rules' | 'hybrid' | 'llm'
  indicators: number
  batches: number
  env: Record<string, string>
  status: 'completed' | 'partial' | 'failed' | 'timed-out' | 'error'
  error?: string
  /** First POST to the last batch's completion (service finished_at), seconds; for a timeout, to the give-up. */
  wall_s: number
  /** Time the POSTs took to be accepted (inserting and queueing), seconds. */
  post_s: number
  indicators_per_min: number
  completed: number
  failed: number
  /** Posted ids without a final row in the results. */
  lost: number
  /** Posted ids still in progress when a run timed out: not lost, just not finished (lost counts only finished runs). */
  unfinished: number
  /** Extra rows: ids with more than one row, plus rows for ids never posted. */
  duplicated: number
  llm: {
    calls: number
    input_tokens: number
    /** The part of input_tokens the provider read from its prompt cache. */
    cached_input_tokens: number
    output_tokens: number
    tokens_per_indicator: number
    /** tokens_per_indicator split: prompt (cached included), of it cached, and completion. */
    per_indicator: { prompt: number; cached: number; completion: number }
    /**
     * The run's tokens priced three ways, $ per 1,000 indicators: at list prices with no cache discount, with the
     * cached prompt tokens at the cached rate, and that at the batch share.
     */
    cost_per_1k_at: { list: number; cached: number; batch: number }
    cost_usd: number
    cost_per_1k_usd: number
    /** Cost recomputed from the service's token counts at gpt-4o-mini prices, as a cross-check. */
    cost_recomputed_usd: number
    retries: number
  }
  provider: {
    requests: number
    rate_limited: number
    /** rate_limited ÷ requests answered at once: what a real account would see as its error rate. */
    rate_limited_share: number
    /** Requests sent in provider batches (not in `requests`). */
    batch_requests: number
    server_errors: number
    input_tokens: number
    output_tokens: number
    max_in_flight: number
    by_status: Record<string, number>
  }
  /** Provider-limit bound: the least time the provider's limits allow for this run's calls and tokens. */
  bound: {
    /**
     * max(tokens used ÷ TPM, admitted calls ÷ RPM) in seconds, counted the way the fake enforces its limits:
     * TPM over prompt + completion tokens (as OpenAI counts), RPM over every request it did not answer 429 (5xx included).
     */
    seconds: number
    by: 'tokens' | 'calls' | 'none'
    tokens_s: number
    calls_s: number
    /** The same with prompt tokens only against TPM (Anthropic's input-tokens-per-minute limit). */
    seconds_input_tokens: number
    /** wall ÷ bound; 1.0 would be running exactly at the provider's limit. */
    ratio: number | null
  }
  /** Per-replica peak (the highest of the replicas'). */
  memory: MemoryPeak
  deployment: { database: Database; replicas: number }
  /**
   * CPU seconds (user + system, /proc/<pid>/stat sampled every 500 ms) from the first POST to the end of the last
   * batch: each replica's process tree (server, step workers; on SQLite also the embedded Redis), and PostgreSQL's
   * postmaster tree and the redis-server when they run apart (null otherwise).
   */
  cpu: {
    replicas_s: number[]
    replicas_total_s: number
    ms_per_indicator: number
    /** CPU of each replica's start-up (before the first POST), not in the figures above. */
    startup_s: number[]
    database_s: number | null
    redis_s: number | null
  }
  /** pg_stat_database deltas over the run (PostgreSQL only; null on SQLite). */
  database: (DbCounters & { transactions_per_indicator: number }) | null
  /** The crash of a kill_at run: when, how far the batch was, how long the restart took, and what was done twice. */
  kill?: {
    at_s: number
    /** Indicators with a final row, and stage runs finished out of all, at the kill. */
    finished_before: number
    stage_runs_before: string
    restart_s: number
    /** (batch, unit, stage) runs that finished more than once: finished work that was redone. */
    stage_runs_redone: number
  }
  /** Status polls that failed (connection refused or reset) while the service kept running. */
  poll_errors: number
  /** The end of the service's output, kept when the run ended in an error or a timeout. */
  service_output_tail?: string
  /** Lines of the service's output that look like errors (count), and the last few of them. */
  service_errors: { count: number; sample: string[] }
}

const FINISHED = new Set(['completed', 'partial', 'failed'])

/** The replicas of the run in progress, killed at once by an interrupt, and the end of that run's clean-up. */
let current: { replicas?: RunningService[]; done?: Promise<void> } = {}
let abortRequested = false

/**
 * Ctrl-C: kills the replicas, makes the run in progress fail and waits for its own clean-up (cluster, PostgreSQL,
 * Redis, fake provider), so nothing is stopped twice at once and nothing detached outlives the bench.
 */
export async function abortCurrentRun(): Promise<void> {
  abortRequested = true
  for (const replica of current.replicas ?? []) await replica.kill9().catch(() => {})
  await current.done
}

function throwIfAborted(): void {
  if (abortRequested) throw new Error('interrupted')
}

export function modeOf(variant: Variant): 'rules' | 'hybrid' | 'llm' {
  return variant === 'baseline' || variant === 'llm-batch' ? 'llm' : variant
}

export function serviceEnv(
  variant: Variant,
  openaiBaseUrl: string,
  limits: { concurrency?: number; unconfigured?: boolean } = {},
): Record<string, string> {
  const env: Record<string, string> = {
    CLASSIFY_MODE: modeOf(variant),
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: openaiBaseUrl,
    OPENAI_MODEL: PROVIDER.model,
    ...(limits.unconfigured ? {} : { LLM_RPM: String(PROVIDER.rpm), LLM_TPM: String(PROVIDER.tpm) }),
    ...(limits.concurrency !== undefined ? { LLM_CONCURRENCY: String(limits.concurrency) } : {}),
  }
  // The fake ends a provider batch by the first poll after it was made: the run measures the service, not a queue.
  if (variant === 'llm-batch') Object.assign(env, { LLM_DELIVERY: 'batch', LLM_BATCH_POLL_SECONDS: '2' })
  if (variant === 'baseline') {
    // The reference architecture: one indicator per unit and per prompt, nothing shared between indicators.
    Object.assign(env, { CLASSIFY_CHUNK_SIZE: '1', LLM_BATCH_SIZE: '1', CLASSIFY_DEDUPE: '0', CLASSIFY_CACHE: '0' })
  }
  return env
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function tolerant<T>(f: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await f() }
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : ''
    return { ok: false, error: `${e instanceof Error ? e.message : String(e)}${cause}` }
  }
}

/** A few attempts a few seconds apart, for the end-of-run reads of a service that may still be busy. */
async function retrying<T>(f: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    const r = await tolerant(f)
    if (r.ok) return r.value
    if (i >= attempts) throw new Error(r.error)
    await sleep(2000 * i)
  }
}
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

export function providerBound(
  calls: number,
  inputTokens: number,
  outputTokens: number,
  wallS: number,
): RunResult['bound'] {
  const tokens_s = ((inputTokens + outputTokens) / PROVIDER.tpm) * 60
  const calls_s = (calls / PROVIDER.rpm) * 60
  const seconds = Math.max(tokens_s, calls_s)
  return {
    seconds: round(seconds, 1),
    by: seconds === 0 ? 'none' : tokens_s >= calls_s ? 'tokens' : 'calls',
    tokens_s: round(tokens_s, 1),
    calls_s: round(calls_s, 1),
    seconds_input_tokens: round(Math.max((inputTokens / PROVIDER.tpm) * 60, calls_s), 1),
    ratio: seconds > 0 ? round(wallS / seconds, 2) : null,
  }
}

function higherPeak(a: MemoryPeak, b: MemoryPeak): MemoryPeak {
  return {
    main_mb: Math.max(a.main_mb, b.main_mb),
    total_mb: Math.max(a.total_mb, b.total_mb),
    max_processes: Math.max(a.max_processes, b.max_processes),
    samples: a.samples + b.samples,
  }
}

/** Stage runs finished so far out of all the batches' (one per stage per unit). */
function stageWork(databasePath: string, batchIds: string[]): { done: number; total: number } {
  return readServiceDb(databasePath, (db) => {
    const units = db.prepare('SELECT unit_count FROM batches WHERE batch_id = ?').pluck()
    const finished = db
      .prepare(`SELECT COUNT(DISTINCT unit_no || '/' || stage) FROM stage_log WHERE batch_id = ? AND status = 'ok'`)
      .pluck()
    let done = 0
    let total = 0
    for (const id of batchIds) {
      total += STAGES.length * ((units.get(id) as number | undefined) ?? 0)
      done += finished.get(id) as number
    }
    return { done, total }
  })
}

function stageRunsRedone(databasePath: string, batchIds: string[]): number {
  return readServiceDb(databasePath, (db) => {
    const twice = db
      .prepare(
        `SELECT COUNT(*) FROM (SELECT 1 FROM stage_log WHERE batch_id = ? AND status = 'ok' GROUP BY unit_no, stage HAVING COUNT(*) > 1)`,
      )
      .pluck()
    return batchIds.reduce((sum, id) => sum + (twice.get(id) as number), 0)
  })
}

export function runOne(spec: RunSpec): Promise<RunResult> {
  const run = measure(spec)
  current = {
    done: run.then(
      () => undefined,
      () => undefined,
    ),
  }
  return run
}

async function measure(spec: RunSpec): Promise<RunResult> {
  const say = spec.progress ?? (() => {})
  const mode = modeOf(spec.variant)
  let fake: FakeLlmServer | undefined
  let cluster: Cluster | undefined
  /** The replicas; on SQLite the one service (replaced by its restart in a kill run). */
  let replicas: RunningService[] = []
  let samplers: MemorySampler[] = []
  let cpuSamplers: CpuSampler[] = []
  let serverCpu: { database: CpuSampler; redis: CpuSampler } | undefined
  /** CPU seconds of each replica at the first POST, and at the end of the last batch. */
  let cpuAtStart: number[] = []
  let cpuAtEnd: number[] | undefined
  let serverCpuAtStart = { database: 0, redis: 0 }
  let serverCpuAtEnd: { database: number; redis: number } | undefined
  let dbBefore: DbCounters | undefined
  let dbAfter: DbCounters | undefined
  /** CPU of a killed service between the first POST and the kill. */
  let cpuBeforeKill = 0
  let env: Record<string, string> = {}
  const batchIds: string[] = []
  const statuses = new Map<string, BatchStatus>()
  let t0 = 0
  let postEnd = 0
  let giveUp = 0
  let outcome: RunResult['status'] = 'completed'
  let error: string | undefined
  let fakeStats: FakeStats | undefined
  const results: { indicator_id: string; status: string }[] = []
  let pollErrors = 0
  let kill: Omit<NonNullable<RunResult['kill']>, 'stage_runs_redone'> | undefined
  let memoryBeforeKill: MemoryPeak | undefined
  let outputBeforeKill = ''

  try {
    fake = await startFakeLlmServer({
      latencyMs: PROVIDER.latency_ms,
      rateLimit: { requestsPerMinute: PROVIDER.rpm, tokensPerMinute: PROVIDER.tpm },
      serverErrorProbability: PROVIDER.server_error_probability,
      retryAfterMs: PROVIDER.retry_after_ms,
      keepRequests: 1,
    })
    env = serviceEnv(spec.variant, fake.openaiBaseUrl, {
      ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
      ...(spec.unconfigured ? { unconfigured: true } : {}),
    })
    if (spec.database === 'postgres') {
      cluster = await startCluster({ replicas: spec.replicas, env, ...(spec.echo ? { echo: true } : {}) })
      replicas = cluster.replicas
      serverCpu = {
        database: sampleTreeCpu([cluster.server_pids.postgres]),
        redis: sampleTreeCpu([cluster.server_pids.redis]),
      }
    } else {
      replicas = [await startService({ env, ...(spec.echo ? { echo: true } : {}) })]
    }
    current.replicas = replicas
    throwIfAborted()
    samplers = replicas.map((r) => sampleGroupMemory(r.pid, 500))
    cpuSamplers = replicas.map((r) => sampleTreeCpu([r.pid]))
    const accepting = (n: number) => replicas[n % replicas.length]!
    const polling = () => replicas[1 % replicas.length]!
    const reading = () => replicas.at(-1)!

    const runTag = `bench-${spec.dataset}-${spec.variant}-${Date.now().toString(36)}`
    if (cluster) dbBefore = await readDbCounters(cluster.database_url)
    cpuAtStart = cpuSamplers.map((c) => c.seconds())
    if (serverCpu) serverCpuAtStart = { database: serverCpu.database.seconds(), redis: serverCpu.redis.seconds() }
    t0 = Date.now()
    const deadline = t0 + spec.timeout_ms
    for (let start = 0, n = 0; start < spec.indicators.length; start += spec.post_size, n++) {
      const batch_id = `${runTag}-${n}`
      const posted = await postJson(`${accepting(n).url}/classify/batch`, {
        batch_id,
        indicators: spec.indicators.slice(start, start + spec.post_size),
      })
      if (posted.status !== 202 && posted.status !== 200)
        throw new Error(`POST /classify/batch answered ${posted.status}: ${JSON.stringify(posted.body).slice(0, 500)}`)
      batchIds.push(batch_id)
    }
    postEnd = Date.now()
    say(
      `posted ${spec.indicators.length} indicators in ${batchIds.length} batch(es) in ${((postEnd - t0) / 1000).toFixed(1)} s`,
    )

    let lastSay = Date.now()
    let lastAnswer = Date.now()
    while (true) {
      throwIfAborted()
      for (const id of batchIds) {
        if (FINISHED.has(statuses.get(id)?.status ?? '')) continue
        const polled = await tolerant(() => getJson(`${polling().url}/classify/batch/${encodeURIComponent(id)}`))
        if (!polled.ok) {
          // A busy service may drop a poll; only a dead one, or one silent for a minute, ends the run.
          pollErrors++
          const dead = replicas.find((r) => !alive(r.pid))
          if (dead) throw new Error(`the service at ${dead.url} exited during the run (poll: ${polled.error})`)
          if (Date.now() - lastAnswer > 60_000)
            throw new Error(`the service has not answered a poll for 60 s (${polled.error})`)
          continue
        }
        lastAnswer = Date.now()
        if (polled.value.status === 200) statuses.set(id, polled.value.body as BatchStatus)
      }
      const all = batchIds.map((id) => statuses.get(id))
      if (all.every((s) => s && FINISHED.has(s.status))) break
      // The crash run is SQLite's single service (parseArgs refuses it with PostgreSQL).
      const service = replicas[0]!
      const work = spec.kill_at !== undefined && !kill ? stageWork(service.database_path, batchIds) : undefined
      if (work && work.total > 0 && work.done >= spec.kill_at! * work.total) {
        const finished = all.reduce((sum, s) => sum + (s ? s.completed + s.failed : 0), 0)
        const killedAt = Date.now()
        await service.kill9()
        memoryBeforeKill = samplers[0]!.stop()
        cpuBeforeKill = cpuSamplers[0]!.stop() - cpuAtStart[0]!
        cpuAtStart = [0]
        outputBeforeKill = service.output()
        say(
          `kill -9 at ${((killedAt - t0) / 1000).toFixed(1)} s: ${work.done}/${work.total} stage runs, ${finished}/${spec.indicators.length} indicators finished; restarting`,
        )
        const restarted = await startService({
          env,
          database_path: service.database_path,
          motia_dir: `${service.motia_dir}-restarted`,
          ...(spec.echo ? { echo: true } : {}),
        })
        replicas = [restarted]
        current.replicas = replicas
        samplers = [sampleGroupMemory(restarted.pid, 500)]
        cpuSamplers = [sampleTreeCpu([restarted.pid])]
        kill = {
          at_s: round((killedAt - t0) / 1000, 1),
          finished_before: finished,
          stage_runs_before: `${work.done}/${work.total}`,
          restart_s: round((Date.now() - killedAt) / 1000, 1),
        }
        lastAnswer = Date.now()
        continue
      }
      if (Date.now() > deadline) {
        outcome = 'timed-out'
        giveUp = Date.now()
        break
      }
      if (Date.now() - lastSay > 15_000) {
        lastSay = Date.now()
        const done = all.reduce((sum, s) => sum + (s ? s.completed + s.failed : 0), 0)
        const calls = all.reduce((sum, s) => sum + (s?.llm.calls ?? 0), 0)
        say(
          `${((Date.now() - t0) / 1000).toFixed(0)} s: ${done}/${spec.indicators.length} done, ${calls} LLM calls, rss ${Math.max(...samplers.map((m) => m.peek().total_mb))} MiB peak`,
        )
      }
      await sleep(500)
    }
    cpuAtEnd = cpuSamplers.map((c, i) => c.seconds() - cpuAtStart[i]! + (i === 0 ? cpuBeforeKill : 0))
    if (serverCpu)
      serverCpuAtEnd = {
        database: serverCpu.database.seconds() - serverCpuAtStart.database,
        redis: serverCpu.redis.seconds() - serverCpuAtStart.redis,
      }
    if (outcome !== 'timed-out') {
      const finals = batchIds.map((id) => statuses.get(id)!)
      outcome = finals.every((s) => s.status === 'completed')
        ? 'completed'
        : finals.every((s) => s.status === 'failed')
          ? 'failed'
          : 'partial'
      // A crash run whose batch ended before the crash measured nothing about crashing.
      if (spec.kill_at !== undefined && !kill)
        throw new Error(`the batch finished before the kill point (${spec.kill_at} of its stage runs)`)
    }
    // Final counts (a timed-out batch keeps moving, so read it once more) and every final row.
    for (const id of batchIds) {
      const polled = await retrying(() => getJson(`${reading().url}/classify/batch/${encodeURIComponent(id)}`))
      if (polled.status === 200) statuses.set(id, polled.body as BatchStatus)
      const res = await retrying(() => getJson(`${reading().url}/classify/batch/${encodeURIComponent(id)}/results`))
      if (res.status === 200) results.push(...(res.body.results as { indicator_id: string; status: string }[]))
      else throw new Error(`GET results of ${id} answered ${res.status}`)
    }
  } catch (e) {
    outcome = 'error'
    error = e instanceof Error ? e.message : String(e)
    if (!giveUp) giveUp = Date.now()
  } finally {
    fakeStats = fake?.stats()
  }

  const lastMemory = samplers
    .map((m) => m.stop())
    .reduce(higherPeak, { main_mb: 0, total_mb: 0, max_processes: 0, samples: 0 })
  const memory = memoryBeforeKill ? higherPeak(memoryBeforeKill, lastMemory) : lastMemory
  const startupCpu = cpuSamplers.map((c, i) => round(cpuAtStart[i] ?? c.seconds(), 1))
  for (const c of cpuSamplers) c.stop()
  serverCpu?.database.stop()
  serverCpu?.redis.stop()
  const output = outputBeforeKill + replicas.map((r) => r.output()).join('')
  try {
    for (const replica of replicas) await replica.stop()
    // After the replicas exited: their backends have flushed their counters.
    if (cluster && dbBefore && cpuAtEnd) dbAfter = await readDbCounters(cluster.database_url).catch(() => undefined)
  } finally {
    await cluster?.stop()
    await fake?.close()
  }

  const finals = batchIds.map((id) => statuses.get(id)).filter((s): s is BatchStatus => s !== undefined)
  const finishedAt = finals.map((s) => (typeof s.finished_at === 'string' ? Date.parse(s.finished_at) : NaN))
  const end =
    outcome === 'timed-out' || outcome === 'error' || finishedAt.some((t) => !Number.isFinite(t))
      ? giveUp || Date.now()
      : Math.max(...finishedAt)
  const wall_s = t0 ? round((end - t0) / 1000, 1) : 0
  const sum = (f: (s: BatchStatus) => number) => finals.reduce((acc, s) => acc + f(s), 0)
  const completed = sum((s) => s.completed)
  const failed = sum((s) => s.failed)
  const llmCalls = sum((s) => s.llm.calls)
  const inputTokens = sum((s) => s.llm.input_tokens)
  const cachedTokens = sum((s) => s.llm.cached_input_tokens)
  const outputTokens = sum((s) => s.llm.output_tokens)
  const per1k = (usd: number) => (n > 0 ? round((usd / n) * 1000, 4) : 0)
  const tokens = { input_tokens: inputTokens, cached_input_tokens: cachedTokens, output_tokens: outputTokens }
  const cost = sum((s) => s.llm.cost_usd)
  const n = spec.indicators.length

  // Exactly one final row per posted indicator.
  const posted = new Set(spec.indicators.map((i) => i.indicator_id))
  const rows = new Map<string, number>()
  for (const r of results) rows.set(r.indicator_id, (rows.get(r.indicator_id) ?? 0) + 1)
  let missing = 0
  for (const id of posted) if (!rows.has(id)) missing++
  const finishedRun = outcome === 'completed' || outcome === 'partial' || outcome === 'failed'
  const lost = finishedRun ? missing : 0
  const unfinished = finishedRun ? 0 : missing
  let duplicated = 0
  for (const [id, count] of rows) duplicated += posted.has(id) ? count - 1 : count

  const errorLines = output
    .split('\n')
    .filter((l) => /\b(error|exception|unhandled|ECONN|failed)\b/i.test(l) && !/\b0 failed\b/.test(l))
  const stats = fakeStats
  return {
    dataset: spec.dataset,
    variant: spec.variant,
    mode,
    indicators: n,
    batches: batchIds.length,
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'OPENAI_BASE_URL')),
    status: outcome,
    ...(error ? { error } : {}),
    wall_s,
    post_s: postEnd ? round((postEnd - t0) / 1000, 1) : 0,
    indicators_per_min: wall_s > 0 ? Math.round(((completed + failed) / wall_s) * 60) : 0,
    completed,
    failed,
    lost,
    unfinished,
    duplicated,
    llm: {
      calls: llmCalls,
      input_tokens: inputTokens,
      cached_input_tokens: cachedTokens,
      output_tokens: outputTokens,
      tokens_per_indicator: n > 0 ? round((inputTokens + outputTokens) / n, 1) : 0,
      per_indicator: {
        prompt: n > 0 ? round(inputTokens / n, 1) : 0,
        cached: n > 0 ? round(cachedTokens / n, 1) : 0,
        completion: n > 0 ? round(outputTokens / n, 1) : 0,
      },
      cost_per_1k_at: {
        list: per1k(costUsd(PROVIDER.model, { input_tokens: inputTokens, output_tokens: outputTokens })),
        cached: per1k(costUsd(PROVIDER.model, tokens)),
        batch: per1k(costUsd(PROVIDER.model, tokens, undefined, 'batch')),
      },
      cost_usd: round(cost, 6),
      cost_per_1k_usd: n > 0 ? round((cost / n) * 1000, 4) : 0,
      cost_recomputed_usd: round(
        costUsd(PROVIDER.model, {
          input_tokens: inputTokens,
          cached_input_tokens: cachedTokens,
          output_tokens: outputTokens,
        }),
        6,
      ),
      retries: sum((s) => s.llm.retries),
    },
    provider: {
      requests: stats?.requests ?? 0,
      rate_limited: stats?.rate_limited ?? 0,
      rate_limited_share: stats?.requests ? round((stats.rate_limited / stats.requests) * 100, 1) / 100 : 0,
      batch_requests: stats?.batch_requests ?? 0,
      server_errors: stats?.server_errors ?? 0,
      input_tokens: stats?.input_tokens ?? 0,
      output_tokens: stats?.output_tokens ?? 0,
      max_in_flight: stats?.max_in_flight ?? 0,
      by_status: stats?.by_status ?? {},
    },
    // Calls the provider's RPM window admitted: everything it received except the requests it answered 429.
    bound: providerBound(
      (stats?.requests ?? 0) - (stats?.rate_limited ?? 0) + (stats?.batch_requests ?? 0),
      inputTokens,
      outputTokens,
      wall_s,
    ),
    memory,
    deployment: { database: spec.database, replicas: spec.replicas },
    cpu: {
      replicas_s: (cpuAtEnd ?? []).map((x) => round(x, 1)),
      replicas_total_s: round(sumOf(cpuAtEnd ?? []), 1),
      ms_per_indicator: n > 0 && cpuAtEnd ? round((sumOf(cpuAtEnd) / n) * 1000, 2) : 0,
      startup_s: startupCpu,
      database_s: serverCpuAtEnd ? round(serverCpuAtEnd.database, 1) : null,
      redis_s: serverCpuAtEnd ? round(serverCpuAtEnd.redis, 1) : null,
    },
    database:
      dbBefore && dbAfter
        ? {
            ...counterDelta(dbBefore, dbAfter),
            transactions_per_indicator: n > 0 ? round((dbAfter.transactions - dbBefore.transactions) / n, 2) : 0,
          }
        : null,
    ...(kill && replicas[0]
      ? { kill: { ...kill, stage_runs_redone: stageRunsRedone(replicas[0].database_path, batchIds) } }
      : {}),
    poll_errors: pollErrors,
    service_errors: { count: errorLines.length, sample: errorLines.slice(-5).map((l) => l.slice(0, 300)) },
    ...(outcome === 'error' || outcome === 'timed-out' ? { service_output_tail: output.slice(-4000) } : {}),
  }
}
