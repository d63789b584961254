// Tables of benchmark results: a fixed-width one for the terminal and a markdown one for the README.
import { formatTable } from '../src/cli/table'
import type { RunResult, Variant } from './runner'

interface Column {
  key: string
  title: string
  value: (r: RunResult) => string | number
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '')

export const COLUMNS: Column[] = [
  { key: 'dataset', title: 'dataset', value: (r) => `${r.dataset} ${r.indicators.toLocaleString('en-US')}` },
  { key: 'run', title: 'run', value: (r) => (r.kill ? `${r.variant} + kill -9 at ${r.kill.at_s} s` : r.variant) },
  { key: 'deploy', title: 'store × replicas', value: (r) => `${r.deployment.database} ×${r.deployment.replicas}` },
  { key: 'status', title: 'status', value: (r) => r.status },
  { key: 'wall', title: 'wall s', value: (r) => fmt(r.wall_s) },
  { key: 'rate', title: 'ind/min', value: (r) => r.indicators_per_min.toLocaleString('en-US') },
  { key: 'calls', title: 'LLM calls', value: (r) => r.llm.calls.toLocaleString('en-US') },
  { key: 'tpi', title: 'tokens/ind', value: (r) => fmt(r.llm.tokens_per_indicator) },
  {
    key: 'split',
    title: 'prompt (cached) + completion',
    value: (r) =>
      `${fmt(r.llm.per_indicator.prompt)} (${fmt(r.llm.per_indicator.cached)}) + ${fmt(r.llm.per_indicator.completion)}`,
  },
  { key: 'cost', title: '$/1k ind', value: (r) => r.llm.cost_per_1k_usd.toFixed(4) },
  {
    key: 'prices',
    title: '$/1k at list/cached/batch',
    value: (r) =>
      [r.llm.cost_per_1k_at.list, r.llm.cost_per_1k_at.cached, r.llm.cost_per_1k_at.batch]
        .map((x) => x.toFixed(4))
        .join('/'),
  },
  { key: 'retries', title: 'retries', value: (r) => r.llm.retries },
  {
    key: '429',
    title: '429s (share)',
    value: (r) => `${r.provider.rate_limited} (${fmt(r.provider.rate_limited_share * 100)} %)`,
  },
  { key: '5xx', title: '5xx', value: (r) => r.provider.server_errors },
  {
    key: 'bound',
    title: 'limit bound s',
    value: (r) => (r.bound.by === 'none' ? '–' : `${fmt(r.bound.seconds)} (${r.bound.by})`),
  },
  { key: 'ratio', title: 'wall÷bound', value: (r) => (r.bound.ratio === null ? '–' : `${r.bound.ratio.toFixed(2)}×`) },
  {
    key: 'rss',
    title: 'peak RSS MiB main/total',
    value: (r) => `${Math.round(r.memory.main_mb)}/${Math.round(r.memory.total_mb)}`,
  },
  {
    key: 'cpu',
    title: 'CPU s per replica',
    value: (r) =>
      r.cpu.replicas_s.join(' + ') +
      (r.cpu.database_s !== null ? ` (PostgreSQL ${fmt(r.cpu.database_s)}, redis ${fmt(r.cpu.redis_s ?? 0)})` : ''),
  },
  { key: 'cpu_ind', title: 'CPU ms/ind', value: (r) => fmt(r.cpu.ms_per_indicator, 2) },
  {
    key: 'db',
    title: 'db transactions/ind (rows ins/upd/fetched)',
    value: (r) =>
      r.database
        ? `${fmt(r.database.transactions_per_indicator, 2)} (${[r.database.tup_inserted, r.database.tup_updated, r.database.tup_fetched].map((x) => x.toLocaleString('en-US')).join('/')})`
        : 'n/a',
  },
  { key: 'failed', title: 'failed', value: (r) => r.failed },
  { key: 'lost', title: 'lost', value: (r) => r.lost },
  { key: 'dup', title: 'dup', value: (r) => r.duplicated },
]

export function textTable(results: RunResult[]): string {
  return formatTable(
    COLUMNS.map((c) => ({ key: c.key, title: c.title, width: 30 })),
    results.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.key, String(c.value(r))]))),
  )
}

export function markdownTable(results: RunResult[]): string {
  const header = `| ${COLUMNS.map((c) => c.title).join(' | ')} |`
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`
  const rows = results.map((r) => `| ${COLUMNS.map((c) => String(c.value(r)).replaceAll('|', '\\|')).join(' | ')} |`)
  return [header, rule, ...rows].join('\n')
}

export interface SpeedUp {
  dataset: string
  ours: Variant
  /** Indicators per minute, ours ÷ baseline (the baseline may have run on a subset). */
  speedup: number
  ours_per_min: number
  baseline_per_min: number
  baseline_indicators: number
  /** A timed-out baseline's rate comes from the indicators it finished before the timeout. */
  baseline_status: RunResult['status']
  /** Tokens per indicator, baseline ÷ ours. */
  token_ratio: number | null
}

/** Throughput of each of our runs over the baseline's on the same dataset. */
export function speedUps(results: RunResult[]): SpeedUp[] {
  const out: SpeedUp[] = []
  for (const baseline of results.filter((r) => r.variant === 'baseline' && r.indicators_per_min > 0)) {
    for (const ours of results.filter(
      (r) =>
        r.dataset === baseline.dataset &&
        r.variant !== 'baseline' &&
        r.variant !== 'rules' &&
        !r.kill &&
        r.indicators_per_min > 0,
    )) {
      out.push({
        dataset: baseline.dataset,
        ours: ours.variant,
        speedup: Math.round((ours.indicators_per_min / baseline.indicators_per_min) * 10) / 10,
        ours_per_min: ours.indicators_per_min,
        baseline_per_min: baseline.indicators_per_min,
        baseline_indicators: baseline.indicators,
        baseline_status: baseline.status,
        token_ratio:
          ours.llm.tokens_per_indicator > 0
            ? Math.round((baseline.llm.tokens_per_indicator / ours.llm.tokens_per_indicator) * 10) / 10
            : null,
      })
    }
  }
  return out
}

export function speedUpLines(results: RunResult[]): string[] {
  return speedUps(results).map(
    (s) =>
      `speed-up ${s.dataset}: ${s.ours} ${s.ours_per_min.toLocaleString('en-US')} ind/min vs baseline ${s.baseline_per_min.toLocaleString('en-US')} ind/min ` +
      `(on ${s.baseline_indicators.toLocaleString('en-US')}) = ${s.speedup}×` +
      (s.token_ratio !== null ? `; baseline uses ${s.token_ratio}× the tokens per indicator` : '') +
      (s.baseline_status !== 'completed'
        ? ` (baseline ${s.baseline_status}: its rate is from the indicators it finished)`
        : ''),
  )
}

/** The targets of the issue, checked against what was measured (only for runs that exist). */
export function targetLines(results: RunResult[]): string[] {
  // A crash-and-resume run answers for the crash, not for the speed targets.
  const find = (dataset: string, variant: Variant) =>
    results.find((r) => r.dataset === dataset && r.variant === variant && !r.kill)
  const lines: string[] = []
  const check = (label: string, ok: boolean, detail: string) =>
    lines.push(`${ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`)
  const hybrid = find('realistic', 'hybrid')
  const rules = find('realistic', 'rules')
  const llm = find('distinct', 'llm')
  if (rules && rules.indicators >= 10_000)
    check('realistic 10k rules ≤ 45 s', rules.status === 'completed' && rules.wall_s <= 45, `${rules.wall_s} s`)
  if (hybrid && hybrid.indicators >= 10_000)
    check('realistic 10k hybrid ≤ 120 s', hybrid.status === 'completed' && hybrid.wall_s <= 120, `${hybrid.wall_s} s`)
  if (hybrid)
    check(
      'realistic hybrid ≤ 150 tokens/indicator',
      hybrid.llm.tokens_per_indicator <= 150,
      `${hybrid.llm.tokens_per_indicator}`,
    )
  if (llm) {
    check('distinct llm ≤ 600 tokens/indicator', llm.llm.tokens_per_indicator <= 600, `${llm.llm.tokens_per_indicator}`)
    if (llm.indicators >= 2_000)
      check(
        'distinct 2k llm ≤ 1.3 × provider-limit bound',
        llm.bound.ratio !== null && llm.bound.ratio <= 1.3,
        `${llm.bound.ratio}× of ${llm.bound.seconds} s`,
      )
  }
  for (const r of results.filter((r) => r.kill)) {
    check(
      `kill -9 and restart (${r.dataset} ${r.indicators.toLocaleString('en-US')} ${r.variant})`,
      r.status === 'completed' && r.lost === 0 && r.duplicated === 0 && r.kill!.stage_runs_redone === 0,
      `${r.status}, lost ${r.lost}, duplicated ${r.duplicated}, ${r.kill!.stage_runs_redone} finished stage runs redone`,
    )
  }
  for (const r of results) {
    if (r.lost > 0 || r.duplicated > 0)
      check(
        `no lost or duplicated indicators (${r.dataset} ${r.variant})`,
        false,
        `lost ${r.lost}, duplicated ${r.duplicated}`,
      )
  }
  if (results.length > 0 && results.every((r) => r.lost === 0 && r.duplicated === 0))
    check('no lost or duplicated indicators', true, `${results.length} run(s)`)
  return lines
}
