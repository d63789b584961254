// `npm run eval -- FILE|DIR [--provider rules|openai|anthropic|local] [--mode rules|hybrid|llm] [--contradictions FILE]`:
// classify a labelled file (our JSON, external-v1 JSON, CSV, or a directory of them) in process, through the same
// stages as the service, and print per-field accuracy, all-fields-right, the review queue's flagged share, precision
// and recall, the reliability table and ECE, per split (dev and test side by side when the folder has a split.json)
// and per catalogue style; then the misses (of dev only when there is a split: the other splits are scored, never
// read for tuning) and, with an LLM provider, what the calls cost.
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import {
  evaluateGroups,
  formatContradictions,
  formatGroups,
  formatReport,
  groupCases,
  loadContradictions,
  loadLabelled,
  loadSplitOf,
  scoreResults,
  withoutContradictions,
  type GroupMetrics,
  type ScoreReport,
} from '../eval/index'
import { createLlmClient } from '../llm/client'
import { CLASSIFY_MODES, loadLlmConfig, missingSettings, type ClassifyMode } from '../llm/config'
import type { LlmCallRecord, LlmProvider, LlmStage } from '../llm/types'
import { classifyInProcess, RULES_CONTEXT } from '../pipeline/in-process'
import { createLlmStageContext } from '../pipeline/llm-context'
import type { StageContext } from '../pipeline/types'
import { classifyMode, loadServiceConfig, type Env } from '../settings/index'
import { PROVIDERS, type Provider } from '../taxonomy/index'
import { formatTable } from './table'

const USAGE = `usage: npm run eval -- FILE|DIR [--provider ${PROVIDERS.join('|')}] [--mode ${CLASSIFY_MODES.join('|')}] [--contradictions FILE]`

export interface EvalPlan {
  provider: Provider
  mode: ClassifyMode
  ctx: StageContext
}

/** One stage's share of the LLM bill. */
export interface LlmStageUsage {
  stage: LlmStage | 'total'
  calls: number
  retries: number
  errors: number
  input_tokens: number
  output_tokens: number
  cost_usd: number
}

export interface EvalResult {
  /** Per-field accuracy and misses over every scored case. */
  report: ScoreReport
  /** The issue 9 figures per split (or for all cases when there is no split), overall and per style. */
  groups: GroupMetrics[]
  plan: { provider: Provider; mode: ClassifyMode }
  /** Per stage and a total; empty when no LLM was called. */
  llm: LlmStageUsage[]
  /** What the CLI prints. */
  text: string
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`unknown ${what} "${value}"; expected one of ${allowed.join(', ')}`)
  return value as T
}

/**
 * The stage context a provider runs with in process, built as the service builds a batch's: every LLM stage asks
 * `provider` (like a batch's llm_provider), in `--mode`, else CLASSIFY_MODE, else hybrid; the rules need nothing.
 */
export function planEval(providerName: string, modeName: string | undefined, env?: Env): EvalPlan {
  const provider = oneOf('provider', providerName, PROVIDERS)
  const config = loadLlmConfig(env)
  const review = { ...RULES_CONTEXT.review, threshold: config.threshold }
  if (provider === 'rules') {
    if (modeName !== undefined && modeName !== 'rules')
      throw new Error(
        `--mode ${modeName} needs an LLM --provider (${PROVIDERS.filter((p) => p !== 'rules').join(', ')})`,
      )
    return { provider, mode: 'rules', ctx: { review } }
  }
  const mode = classifyMode(modeName !== undefined ? oneOf('mode', modeName, CLASSIFY_MODES) : config.chosenMode, true)
  if (mode === 'rules') return { provider, mode, ctx: { review } }
  const missing = missingSettings(config, provider)
  if (missing.length > 0)
    throw new Error(`--provider ${provider} needs ${missing.join(', ')}: set it in the environment or .env`)
  const llm = createLlmStageContext(
    {
      mode,
      threshold: config.threshold,
      batch_size: config.batchSize,
      dedupe: loadServiceConfig(env).dedupe,
      refresh: false,
    },
    () => provider,
    (p: LlmProvider) => createLlmClient(config, p),
  )
  return { provider, mode, ctx: { review, llm } }
}

export function llmUsage(calls: readonly { stage: LlmStage; call: LlmCallRecord }[]): LlmStageUsage[] {
  if (calls.length === 0) return []
  const rows = new Map<LlmStageUsage['stage'], LlmStageUsage>()
  const add = (stage: LlmStageUsage['stage'], call: LlmCallRecord) => {
    const row = rows.get(stage) ?? {
      stage,
      calls: 0,
      retries: 0,
      errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
    }
    row.calls++
    if (call.status === 'retried') row.retries++
    if (call.status === 'error' || call.status === 'invalid') row.errors++
    row.input_tokens += call.input_tokens
    row.output_tokens += call.output_tokens
    row.cost_usd += call.cost_usd
    rows.set(stage, row)
  }
  for (const { stage, call } of calls) add(stage, call)
  const stages = [...rows.values()]
  for (const { call } of calls) add('total', call)
  return [...stages, rows.get('total')!]
}

const USAGE_COLUMNS = ['stage', 'calls', 'retries', 'errors', 'input_tokens', 'output_tokens', 'cost_usd'].map(
  (key) => ({ key, title: key }),
)

function formatUsage(usage: LlmStageUsage[], plan: EvalPlan): string {
  const title = `LLM calls (${plan.provider}, ${plan.mode})`
  if (usage.length === 0) return `${title}: none`
  return [
    `${title}:`,
    formatTable(
      USAGE_COLUMNS,
      usage.map((u) => ({ ...u, cost_usd: `$${u.cost_usd.toFixed(6)}` })),
    ),
  ].join('\n')
}

/** The CLI without the process: arguments and environment in, the report and its text out. */
export async function runEval(args: string[], env?: Env): Promise<EvalResult> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      provider: { type: 'string', default: 'rules' },
      mode: { type: 'string' },
      contradictions: { type: 'string' },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1) throw new Error(USAGE)
  const file = positionals[0]!
  const plan = planEval(values.provider, values.mode, env)
  const labelled = await loadLabelled(file)
  const contradictions = values.contradictions ? await loadContradictions(values.contradictions) : []
  const { scored, unknown } = withoutContradictions(labelled, contradictions)

  const results = await classifyInProcess(
    scored.map((c) => c.indicator),
    plan.ctx,
  )
  const report = scoreResults(scored, results)
  const splitOf = await loadSplitOf(file)
  const groups = evaluateGroups(scored, results, splitOf)
  const llm = llmUsage(plan.ctx.llm?.take() ?? [])
  const label = plan.provider === 'rules' ? 'rules' : `${plan.provider}, ${plan.mode}`
  const tuned = groupCases(scored, splitOf).find((g) => g.group === 'dev' || g.group === 'all')
  const text = [
    ...(unknown.length > 0 ? [`contradiction ids not in the labelled file: ${unknown.join(', ')}`, ''] : []),
    formatGroups(groups, `${file} (${label}; threshold ${plan.ctx.review.threshold})`),
    '',
    ...(tuned ? [formatReport(scoreResults(tuned.cases, results), `${tuned.group} misses`)] : []),
    ...(splitOf
      ? [
          '',
          'calibration, test_fit, test and blind misses are not printed: they are scored, never read for tuning rules.',
        ]
      : []),
    ...(plan.provider === 'rules' ? [] : ['', formatUsage(llm, plan)]),
    ...(contradictions.length > 0 ? ['', formatContradictions(contradictions)] : []),
  ].join('\n')
  return { report, groups, plan: { provider: plan.provider, mode: plan.mode }, llm, text }
}

async function main() {
  const { text } = await runEval(process.argv.slice(2))
  console.log(text)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
