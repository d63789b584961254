// The intake figure of issue 11: how long the service takes to accept one POST of a very large catalogue (parsed,
// validated, stored, units queued: the 202) and how much resident memory its main process needs for it. One fresh
// service per body format; the service is stopped right after the answer, so the figure is the intake's alone.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { startService } from '../src/cli/service-process'
import type { IndicatorInput } from '../src/taxonomy/index'
import { realisticCatalogue } from './catalogue'
import { sampleGroupMemory } from './memory'

export const INTAKE_TARGETS = { accept_s: 10, main_mb: 600 }
export const INTAKE_FORMATS = ['json', 'csv-gzip'] as const
type IntakeFormat = (typeof INTAKE_FORMATS)[number]

export interface IntakeResult {
  format: IntakeFormat
  indicators: number
  body_mb: number
  status: number
  accept_s: number
  /** CPU seconds the main process spent on the POST: on a loaded machine wall time says more about the neighbours. */
  main_cpu_s: number
  main_rss_idle_mb: number
  main_rss_peak_mb: number
  met: boolean
  error?: string
}

/** The realistic catalogue repeated under new ids up to `size`, as a catalogue of many vintages would be. */
export function intakeCatalogue(size: number): IndicatorInput[] {
  const base = realisticCatalogue(10_000)
  return Array.from({ length: size }, (_, i) => {
    const indicator = base[i % base.length]!
    return { ...indicator, indicator_id: `${indicator.indicator_id}-${Math.floor(i / base.length)}` }
  })
}

const CSV_COLUMNS = [
  'indicator_id',
  'name',
  'units',
  'periodicity',
  'description',
  'source_name',
  'sample_values',
] as const

function csvCell(value: unknown): string {
  if (value === undefined) return ''
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function body(format: IntakeFormat, indicators: IndicatorInput[]): { data: Buffer; headers: Record<string, string> } {
  if (format === 'json')
    return { data: Buffer.from(JSON.stringify({ indicators })), headers: { 'content-type': 'application/json' } }
  const lines = [CSV_COLUMNS.join(','), ...indicators.map((i) => CSV_COLUMNS.map((c) => csvCell(i[c])).join(','))]
  return { data: gzipSync(lines.join('\n')), headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' } }
}

/** utime + stime of a process in seconds (/proc/<pid>/stat fields 14 and 15, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

export async function measureIntake(
  size: number,
  options: { echo?: boolean; log?: (line: string) => void } = {},
): Promise<IntakeResult[]> {
  const indicators = intakeCatalogue(size)
  const results: IntakeResult[] = []
  for (const format of INTAKE_FORMATS) {
    const { data, headers } = body(format, indicators)
    const service = await startService({
      env: { CLASSIFY_MAX_BATCH: String(Math.max(size, 100_000)) },
      echo: options.echo ?? false,
    })
    try {
      const idle = sampleGroupMemory(service.pid, 100).stop()
      const sampler = sampleGroupMemory(service.pid, 100)
      const cpuBefore = cpuSeconds(service.pid)
      const started = performance.now()
      const res = await fetch(`${service.url}/classify/batch?batch_id=intake-${format}`, {
        method: 'POST',
        headers,
        body: data,
      })
      const answer = (await res.json()) as { count?: number; error?: string }
      const accept_s = round((performance.now() - started) / 1000, 2)
      const main_cpu_s = round(cpuSeconds(service.pid) - cpuBefore, 2)
      const peak = sampler.stop()
      const result: IntakeResult = {
        format,
        indicators: answer.count ?? 0,
        body_mb: round(data.length / 2 ** 20),
        status: res.status,
        accept_s,
        main_cpu_s,
        main_rss_idle_mb: idle.main_mb,
        main_rss_peak_mb: peak.main_mb,
        met:
          res.status === 202 &&
          answer.count === size &&
          accept_s <= INTAKE_TARGETS.accept_s &&
          peak.main_mb <= INTAKE_TARGETS.main_mb,
        ...(res.status === 202 ? {} : { error: answer.error ?? `HTTP ${res.status}` }),
      }
      results.push(result)
      options.log?.(intakeLine(result))
    } finally {
      await service.stop()
    }
  }
  return results
}

export function intakeLine(r: IntakeResult): string {
  return (
    `intake ${r.format} ${r.indicators.toLocaleString('en-US')} indicators (${r.body_mb} MiB body): HTTP ${r.status} in ${r.accept_s} s (${r.main_cpu_s} s of CPU), ` +
    `main RSS ${r.main_rss_idle_mb} → peak ${r.main_rss_peak_mb} MiB (targets ≤ ${INTAKE_TARGETS.accept_s} s, ≤ ${INTAKE_TARGETS.main_mb} MiB: ${r.met ? 'met' : 'MISSED'})` +
    (r.error ? ` — ${r.error}` : '')
  )
}
