import type { ReportingFrequency, SampleValue } from '../taxonomy/index'

/** A sample date pinned to one UTC day; period labels (2024-Q3, 2024-03, 2024, 2024-W05) pin to the period's last day. */
export interface ParsedDate {
  day: number // days since 1970-01-01
  year: number
  month: number // 1..12
}

export interface DatedValue extends ParsedDate {
  value: number
}

const DAY_MS = 86_400_000

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
}

// A day, optionally with a time of day and a zone as ISO 8601 timestamps and database exports write them.
const ISO_DAY =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d|60)(?:[.,]\d+)?)?\s?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/i
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/
const YEAR_MONTH = /^(\d{4})(?:[-/.]?M|[-/.])?(\d{1,2})$/i
const QUARTER = /^(\d{4})[-\s/:]?Q([1-4])$|^Q([1-4])[-\s/:]?(\d{4})$/i
const HALF = /^(\d{4})[-\s/:]?[HS]([12])$|^[HS]([12])[-\s/:]?(\d{4})$/i
const ISO_WEEK = /^(\d{4})[-\s]?W(\d{1,2})$/i
const YEAR = /^(?:FY\s?)?(\d{4})$/i
// "Mar 2024", "March 2024", "15 Mar 2024", "Mar 15, 2024"
const NAMED_MONTH = /^(?:(\d{1,2})\s+)?([a-z]{3,9})\.?(?:\s+(\d{1,2}),?)?[\s-]+(\d{4})$/i

// Years outside this window are codes or typos, not calendar years.
const plausibleYear = (year: number) => year >= 1800 && year < 2200

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
const daysInMonth = (year: number, month: number) => (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!)

/** The given day, or the month's last day when none is given. */
function pin(year: number, month: number, dayOfMonth?: number): ParsedDate | null {
  if (!plausibleYear(year) || month < 1 || month > 12) return null
  dayOfMonth ??= daysInMonth(year, month)
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return null
  return { day: Date.UTC(year, month - 1, dayOfMonth) / DAY_MS, year, month }
}

const isoWeekday = (day: number) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7 // Monday 0

function isoWeekSunday(year: number, week: number): ParsedDate | null {
  if (!plausibleYear(year) || week < 1) return null
  // ISO week 1 is the week holding 4 January; 28 December always falls in the year's last week (52 or 53).
  const jan4 = Date.UTC(year, 0, 4) / DAY_MS
  const week1Monday = jan4 - isoWeekday(jan4)
  if (week > Math.floor((Date.UTC(year, 11, 28) / DAY_MS - week1Monday) / 7) + 1) return null
  const day = week1Monday + (week - 1) * 7 + 6
  const date = new Date(day * DAY_MS)
  return { day, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 }
}

/** Calendar date of a sample label, or null for labels that are not dates (last10YearsAvg, 5yAvg). */
export function parseSampleDate(label: string): ParsedDate | null {
  const text = label.trim()
  let m = ISO_DAY.exec(text) ?? COMPACT_DAY.exec(text)
  if (m) return pin(Number(m[1]), Number(m[2]), Number(m[3]))
  if ((m = YEAR.exec(text))) return pin(Number(m[1]), 12)
  if ((m = YEAR_MONTH.exec(text))) return pin(Number(m[1]), Number(m[2]))
  if ((m = QUARTER.exec(text))) {
    const quarter = Number(m[2] ?? m[3])
    return pin(Number(m[1] ?? m[4]), quarter * 3)
  }
  if ((m = HALF.exec(text))) {
    const half = Number(m[2] ?? m[3])
    return pin(Number(m[1] ?? m[4]), half * 6)
  }
  if ((m = ISO_WEEK.exec(text))) return isoWeekSunday(Number(m[1]), Number(m[2]))
  if ((m = NAMED_MONTH.exec(text))) {
    const month = MONTHS[m[2]!.toLowerCase()]
    if (month === undefined || (m[1] && m[3])) return null
    const day = m[1] ?? m[3]
    return pin(Number(m[4]), month, day === undefined ? undefined : Number(day))
  }
  return null
}

/** Dated samples sorted by day, one per day (the last given wins, as revisions come later). */
export function datedSeries(samples: readonly SampleValue[] | undefined): DatedValue[] {
  if (!samples || samples.length === 0) return []
  const dated: DatedValue[] = []
  for (const sample of samples) {
    const date = parseSampleDate(sample.date)
    if (date) dated.push({ day: date.day, year: date.year, month: date.month, value: sample.value })
  }
  // The sort is stable, so among equal days the last one given sorts last.
  dated.sort((a, b) => a.day - b.day)
  return dated.filter((p, i) => i === dated.length - 1 || dated[i + 1]!.day !== p.day)
}

interface Band {
  frequency: ReportingFrequency
  nominal: number
  lo: number
  hi: number
}
// Bands are wide enough for release-day dates (15 Jan, 14 Feb...) and end-of-period dates.
const BANDS: Band[] = [
  { frequency: 'weekly', nominal: 7, lo: 5, hi: 9 },
  // Every two weeks is reported as weekly (TAXONOMY §3 "Biweekly").
  { frequency: 'weekly', nominal: 14, lo: 12, hi: 16 },
  { frequency: 'monthly', nominal: 30.44, lo: 25, hi: 36 },
  { frequency: 'quarterly', nominal: 91.31, lo: 80, hi: 100 },
  { frequency: 'semiannual', nominal: 182.62, lo: 170, hi: 195 },
  { frequency: 'annual', nominal: 365.25, lo: 350, hi: 380 },
]
// Weekends and holidays leave gaps of up to this many days in a daily series.
const DAILY_MAX_GAP = 5
// Below this share of gaps fitting the median's frequency (or a multiple of it), the spacing is irregular.
const REGULAR_SHARE = 0.7

export interface DateFrequency {
  frequency: ReportingFrequency
  median_days: number
  dated: number
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function fitsBand(gap: number, band: Band): boolean {
  const perPeriod = gap / Math.max(1, Math.round(gap / band.nominal))
  return perPeriod >= band.lo && perPeriod <= band.hi
}

/** Every gap is a whole number of `frequency` periods: a regular grid with missing periods (TAXONOMY §3). */
export function fitsGrid(series: readonly ParsedDate[], frequency: ReportingFrequency): boolean {
  const band = BANDS.find((b) => b.frequency === frequency)
  if (!band || series.length < 2) return false
  for (let i = 1; i < series.length; i++) if (!fitsBand(series[i]!.day - series[i - 1]!.day, band)) return false
  return true
}

export function frequencyOfSeries(series: readonly ParsedDate[]): DateFrequency | null {
  if (series.length < 2) return null
  const gaps: number[] = []
  for (let i = 1; i < series.length; i++) gaps.push(series[i]!.day - series[i - 1]!.day)
  gaps.sort((a, b) => a - b)
  const median_days = median(gaps)
  const result = (frequency: ReportingFrequency): DateFrequency => ({ frequency, median_days, dated: series.length })

  if (median_days <= 1.5) {
    const fitting = gaps.filter((gap) => gap <= DAILY_MAX_GAP).length
    return result(fitting >= REGULAR_SHARE * gaps.length ? 'daily' : 'irregular')
  }
  const band = BANDS.find((b) => median_days >= b.lo && median_days <= b.hi)
  if (!band) return result('irregular')
  // Missing periods make gaps of whole multiples, which still fit.
  const fitting = gaps.filter((gap) => fitsBand(gap, band)).length
  return result(fitting >= REGULAR_SHARE * gaps.length ? band.frequency : 'irregular')
}

/** Frequency from the median spacing of the distinct parseable sample dates; null below two dates. */
export function frequencyFromDates(sample_values: SampleValue[]): DateFrequency | null {
  return frequencyOfSeries(datedSeries(sample_values))
}
