// The figures of issue 9 point 4 for each split side by side (or for the whole set when it has no split),
// overall and per catalogue style.
import { formatTable } from '../cli/table'
import type { LabelledCase } from './labelled'
import { MAX_FLAGGED_SHARE, metricsOf, MIN_FLAG_RECALL, type Metrics } from './metrics'
import type { ScoredResult } from './score'
import { SPLITS, type Split } from './split'

export interface GroupMetrics {
  /** dev, calibration, test_fit, test, or all when the set has no split. */
  group: Split | 'all'
  metrics: Metrics
  byStyle: { style: string; metrics: Metrics }[]
}

/** Cases grouped by split (in SPLITS order), or one group of all of them when there is no split. */
export function groupCases(
  cases: readonly LabelledCase[],
  splitOf?: (id: string) => Split,
): { group: Split | 'all'; cases: LabelledCase[] }[] {
  if (!splitOf) return [{ group: 'all', cases: [...cases] }]
  return SPLITS.map((group) => ({
    group,
    cases: cases.filter((c) => splitOf(c.indicator.indicator_id) === group),
  })).filter((g) => g.cases.length > 0)
}

export function evaluateGroups(
  cases: readonly LabelledCase[],
  results: readonly ScoredResult[],
  splitOf?: (id: string) => Split,
): GroupMetrics[] {
  return groupCases(cases, splitOf).map(({ group, cases }) => {
    const styles = [...new Set(cases.map((c) => c.style ?? c.source))].sort()
    return {
      group,
      metrics: metricsOf(cases, results),
      byStyle: styles.map((style) => ({
        style,
        metrics: metricsOf(
          cases.filter((c) => (c.style ?? c.source) === style),
          results,
        ),
      })),
    }
  })
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(3))

const SUMMARY: { title: string; value: (m: Metrics) => string }[] = [
  { title: 'cases', value: (m) => String(m.cases) },
  { title: 'all fields right', value: (m) => num(m.all_right) },
  { title: 'flagged share', value: (m) => num(m.flagged_share) },
  { title: 'flag precision (flagged that are wrong)', value: (m) => num(m.flag_precision) },
  { title: 'flag recall (wrong that are flagged)', value: (m) => num(m.flag_recall) },
  { title: 'ECE (10 equal-width bins)', value: (m) => num(m.ece) },
  { title: 'AUC (a right record ranked above a wrong one)', value: (m) => num(m.auc) },
  {
    title: `recall of the ${MAX_FLAGGED_SHARE * 100} % least confident (any threshold)`,
    value: (m) => num(m.ranked.recall_at_max_share),
  },
  {
    title: `least confident share holding ${MIN_FLAG_RECALL} of the wrong`,
    value: (m) => num(m.ranked.share_for_min_recall),
  },
]

function summaryTable(groups: readonly GroupMetrics[]): string {
  const fields = [...new Set(groups.flatMap((g) => g.metrics.fields.map((f) => f.field)))]
  const rows = [
    ...SUMMARY.map((s) => ({
      measure: s.title,
      ...Object.fromEntries(groups.map((g) => [g.group, s.value(g.metrics)])),
    })),
    ...fields.map((field) => ({
      measure: field,
      ...Object.fromEntries(
        groups.map((g) => [g.group, num(g.metrics.fields.find((f) => f.field === field)?.accuracy)]),
      ),
    })),
  ]
  return formatTable(
    [{ key: 'measure', title: 'measure', width: 60 }, ...groups.map((g) => ({ key: g.group, title: g.group }))],
    rows,
  )
}

const STYLE_MEASURES: { key: string; value: (m: Metrics) => string }[] = [
  { key: 'n', value: (m) => String(m.cases) },
  { key: 'all-right', value: (m) => num(m.all_right) },
  { key: 'flagged', value: (m) => num(m.flagged_share) },
  { key: 'precision', value: (m) => num(m.flag_precision) },
  { key: 'recall', value: (m) => num(m.flag_recall) },
  { key: 'ECE', value: (m) => num(m.ece) },
]

function styleTable(groups: readonly GroupMetrics[]): string {
  const styles = [...new Set(groups.flatMap((g) => g.byStyle.map((s) => s.style)))].sort()
  const columns = groups.flatMap((g) =>
    STYLE_MEASURES.map((s) => ({ key: `${g.group} ${s.key}`, title: `${g.group} ${s.key}` })),
  )
  const rows = styles.map((style) => ({
    style,
    ...Object.fromEntries(
      groups.flatMap((g) => {
        const m = g.byStyle.find((s) => s.style === style)?.metrics
        return STYLE_MEASURES.map((s) => [`${g.group} ${s.key}`, m ? s.value(m) : ''])
      }),
    ),
  }))
  return formatTable([{ key: 'style', title: 'catalogue style' }, ...columns], rows)
}

function reliabilityTable(groups: readonly GroupMetrics[]): string {
  const bins = groups[0]?.metrics.reliability ?? []
  const columns = groups.flatMap((g) => [
    { key: `${g.group} n`, title: `${g.group} n` },
    { key: `${g.group} conf`, title: `${g.group} mean conf` },
    { key: `${g.group} right`, title: `${g.group} all-right` },
  ])
  const rows = bins.map((bin, k) => ({
    bin: `${bin.lo.toFixed(1)}–${bin.hi.toFixed(1)}`,
    ...Object.fromEntries(
      groups.flatMap((g) => {
        const b = g.metrics.reliability[k]!
        return [
          [`${g.group} n`, String(b.count)],
          [`${g.group} conf`, num(b.mean_confidence)],
          [`${g.group} right`, num(b.all_right_rate)],
        ]
      }),
    ),
  }))
  return formatTable([{ key: 'bin', title: 'confidence' }, ...columns], rows)
}

export function formatGroups(groups: readonly GroupMetrics[], title: string): string {
  const split = groups.some((g) => g.group !== 'all')
  return [
    `${title}`,
    split
      ? 'dev is training data (the rules were tuned on it: its figures are optimistic); calibration and test_fit are where confidence and the threshold were fitted (no rule is tuned on them, so their accuracy is held out for the rules; their ECE here is in-sample, npm run calibrate prints the cross-fitted one); test is held out and only scored; blind is held out too, labelled from TAXONOMY.md alone by readers who saw no convention, rule or fixture of ours.'
      : 'no split.json beside these cases: one group of all of them.',
    '',
    summaryTable(groups),
    '',
    'per catalogue style:',
    styleTable(groups),
    '',
    'reliability (confidence bin → share of records with every labelled field right):',
    reliabilityTable(groups),
  ].join('\n')
}
