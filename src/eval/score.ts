import { SCORED_FIELDS, type LabelledCase, type ScoredField } from './labelled'

/** What scoring reads from a classifier's answer: the pipeline's ClassifiedIndicator fits. */
export type ScoredResult = {
  indicator_id: string
  status: string
  error?: string | null
  reasoning?: string
  confidence?: number
  review_status?: string
} & Partial<Record<ScoredField, unknown>>

export interface FieldScore {
  field: ScoredField
  correct: number
  total: number
  accuracy: number
}

export interface Miss {
  id: string
  name: string
  units: string | null
  field: ScoredField
  expected: unknown
  got: unknown
  reasoning: string
}

export interface ScoreReport {
  cases: number
  fields: FieldScore[]
  misses: Miss[]
}

/** Per-field accuracy over the fields the labels state, and every miss with the classifier's reasoning. */
export function scoreResults(labelled: readonly LabelledCase[], results: readonly ScoredResult[]): ScoreReport {
  const byId = new Map(results.map((r) => [r.indicator_id, r]))
  const tally = new Map<ScoredField, { correct: number; total: number }>()
  const misses: Miss[] = []
  for (const { indicator, expected } of labelled) {
    const result = byId.get(indicator.indicator_id)
    for (const field of SCORED_FIELDS) {
      if (expected[field] === undefined) continue
      const t = tally.get(field) ?? { correct: 0, total: 0 }
      tally.set(field, t)
      t.total++
      const got = !result
        ? 'no result'
        : result.status === 'completed'
          ? result[field]
          : `failed: ${result.error ?? 'unknown error'}`
      if (got === expected[field]) {
        t.correct++
        continue
      }
      misses.push({
        id: indicator.indicator_id,
        name: indicator.name,
        units: indicator.units ?? null,
        field,
        expected: expected[field],
        got,
        reasoning: result?.reasoning ?? '',
      })
    }
  }
  const fields = SCORED_FIELDS.filter((f) => tally.has(f)).map((field) => {
    const { correct, total } = tally.get(field)!
    return { field, correct, total, accuracy: correct / total }
  })
  return { cases: labelled.length, fields, misses }
}

export function accuracyOf(report: ScoreReport, field: ScoredField): number | undefined {
  return report.fields.find((f) => f.field === field)?.accuracy
}
