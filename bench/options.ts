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

type Setter = (options: BenchOptions, raw: string | undefined, flag: string) => void

/** A flag: what stands after it in the usage (a switch takes no value), its help lines, what it sets. */
interface Flag {
  arg?: string
  help: string[]
  set: Setter
  /** What `--quick` sets it to unless it is given. */
  quick?: number
}

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${raw}`)
  return n
}

type CountKey = 'size' | 'distinct' | 'baseline_size' | 'intake_size' | 'post_size' | 'concurrency' | 'replicas'
const count =
  (key: CountKey): Setter =>
  (options, raw, flag) =>
    (options[key] = positiveInt(flag, raw))

const oneOf =
  <T extends string>(key: 'only' | 'datasets', allowed: readonly T[]): Setter =>
  (options, raw, flag) => {
    for (const v of (raw ?? '').split(',')) {
      if (!(allowed as readonly string[]).includes(v))
        throw new Error(`${flag} expects one of ${allowed.join(', ')}, got "${v}"`)
      ;(options[key] as string[]).push(v)
    }
  }

const FLAGS: Record<string, Flag> = {
  '--only': {
    arg: RUNS.join('|'),
    help: [
      'runs to do (repeat or comma-separate; default all); kill is a hybrid run',
      'on the realistic catalogue with a kill -9 of the service part-way; intake times',
      "one POST of --intake-size indicators (JSON, gzip CSV) and the main process's RSS",
    ],
    set: oneOf('only', RUNS),
  },
  '--intake-size': {
    arg: 'N',
    help: ['indicators in the intake POST (default 100000)'],
    set: count('intake_size'),
    quick: 10_000,
  },
  '--dataset': {
    arg: DATASETS.join('|'),
    help: ['datasets (repeat or comma-separate; default both)'],
    set: oneOf('datasets', DATASETS),
  },
  '--size': { arg: 'N', help: ['realistic catalogue size (default 10000)'], set: count('size'), quick: 1_000 },
  '--distinct': { arg: 'N', help: ['distinct catalogue size (default 2000)'], set: count('distinct'), quick: 300 },
  '--baseline-size': {
    arg: 'N',
    help: ['baseline runs on the first N of each dataset (default 2000)'],
    set: count('baseline_size'),
    quick: 100,
  },
  '--quick': { help: ['smoke sizes: 1000 realistic, 300 distinct, baseline 100'], set: () => undefined },
  '--timeout-min': {
    arg: 'M',
    help: ['per-run timeout, minutes (default 20); a late run is reported as timed-out'],
    set: (options, raw) => {
      options.timeout_min = Number(raw)
      if (!(options.timeout_min > 0)) throw new Error('--timeout-min expects a positive number')
    },
  },
  '--post-size': {
    arg: 'N',
    help: ["indicators per POST (default 10000, the service's CLASSIFY_MAX_BATCH)"],
    set: count('post_size'),
  },
  '--concurrency': {
    arg: 'N',
    help: ["LLM_CONCURRENCY for the service (default: the service's own)"],
    set: count('concurrency'),
  },
  '--unconfigured': {
    help: ['leave LLM_RPM and LLM_TPM unset: the service learns the limits from the provider'],
    set: (options) => (options.unconfigured = true),
  },
  '--kill-at': {
    arg: 'F',
    help: ["the kill run kills once this fraction (0-1) of the batch's stage runs has finished (default 0.5)"],
    set: (options, raw) => {
      options.kill_at = Number(raw)
      if (!(options.kill_at > 0 && options.kill_at < 1))
        throw new Error('--kill-at expects a fraction between 0 and 1, e.g. 0.5')
    },
  },
  '--database': {
    arg: 'sqlite|postgres',
    help: [
      'sqlite (default): one service on its own SQLite file; postgres: PostgreSQL and a',
      'redis-server in a temp folder and --replicas replicas on them (src/cli/cluster.ts);',
      "reports each replica's CPU and the database's transactions and rows (no intake/kill)",
    ],
    set: (options, database) => {
      if (database !== 'sqlite' && database !== 'postgres')
        throw new Error(`--database expects sqlite or postgres, got "${database}"`)
      options.database = database
    },
  },
  '--replicas': {
    arg: 'N',
    help: ['replicas sharing PostgreSQL and Redis (default 1; more than 1 needs postgres)'],
    set: count('replicas'),
  },
  '--echo': { help: ["echo the service's output"], set: (options) => (options.echo = true) },
  '--no-write': { help: ['do not write bench/results/*.json'], set: (options) => (options.write = false) },
}

const HELP_COLUMN = 37
const USAGE = [
  'usage: npm run bench -- [options]',
  ...Object.entries(FLAGS).map(([flag, { arg, help }]) => {
    const head = `  ${flag}${arg ? ` ${arg}` : ''}`
    const lead = head.length < HELP_COLUMN ? head.padEnd(HELP_COLUMN) : `${head}   `
    return lead + help.join(`\n${' '.repeat(HELP_COLUMN)}`)
  }),
].join('\n')

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
  const given = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    const known = Object.hasOwn(FLAGS, flag) ? FLAGS[flag] : undefined
    if (!known) throw new Error(`unknown argument ${arg}\n${USAGE}`)
    known.set(options, known.arg === undefined ? undefined : (inline ?? argv[++i]), flag)
    given.add(flag)
  }
  if (given.has('--quick'))
    for (const [flag, { set, quick }] of Object.entries(FLAGS))
      if (quick !== undefined && !given.has(flag)) set(options, String(quick), flag)
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
