import type { CumulativePattern, ReportingFrequency, SampleValue } from '../taxonomy/index'
import { datedSeries, type DatedValue } from './dates'

export interface CumulativeVerdict {
  is_cumulative: boolean
  cumulative_pattern: CumulativePattern
  reason: string
}

export interface CumulativeAssessment extends CumulativeVerdict {
  confidence: number
  conflict?: string
}

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const BEFORE_DEC = '(?:feb|mar|apr|may|jun|jul|aug|sep|oct|nov)[a-z]*'

// TAXONOMY §3 "Year-to-date series"; descriptions count too, as they often carry the only cue.
const YTD_CUE = new RegExp(
  [
    '\\b[fc]?ytd\\b',
    '\\b(?:year|fy)[\\s-]*to[\\s-]*date\\b', // also fiscal-/calendar-year-to-date
    `\\b${MONTH}[\\s-]+to[\\s-]+date\\b`,
    `\\bcumulative (?:since|from) (?:the (?:start|beginning) of the (?:fiscal |calendar )?year|${MONTH}\\b)`,
    '\\b(?:since|from) the (?:start|beginning) of the (?:fiscal |calendar )?year\\b',
    '\\bso far this year\\b',
    // Spanish and Portuguese: "acumulado en el año", "Acumulado del año", "acumulado no ano"
    '\\bacumulad[oa]s? (?:no|en el|del) a[ñn]o\\b',
    // NBS "累计值" (accumulated value): the sum since January
    '累计值',
    // China-style "Jan-Feb", "January-May" cumulations; Jan-Dec would be a plain annual total
    `\\bjan(?:uary)?\\.?\\s*(?:-|–|—|to|through|thru)\\s*${BEFORE_DEC}\\b`,
  ].join('|'),
  'i',
)
const RUNNING_TOTAL_CUE =
  /\brunning[\s-]+total\b|\bsince (?:inception|launch|the start of the (?:programme|program|pandemic|outbreak))\b|\bcumulative since (?:\d{4}|inception)\b/i
const ROLLING_CUE = /\b(?:rolling|trailing|moving)\b|\b(?:12|twelve)[\s-]*months?\b/i
const CUMULATIVE_WORD = /\bcumulative\b|\baccumulated\b/i
// "Cumulative" beside these nouns names a level (TAXONOMY §3: cumulative installed capacity).
const LEVEL_NOUN = /\b(?:capacity|installed|reserves?|stocks?|outstanding|inventor(?:y|ies)|holdings?|debt)\b/i

// A YTD series restarts near zero; semiannual YTD only halves, so it gets a looser bar.
const dropRatio = (frequency: ReportingFrequency) => (frequency === 'semiannual' ? 0.65 : 0.5)
// Revisions and rounding can nudge a YTD figure down by a hair.
const NOISE = 0.01
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

interface ResetFit {
  startMonth: number
  boundaries: number
}

/** The year-start month at which the values reset and between which they only rise, if any. */
function findYearlyReset(series: readonly DatedValue[], frequency: ReportingFrequency): ResetFit | null {
  const ratio = dropRatio(frequency)
  const hasDrop = series.some((p, i) => i > 0 && series[i - 1]!.value > 0 && p.value < ratio * series[i - 1]!.value)
  if (!hasDrop) return null
  // Calendar years first; fiscal years (April, July, October...) only if January does not fit.
  for (let startMonth = 1; startMonth <= 12; startMonth++) {
    const yearOf = (p: DatedValue) => (p.month >= startMonth ? p.year : p.year - 1)
    let boundaries = 0
    let steps = 0
    let rises = 0
    let fits = true
    for (let i = 1; i < series.length && fits; i++) {
      const prev = series[i - 1]!
      const cur = series[i]!
      if (yearOf(cur) !== yearOf(prev)) {
        boundaries++
        fits = prev.value > 0 && cur.value < ratio * prev.value
      } else {
        steps++
        if (cur.value > prev.value) rises++
        fits = cur.value >= prev.value - NOISE * Math.abs(prev.value)
      }
    }
    // One drop could be a crash; an off-January year start must be seen resetting twice.
    const enoughResets = boundaries >= (startMonth === 1 ? 1 : 2)
    if (fits && enoughResets && rises >= 2 && rises >= 0.6 * steps) return { startMonth, boundaries }
  }
  return null
}

const spansYearBoundary = (series: readonly DatedValue[]) =>
  series.length >= 2 && series[series.length - 1]!.year > series[0]!.year

/** detectCumulative plus what inferTime alone knows (description, level-ness) and a confidence. */
export function assessCumulative(
  name: string,
  description: string | undefined,
  series: readonly DatedValue[],
  frequency: ReportingFrequency,
  isStockLike = false,
): CumulativeAssessment {
  const ytdCue = YTD_CUE.exec(name) ?? (description ? YTD_CUE.exec(description) : null)
  if (ytdCue) {
    return {
      is_cumulative: true,
      cumulative_pattern: 'ytd',
      confidence: 0.9,
      reason: `the name says "${ytdCue[0]}", a year-to-date series`,
    }
  }

  const reset = frequency === 'annual' ? null : findYearlyReset(series, frequency)
  if (reset) {
    const start = MONTH_NAMES[reset.startMonth - 1]!
    const verdict: CumulativeAssessment = {
      is_cumulative: true,
      cumulative_pattern: 'ytd',
      confidence: reset.boundaries >= 2 ? 0.85 : 0.75,
      reason: `sample values rise within each year and drop sharply at the ${start} year start (${reset.boundaries} resets), a year-to-date series`,
    }
    if (isStockLike)
      verdict.conflict = `the name describes a level but sample values reset every ${start} like a year-to-date series`
    return verdict
  }

  const cumulativeWord = CUMULATIVE_WORD.exec(name)
  const runningCue = RUNNING_TOTAL_CUE.exec(name)
  if ((cumulativeWord || runningCue) && (isStockLike || LEVEL_NOUN.test(name))) {
    const word = (cumulativeWord ?? runningCue)![0]
    return {
      is_cumulative: false,
      cumulative_pattern: 'none',
      confidence: 0.85,
      reason: `"${word}" describes the level of a stock or capacity, not a year-to-date flow`,
    }
  }
  if (runningCue) {
    return {
      is_cumulative: true,
      cumulative_pattern: 'running-total',
      confidence: 0.85,
      reason: `the name says "${runningCue[0]}", a running total`,
    }
  }
  if (cumulativeWord && ROLLING_CUE.test(name)) {
    return {
      is_cumulative: false,
      cumulative_pattern: 'none',
      confidence: 0.75,
      reason: `"${cumulativeWord[0]}" over a rolling window is a moving sum, not a year-to-date series`,
    }
  }
  if (cumulativeWord) {
    return {
      is_cumulative: true,
      cumulative_pattern: 'unknown',
      confidence: 0.5,
      reason: `the name says "${cumulativeWord[0]}" without saying since when, and the sample values show no yearly reset`,
    }
  }

  if (frequency === 'annual') {
    return {
      is_cumulative: false,
      cumulative_pattern: 'none',
      confidence: 0.95,
      reason: 'annual values have no year to date and the name has no cumulative cue',
    }
  }
  if (spansYearBoundary(series)) {
    return {
      is_cumulative: false,
      cumulative_pattern: 'none',
      confidence: 0.95,
      reason: 'no cumulative cue in the name and the sample values show no yearly reset',
    }
  }
  return {
    is_cumulative: false,
    cumulative_pattern: 'none',
    confidence: 0.85,
    reason: 'no cumulative cue in the name and too few dated sample values to test for a yearly reset',
  }
}

/** TAXONOMY §3/§4: year-to-date from the name, else from values that rise within each year and reset at its start. */
export function detectCumulative(
  name: string,
  sample_values: SampleValue[] | undefined,
  frequency: ReportingFrequency,
): CumulativeVerdict {
  const { is_cumulative, cumulative_pattern, reason } = assessCumulative(
    name,
    undefined,
    datedSeries(sample_values),
    frequency,
  )
  return { is_cumulative, cumulative_pattern, reason }
}
