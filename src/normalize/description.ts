// Descriptions are evidence below units and name (TAXONOMY §3): they can settle how a value aggregates over
// its period ("average of daily figures", "end of period"), never what was measured. Year-to-date wording
// ("cumulative since January") is read by the time stage's cumulative detection.
import type { TemporalAggregation } from '../taxonomy/index'

export interface DescribedAggregation {
  aggregation: Extract<TemporalAggregation, 'period-average' | 'point-in-time'>
  /** The words of the description that say so. */
  phrase: string
}

const PERIOD = '(?:day|week|month|quarter|year|period)'
const CUES: ReadonlyArray<readonly [RegExp, DescribedAggregation['aggregation']]> = [
  [
    new RegExp(
      [
        `\\baverages?\\s+of\\s+(?:the\\s+)?(?:daily|weekly|monthly|quarterly|business[-\\s]day|end[-\\s]of[-\\s]day)?\\s*(?:figures|rates|observations|data|values|prices|quotes|fixings|levels|(?:business[-\\s])?days)\\b`,
        `\\b(?:daily|weekly|monthly|quarterly|annual|period)\\s+averages?\\b`,
        `\\baverages?\\s+(?:for|over|during|of)\\s+the\\s+${PERIOD}\\b`,
        `\\baveraged?\\s+over\\s+the\\s+${PERIOD}\\b`,
        `\\b${PERIOD}[-\\s]averages?\\b`,
      ].join('|'),
      'i',
    ),
    'period-average',
  ],
  [
    new RegExp(
      [
        `\\bend[-\\s]of[-\\s](?:the\\s+)?${PERIOD}\\b`,
        `\\bat\\s+the\\s+end\\s+of\\s+(?:the|each)\\s+${PERIOD}\\b`,
        `\\b(?:outstanding|held|level)\\s+(?:amounts?\\s+)?(?:at|as\\s+of)\\s+(?:the\\s+)?(?:end|close)\\b`,
      ].join('|'),
      'i',
    ),
    'point-in-time',
  ],
]

/** The aggregation a description states, the earliest cue winning ("annual averages, not end-of-period data"). */
export function describedAggregation(description: string | undefined): DescribedAggregation | null {
  if (!description) return null
  let best: (DescribedAggregation & { at: number }) | null = null
  for (const [pattern, aggregation] of CUES) {
    const m = pattern.exec(description)
    if (m && (!best || m.index < best.at)) best = { aggregation, phrase: m[0], at: m.index }
  }
  return best && { aggregation: best.aggregation, phrase: best.phrase }
}
