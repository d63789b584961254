// `npm run bench -- [--only rules|hybrid|llm|kill|baseline|intake] [--intake-size N] [--size N] [--distinct N] [--baseline-size N] [--kill-at F] [--quick]
//   [--database sqlite|postgres] [--replicas N]` (options: bench/options.ts)
//
// Runs the real service against the fake provider configured like a cloud API, once per dataset × run, and prints
// and saves the figures (bench/results/<timestamp>.json and bench/results/latest.json). See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../src/cli/service-process'
import type { IndicatorInput } from '../src/taxonomy/index'
import { BASE_SERIES, COUNTRIES, distinctCatalogue, distinctSignatures, realisticCatalogue } from './catalogue'
import { intakeLine, measureIntake } from './intake'
import { markdownTable, speedUpLines, speedUps, targetLines, textTable } from './report'
import { parseArgs } from './options'
import { abortCurrentRun, PROVIDER, runOne, type Dataset, type RunResult } from './runner'

function summaryLine(r: RunResult): string {
  const parts = [
    `${r.dataset} ${r.indicators} ${r.variant}: ${r.status}${r.error ? ` (${r.error.split('\n')[0]})` : ''}`,
    `${r.wall_s} s`,
    `${r.indicators_per_min.toLocaleString('en-US')} ind/min`,
    `${r.llm.calls} LLM calls`,
    `${r.llm.tokens_per_indicator} tok/ind (prompt ${r.llm.per_indicator.prompt}, cached ${r.llm.per_indicator.cached}, completion ${r.llm.per_indicator.completion})`,
    `$${r.llm.cost_per_1k_usd.toFixed(4)}/1k billed (at list ${r.llm.cost_per_1k_at.list.toFixed(4)}, cached ${r.llm.cost_per_1k_at.cached.toFixed(4)}, batch ${r.llm.cost_per_1k_at.batch.toFixed(4)})`,
    `retries ${r.llm.retries}, 429s ${r.provider.rate_limited} (${(r.provider.rate_limited_share * 100).toFixed(1)} %), 5xx ${r.provider.server_errors}`,
    r.bound.by === 'none' ? 'no LLM' : `bound ${r.bound.seconds} s by ${r.bound.by} (wall ${r.bound.ratio}× bound)`,
    `peak RSS ${r.memory.main_mb}/${r.memory.total_mb} MiB (main/group of ${r.memory.max_processes})`,
    `${r.deployment.database} ×${r.deployment.replicas}: CPU ${r.cpu.replicas_s.join(' + ')} s (${r.cpu.ms_per_indicator} ms/ind, start-up ${r.cpu.startup_s.join(' + ')} s)` +
      (r.cpu.database_s !== null ? `, PostgreSQL ${r.cpu.database_s} s, redis ${r.cpu.redis_s} s` : ''),
    r.database
      ? `db ${r.database.transactions} transactions (${r.database.transactions_per_indicator}/ind), rows inserted ${r.database.tup_inserted}, updated ${r.database.tup_updated}, deleted ${r.database.tup_deleted}, fetched ${r.database.tup_fetched}`
      : 'db round trips n/a (SQLite)',
    `completed ${r.completed}, failed ${r.failed}, lost ${r.lost}, duplicated ${r.duplicated}${r.unfinished > 0 ? `, ${r.unfinished} unfinished at the timeout` : ''}`,
    ...(r.kill
      ? [
          `kill -9 at ${r.kill.at_s} s (${r.kill.stage_runs_before} stage runs, ${r.kill.finished_before} indicators finished), back in ${r.kill.restart_s} s, ` +
            `${r.kill.stage_runs_redone} finished stage runs redone`,
        ]
      : []),
  ]
  return parts.join(' | ')
}

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv)
  const started_at = new Date()
  const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

  const catalogues: Record<Dataset, IndicatorInput[]> = {
    realistic: options.datasets.includes('realistic') ? realisticCatalogue(options.size) : [],
    distinct: options.datasets.includes('distinct') ? distinctCatalogue(options.distinct) : [],
  }
  const catalogueInfo = {
    realistic: {
      indicators: catalogues.realistic.length,
      base_series: BASE_SERIES.length,
      countries: COUNTRIES.length,
      distinct_signatures: distinctSignatures(catalogues.realistic),
      distinct_names: new Set(catalogues.realistic.map((i) => i.name)).size,
    },
    distinct: {
      indicators: catalogues.distinct.length,
      distinct_signatures: distinctSignatures(catalogues.distinct),
      distinct_names: new Set(catalogues.distinct.map((i) => i.name)).size,
      distinct_units: new Set(catalogues.distinct.map((i) => i.units)).size,
    },
  }
  for (const d of options.datasets) log(`${d} catalogue: ${JSON.stringify(catalogueInfo[d])}`)
  log(
    `provider: fake OpenAI-compatible, latency ${PROVIDER.latency_ms.join('-')} ms, ${PROVIDER.rpm} RPM, ${PROVIDER.tpm.toLocaleString('en-US')} TPM, ` +
      `${PROVIDER.server_error_probability * 100}% 5xx, model ${PROVIDER.model}; machine: ${availableParallelism()} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  )

  const intake = options.only.includes('intake')
    ? await measureIntake(options.intake_size, { echo: options.echo, log })
    : []
  const results: RunResult[] = []
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return
    interrupted = true
    log(`${signal}: stopping the service and the fake provider`)
    void abortCurrentRun().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  for (const dataset of options.datasets) {
    for (const run of options.only) {
      if (interrupted) break
      if (run === 'intake') continue
      // The crash is the 10,000-indicator batch's: one kill run, on the realistic catalogue.
      if (run === 'kill' && dataset !== 'realistic') continue
      const all = catalogues[dataset]
      const indicators = run === 'baseline' ? all.slice(0, Math.min(options.baseline_size, all.length)) : all
      log(`start ${dataset} ${run}: ${indicators.length} indicators`)
      const result = await runOne({
        dataset,
        variant: run === 'kill' ? 'hybrid' : run,
        indicators,
        timeout_ms: options.timeout_min * 60_000,
        post_size: options.post_size,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.unconfigured ? { unconfigured: true } : {}),
        ...(run === 'kill' ? { kill_at: options.kill_at } : {}),
        echo: options.echo,
        database: options.database,
        replicas: options.replicas,
        progress: (line) => log(`  ${dataset} ${run}: ${line}`),
      })
      results.push(result)
      log(summaryLine(result))
      if (result.status === 'error' && result.service_output_tail)
        log(`  service output (tail):\n${result.service_output_tail.slice(-1500)}`)
      if (result.poll_errors > 0) log(`  ${result.poll_errors} status poll(s) failed while the service was busy`)
      if (result.service_errors.count > 0)
        log(
          `  service printed ${result.service_errors.count} error-looking line(s); last: ${result.service_errors.sample.at(-1)}`,
        )
    }
  }

  for (const r of intake) console.log(intakeLine(r))
  console.log('\n' + textTable(results))
  const speed = speedUpLines(results)
  if (speed.length > 0) console.log('\n' + speed.join('\n'))
  console.log(
    '\nlimit bound = max(tokens used ÷ TPM, admitted calls ÷ RPM); wall÷bound 1.0× is running exactly at the provider limit.',
  )
  const targets = targetLines(results)
  if (targets.length > 0) console.log('\n' + targets.join('\n'))
  console.log(
    '\nMarkdown (for the README):\n\n' +
      markdownTable(results) +
      (speed.length > 0 ? '\n\n' + speed.map((l) => `- ${l}`).join('\n') : '') +
      '\n',
  )

  if (options.write) {
    const dir = join(PROJECT_ROOT, 'bench/results')
    mkdirSync(dir, { recursive: true })
    const report = {
      started_at: started_at.toISOString(),
      finished_at: new Date().toISOString(),
      options,
      machine: {
        cpus: availableParallelism(),
        memory_gib: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: process.platform,
      },
      provider: PROVIDER,
      catalogues: Object.fromEntries(options.datasets.map((d) => [d, catalogueInfo[d]])),
      intake,
      runs: results,
      speedups: speedUps(results),
      targets,
      markdown: markdownTable(results),
    }
    const file = join(dir, `${started_at.toISOString().replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n')
    log(`wrote ${file} and bench/results/latest.json`)
  }
  return results.every((r) => r.status === 'completed' && r.lost === 0 && r.duplicated === 0) &&
    intake.every((r) => r.met)
    ? 0
    : 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(2)
  },
)
