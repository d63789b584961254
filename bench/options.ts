// The options of `npm run bench` (bench/run.ts), parsed apart from running so that a test can check them.
import type { Database, Dataset, Variant } from './runner'

/** `kill` is the crash run: hybrid on the realistic catalogue, the service killed with -9 part-way and restarted. */
/** `intake` times one POST of `--intake-size` indicators per body format and the main process's memory for it. */
export type Run = Variant | 'kill' | 'intake'
const RUNS: readonly Run[] = ['intake', 'rules', 'hybrid', 'llm', 'llm-batch', 'kill', 'baseline']
const DATASETS: readonly Dataset[] = ['realistic', 'distinct']

export interface BenchOptions {
  only: Run[]
  datasets: Dataset[]
  size: number
  distinct: number
  baseline_size: number
  intake_size: number
  timeout_min: number
  post_size: number
  concurrency?: number
  unconfigured: boolean
  kill_at: number
  echo: boolean
  write: boolean
  database: Database
  replicas: number
}

const USAGE = `usage: npm run bench -- [options]
  --only intake|rules|hybrid|llm|llm-batch|kill|baseline   runs to do (repeat or comma-separate; default all); kill is a hybrid run
                                     on the realistic catalogue with a kill -9 of the service part-way; intake times
                                     one POST of --intake-size indicators (JSON, gzip CSV) and the main process's RSS
  --intake-size N                    indicators in the intake POST (default 100000)
  --dataset realistic|distinct       datasets (repeat or comma-separate; default both)
  --size N                           realistic catalogue size (default 10000)
  --distinct N                       distinct catalogue size (default 2000)
  --baseline-size N                  baseline runs on the first N of each dataset (default 2000)
  --quick                            smoke sizes: 1000 realistic, 300 distinct, baseline 100
  --timeout-min M                    per-run timeout, minutes (default 20); a late run is reported as timed-out
  --post-size N                      indicators per POST (default 10000, the service's CLASSIFY_MAX_BATCH)
  --concurrency N                    LLM_CONCURRENCY for the service (default: the service's own)
  --unconfigured                     leave LLM_RPM and LLM_TPM unset: the service learns the limits from the provider
  --kill-at F                        the kill run kills once this fraction (0-1) of the batch's stage runs has finished (default 0.5)
  --database sqlite|postgres         sqlite (default): one service on its own SQLite file; postgres: PostgreSQL and a
                                     redis-server in a temp folder and --replicas replicas on them (src/cli/cluster.ts);
                                     reports each replica's CPU and the database's transactions and rows (no intake/kill)
  --replicas N                       replicas sharing PostgreSQL and Redis (default 1; more than 1 needs postgres)
  --echo                             echo the service's output
  --no-write                         do not write bench/results/*.json`

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${raw}`)
  return n
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    only: [],
    datasets: [],
    size: 10_000,
    distinct: 2_000,
    baseline_size: 2_000,
    intake_size: 100_000,
    timeout_min: 20,
    post_size: 10_000,
    kill_at: 0.5,
    unconfigured: false,
    echo: false,
    write: true,
    database: 'sqlite',
    replicas: 1,
  }
  let quick = false
  const explicit = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    const value = () => inline ?? argv[++i]
    switch (flag) {
      case '--only':
        for (const v of (value() ?? '').split(',')) {
          if (!(RUNS as readonly string[]).includes(v))
            throw new Error(`--only expects one of ${RUNS.join(', ')}, got "${v}"`)
          options.only.push(v as Run)
        }
        break
      case '--dataset':
        for (const d of (value() ?? '').split(',')) {
          if (!(DATASETS as readonly string[]).includes(d))
            throw new Error(`--dataset expects one of ${DATASETS.join(', ')}, got "${d}"`)
          options.datasets.push(d as Dataset)
        }
        break
      case '--size':
        options.size = positiveInt(flag, value())
        explicit.add('size')
        break
      case '--distinct':
        options.distinct = positiveInt(flag, value())
        explicit.add('distinct')
        break
      case '--baseline-size':
        options.baseline_size = positiveInt(flag, value())
        explicit.add('baseline')
        break
      case '--intake-size':
        options.intake_size = positiveInt(flag, value())
        explicit.add('intake')
        break
      case '--timeout-min':
        options.timeout_min = Number(value())
        if (!(options.timeout_min > 0)) throw new Error('--timeout-min expects a positive number')
        break
      case '--post-size':
        options.post_size = positiveInt(flag, value())
        break
      case '--concurrency':
        options.concurrency = positiveInt(flag, value())
        break
      case '--unconfigured':
        options.unconfigured = true
        break
      case '--kill-at':
        options.kill_at = Number(value())
        if (!(options.kill_at > 0 && options.kill_at < 1))
          throw new Error('--kill-at expects a fraction between 0 and 1, e.g. 0.5')
        break
      case '--quick':
        quick = true
        break
      case '--database': {
        const database = value()
        if (database !== 'sqlite' && database !== 'postgres')
          throw new Error(`--database expects sqlite or postgres, got "${database}"`)
        options.database = database
        break
      }
      case '--replicas':
        options.replicas = positiveInt(flag, value())
        break
      case '--echo':
        options.echo = true
        break
      case '--no-write':
        options.write = false
        break
      case '--help':
      case '-h':
        console.log(USAGE)
        process.exit(0)
        break
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`)
    }
  }
  if (quick) {
    if (!explicit.has('size')) options.size = 1_000
    if (!explicit.has('distinct')) options.distinct = 300
    if (!explicit.has('baseline')) options.baseline_size = 100
    if (!explicit.has('intake')) options.intake_size = 10_000
  }
  if (options.replicas > 1 && options.database !== 'postgres')
    throw new Error('--replicas above 1 needs --database postgres: replicas share one PostgreSQL, not a SQLite file')
  // The intake and crash runs measure one SQLite service (the cluster's crash is tests/integration/cluster.test.ts).
  const singleOnly = options.only.filter((r) => r === 'intake' || r === 'kill')
  if (options.database === 'postgres' && singleOnly.length > 0)
    throw new Error(`--only ${singleOnly.join(',')} runs on SQLite only, not with --database postgres`)
  if (options.only.length === 0)
    options.only = RUNS.filter((r) => options.database === 'sqlite' || (r !== 'intake' && r !== 'kill'))
  if (options.datasets.length === 0) options.datasets = [...DATASETS]
  return options
}
