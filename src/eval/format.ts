import { formatTable } from '../cli/table'
import type { Contradiction } from './contradictions'
import type { Miss, ScoreReport } from './score'

const pct = (n: number) => `${(n * 100).toFixed(1)}%`
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

const TABLE_COLUMNS = [
  { key: 'field', title: 'field' },
  { key: 'correct', title: 'correct' },
  { key: 'accuracy', title: 'accuracy' },
]

const table = (report: ScoreReport) =>
  formatTable(
    TABLE_COLUMNS,
    report.fields.map((f) => ({ field: f.field, correct: `${f.correct}/${f.total}`, accuracy: pct(f.accuracy) })),
  )

/** Expected → got pairs per field, most frequent first: where the classifier's confusions cluster. */
function confusions(misses: readonly Miss[]): string[] {
  const counts = new Map<string, number>()
  for (const m of misses) {
    const key = `${m.field}: ${show(m.expected)} → ${show(m.got)}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => `  ${String(n).padStart(3)}× ${key}`)
}

function missLines(misses: readonly Miss[]): string[] {
  return misses.map(
    (m) =>
      `  ${m.id} | ${m.name} [${m.units ?? ''}] | ${m.field}: expected ${show(m.expected)}, got ${show(m.got)}${m.reasoning ? ` | ${m.reasoning}` : ''}`,
  )
}

export function formatReport(report: ScoreReport, title = 'accuracy'): string {
  const lines = [`${title}: ${report.cases} labelled cases`, table(report)]
  if (report.misses.length === 0) return [...lines, 'no misses'].join('\n')
  return [
    ...lines,
    '',
    `confusions (${report.misses.length} misses):`,
    ...confusions(report.misses),
    '',
    'misses:',
    ...missLines(report.misses),
  ].join('\n')
}

export function formatContradictions(contradictions: readonly Contradiction[]): string {
  if (contradictions.length === 0) return 'no labels excluded as contradicting TAXONOMY'
  return [
    `labels excluded as contradicting TAXONOMY (${contradictions.length}):`,
    ...contradictions.map((c) => `  ${c.id} [${c.fields.join(', ')}] ${c.rule}: ${c.reason}`),
  ].join('\n')
}
