import { inferTime } from '../../normalize/time'
import { seenInFit, stageProbability, timeFeatures } from '../../rules/index'
import {
  CUMULATIVE_PATTERNS,
  REPORTING_FREQUENCIES,
  type CumulativePattern,
  type ReportingFrequency,
} from '../../taxonomy/enums'
import { consultLlm, RULES_PROVENANCE } from '../llm-consult'
import { MAX_SAMPLES, sampleList } from '../llm-prompts'
import type { StageDef, StageItem, TimeResult } from '../types'
import { answerConfidence, answerTail, normalized, perIndicator, reasonOr } from './shared'

/**
 * The item line shows the last few samples; a year's worth is what a yearly reset (year-to-date) needs. It is sent
 * only when the rules are in doubt: the series is part of the question, so it would make every indicator of a
 * catalogue a question of its own and defeat de-duplication.
 */
const doubtful = (r: TimeResult) =>
  r.cumulative_pattern === 'unknown' || r.conflicts.length > 0 || r.frequency_source === 'default'

/**
 * inferTime's top confidence. With the frequency read from the periodicity it is given only where at least three
 * sample dates agree with it (normalize/time's decideFrequency) and the cumulative verdict is one the samples could
 * have contradicted (annual, or a series across a year start that shows no reset).
 */
const CERTAIN = 0.95

/**
 * The rules settled the time fields: periodicity and the sample dates name the same frequency, nothing conflicts and
 * the cumulative verdict is certain, as inferTime has already found. The question would show the model no more than
 * the rules read (three samples), so no mode asks it.
 */
export const timeSettledByRules = (r: TimeResult): boolean =>
  r.frequency_source === 'periodicity' && r.conflicts.length === 0 && r.confidence >= CERTAIN

const TIME_SAMPLES = 14
function longerSeries(item: StageItem): string {
  const samples = item.input.sample_values ?? []
  if (samples.length <= MAX_SAMPLES) return ''
  return ` series=${sampleList(samples.slice(-TIME_SAMPLES))}`
}

/** The line shows the periodicity: a frequency read from it is seen to be, and only another source is news. */
const sourceNews = (r: TimeResult) => (r.frequency_source === 'periodicity' ? '' : ` (from ${r.frequency_source})`)

const timeRules = perIndicator((item) => {
  const inferred = inferTime({
    name: normalized(item).name,
    description: item.input.description,
    periodicity: item.input.periodicity,
    frequency_hint: normalized(item).units.frequency_hint,
    sample_values: item.input.sample_values,
  })
  const features = timeFeatures(inferred, item.input.sample_values?.length ?? 0)
  const result: TimeResult = { ...inferred, evidence: features, ...RULES_PROVENANCE }
  // The stage's confidence is its calibrated probability, like the family's and type's, so hybrid's threshold
  // compares like with like. Evidence the calibration never saw (no frequency evidence at all, periodicity against
  // the dates) has nothing to calibrate from, and keeps the rules' own doubt when that is lower.
  const { probability } = stageProbability('time', features)
  return {
    result,
    confidence: seenInFit('time', features) ? probability : Math.min(probability, inferred.confidence),
  }
})

export const timeStage: StageDef = {
  name: 'time',
  run: async (items, ctx) =>
    consultLlm<TimeResult>(items, await timeRules(items, ctx), ctx.llm, {
      stage: 'time',
      instructions:
        'For each item give its frequency (reporting_frequency: units time words, then periodicity, then the spacing of the sample dates; when periodicity and dates disagree the dates win), ' +
        'whether the values are cumulative (year-to-date: the name says YTD/year-to-date, or the values rise within each year and reset at the year start; a steady rise without reset is not) ' +
        'and the pattern (cumulative_pattern, none when not cumulative).',
      answerSchema: (z) =>
        z.object({
          frequency: z.enum(REPORTING_FREQUENCIES),
          cumulative: z.boolean(),
          pattern: z.enum(CUMULATIVE_PATTERNS),
          ...answerTail(z),
        }),
      schema_name: 'time_answers',
      shows: { periodicity: true, samples: 'dated' },
      settled: timeSettledByRules,
      rulesView: (r, item) =>
        `frequency=${r.reporting_frequency}${sourceNews(r)} cumulative=${r.is_cumulative ? r.cumulative_pattern : 'no'}` +
        (r.conflicts.length > 0 ? ` conflicts=${JSON.stringify(r.conflicts.join('; '))}` : '') +
        (doubtful(r) ? longerSeries(item) : ''),
      merge: (r, answer) => {
        const is_cumulative = Boolean(answer.cumulative)
        const pattern = answer.pattern as CumulativePattern
        // is_cumulative is the decision; a pattern that contradicts it is read in its light.
        const cumulative_pattern: CumulativePattern = !is_cumulative ? 'none' : pattern === 'none' ? 'unknown' : pattern
        return {
          result: {
            ...r,
            reporting_frequency: answer.frequency as ReportingFrequency,
            frequency_source: 'llm',
            evidence: {},
            is_cumulative,
            cumulative_pattern,
            confidence: answerConfidence(answer),
            reason: reasonOr(
              answer,
              answer.frequency === r.reporting_frequency
                ? r.reason
                : `frequency ${String(answer.frequency)} by the model`,
            ),
          },
          confidence: answerConfidence(answer),
        }
      },
    }),
}
