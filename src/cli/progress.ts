// What a running classification shows: a live bar on a terminal (cli-progress), plain periodic lines otherwise (a log,
// a CI job, a pipe), both from the same figures.
import cliProgress from 'cli-progress'
import type { BatchStatus } from './client'

export interface Progress {
  done: number
  total: number
  failed: number
  /** null while the service does not report it. */
  flagged: number | null
  llm_calls: number
  cost_usd: number
  /** Input is still being read and submitted: the total will grow. */
  reading: boolean
}

export function progressOf(parts: BatchStatus[], reading: boolean): Progress {
  const sum = (f: (s: BatchStatus) => number) => parts.reduce((n, s) => n + f(s), 0)
  return {
    done: sum((s) => s.completed + s.failed),
    total: sum((s) => s.total),
    failed: sum((s) => s.failed),
    flagged: parts.every((s) => typeof s.flagged === 'number') ? sum((s) => s.flagged as number) : null,
    llm_calls: sum((s) => s.llm.calls),
    cost_usd: sum((s) => s.llm.cost_usd),
    reading,
  }
}

export interface ProgressView {
  update: (progress: Progress) => void
  stop: () => void
}

const seconds = (s: number | null) =>
  s === null
    ? '?'
    : s >= 3600
      ? `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`
      : s >= 60
        ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
        : `${Math.round(s)}s`

/** Rate and ETA over the indicators finished since this view started (a resumed run's earlier work does not count). */
function figures(progress: Progress, startedAt: number, baseline: number) {
  const elapsed = (Date.now() - startedAt) / 1000
  const rate = elapsed > 0 ? (progress.done - baseline) / elapsed : 0
  const eta = progress.reading
    ? null
    : progress.done >= progress.total
      ? 0
      : rate > 0
        ? (progress.total - progress.done) / rate
        : null
  return {
    total: `${progress.total}${progress.reading ? '+' : ''}`,
    percent: progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 0,
    rate: rate.toFixed(1),
    remaining: seconds(eta),
    flagged: progress.flagged ?? '?',
    failed: progress.failed,
    calls: progress.llm_calls,
    cost: progress.cost_usd.toFixed(4),
  }
}

export function progressView(stream: NodeJS.WriteStream, options: { tty: boolean; every_ms: number }): ProgressView {
  const startedAt = Date.now()
  let baseline: number | undefined
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          '{bar} {value}/{shown_total} {percent}% | {rate}/s | ETA {remaining} | flagged {flagged} | failed {failed} | LLM {calls} calls ${cost}',
        barsize: 24,
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    return {
      update(progress) {
        baseline ??= progress.done
        const { total, ...shown } = figures(progress, startedAt, baseline)
        const payload = { ...shown, shown_total: total }
        if (!started) bar.start(Math.max(progress.total, 1), progress.done, payload)
        else {
          bar.setTotal(Math.max(progress.total, 1))
          bar.update(progress.done, payload)
        }
        started = true
      },
      stop: () => (started ? bar.stop() : undefined),
    }
  }
  let lastLine = 0
  let last: Progress | undefined
  let printed: Progress | undefined
  const print = (progress: Progress) => {
    printed = progress
    const f = figures(progress, startedAt, baseline ?? 0)
    stream.write(
      `progress: ${progress.done}/${f.total} (${f.percent}%), ${f.rate}/s, ETA ${f.remaining}, flagged ${f.flagged}, failed ${f.failed}, LLM ${f.calls} calls $${f.cost}\n`,
    )
    lastLine = Date.now()
  }
  return {
    update(progress) {
      baseline ??= progress.done
      last = progress
      if (Date.now() - lastLine >= options.every_ms) print(progress)
    },
    // The final figures, unless they were the last printed.
    stop: () => (last && last !== printed ? print(last) : undefined),
  }
}
