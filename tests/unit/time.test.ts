import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSampleDate } from '../../src/normalize/dates'
import { detectCumulative, frequencyFromDates, inferTime, parsePeriodicity } from '../../src/normalize/time'
import type { SampleValue } from '../../src/taxonomy/index'

const DAY_MS = 86_400_000
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
const dayOf = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS

// Deterministic so a failure reproduces.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const everyNDays = (start: string, n: number, count: number, value = (i: number) => 100 + i): SampleValue[] =>
  Array.from({ length: count }, (_, i) => ({ date: iso(dayOf(start) + i * n), value: value(i) }))

const weekdays = (start: string, count: number): SampleValue[] => {
  const out: SampleValue[] = []
  for (let day = dayOf(start); out.length < count; day++) {
    const weekday = new Date(day * DAY_MS).getUTCDay()
    if (weekday !== 0 && weekday !== 6) out.push({ date: iso(day), value: out.length })
  }
  return out
}

/** Month-stepped samples from startYear-startMonth; `at` picks the day (1 = first, 0 = last of the month). */
const monthly = (
  startYear: number,
  startMonth: number,
  count: number,
  value: (i: number, month: number) => number,
  at = 1,
  step = 1,
) =>
  Array.from({ length: count }, (_, i) => {
    const m0 = startMonth - 1 + i * step
    const year = startYear + Math.floor(m0 / 12)
    const month = (m0 % 12) + 1
    const day = at === 0 ? Date.UTC(year, month, 0) / DAY_MS : Date.UTC(year, month - 1, at) / DAY_MS
    return { date: iso(day), value: value(i, month) }
  })

/** Year-to-date cumulation of positive monthly flows, resetting at `fyStart`. */
function ytd(startYear: number, months: number, fyStart: number, flow: (i: number) => number): SampleValue[] {
  let total = 0
  return monthly(startYear, 1, months, (i, month) => (total = (month === fyStart ? 0 : total) + flow(i)), 0)
}

describe('parsePeriodicity', () => {
  const cases: Array<[string | null | undefined, string | null]> = [
    ['Daily', 'daily'],
    ['D', 'daily'],
    ['business daily', 'daily'],
    ['Weekly', 'weekly'],
    ['W', 'weekly'],
    ['W-FRI', 'weekly'],
    ['Monthly', 'monthly'],
    ['M', 'monthly'],
    ['monthly, seasonally adjusted annual rate', 'monthly'],
    ['P1M', 'monthly'],
    ['Quarterly', 'quarterly'],
    ['Q', 'quarterly'],
    ['3M', 'quarterly'],
    ['Q-DEC', 'quarterly'],
    ['Biannual', 'semiannual'],
    ['Semiannual', 'semiannual'],
    ['Semi-annual', 'semiannual'],
    ['Half-yearly', 'semiannual'],
    ['6M', 'semiannual'],
    ['twice a year', 'semiannual'],
    ['Annual', 'annual'],
    ['Yearly', 'annual'],
    ['A', 'annual'],
    ['Y', 'annual'],
    ['12M', 'annual'],
    ['Annually', 'annual'],
    ['Irregular', 'irregular'],
    ['ad hoc', 'irregular'],
    ['Biweekly, Ending Wednesday', 'weekly'],
    ['Fortnightly', 'weekly'],
    ['Quincenal', 'weekly'],
    ['Weekly, Ending Saturday', 'weekly'],
    ['Mensal', 'monthly'],
    ['Monate', 'monthly'],
    ['mensile', 'monthly'],
    ['Trimestral', 'quarterly'],
    ['Vierteljährlich', 'quarterly'],
    ['Halbjahre', 'semiannual'],
    ['Semestriel', 'semiannual'],
    ['Jährlich', 'annual'],
    ['Anual', 'annual'],
    ['Diario', 'daily'],
    ['Bi-monthly', null],
    ['whenever', null],
    ['', null],
    [null, null],
    [undefined, null],
  ]
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parsePeriodicity(text), expected))
  }
})

describe('parseSampleDate', () => {
  const cases: Array<[string, string | null]> = [
    ['2024-03-31', '2024-03-31'],
    ['2024-03-31T23:00:00Z', '2024-03-31'],
    ['2024/3/5', '2024-03-05'],
    ['20240331', '2024-03-31'],
    ['2024-03', '2024-03-31'],
    ['2024M03', '2024-03-31'],
    ['2024-02', '2024-02-29'],
    ['2024', '2024-12-31'],
    ['2024-Q3', '2024-09-30'],
    ['2024Q3', '2024-09-30'],
    ['Q3 2024', '2024-09-30'],
    ['2024-H2', '2024-12-31'],
    ['2024-W01', '2024-01-07'],
    ['2021-W01', '2021-01-10'],
    ['2020-W53', '2021-01-03'],
    ['Mar 2024', '2024-03-31'],
    ['2024-07-15T10:20:30Z', '2024-07-15'],
    ['2024-07-15T10:20:30.123+02:00', '2024-07-15'],
    ['2024-07-15 00:00:00', '2024-07-15'],
    ['15 March 2024', '2024-03-15'],
    ['Mar 15, 2024', '2024-03-15'],
    ['last10YearsAvg', null],
    ['5yAvg', null],
    ['2024-02-30', null],
    ['2024-13', null],
    ['0012', null],
    ['latest', null],
    ['2024-13-45', null],
    ['yesterday', null],
    ['2021-W53', null],
    ['2024-07-15Tgarbage', null],
    ['2024-07-15T24:00', null],
  ]
  for (const [label, expected] of cases) {
    it(`${label} → ${expected}`, () => {
      const parsed = parseSampleDate(label)
      assert.equal(parsed ? iso(parsed.day) : null, expected)
    })
  }
})

describe('frequencyFromDates', () => {
  const freq = (samples: SampleValue[]) => frequencyFromDates(samples)?.frequency ?? null

  it('daily, calendar days', () => assert.equal(freq(everyNDays('2024-01-01', 1, 60)), 'daily'))
  it('daily, weekdays only (weekend gaps)', () => {
    const result = frequencyFromDates(weekdays('2024-01-01', 120))
    assert.deepEqual(result, { frequency: 'daily', median_days: 1, dated: 120 })
  })
  it('weekly', () =>
    assert.deepEqual(frequencyFromDates(everyNDays('2023-01-06', 7, 52)), {
      frequency: 'weekly',
      median_days: 7,
      dated: 52,
    }))
  it('every two weeks is weekly (TAXONOMY §3 biweekly); every three weeks is irregular', () => {
    assert.equal(freq(everyNDays('2023-01-06', 14, 26)), 'weekly')
    assert.equal(freq(everyNDays('2023-01-06', 21, 20)), 'irregular')
  })
  it('weekly from ISO week labels', () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({
      date: `2024-W${String(i + 1).padStart(2, '0')}`,
      value: i,
    }))
    assert.equal(freq(samples), 'weekly')
  })
  it('monthly, first of month', () => assert.equal(freq(monthly(2020, 1, 36, (i) => i)), 'monthly'))
  it('monthly, end of month', () => assert.equal(freq(monthly(2020, 1, 36, (i) => i, 0)), 'monthly'))
  it('monthly, YYYY-MM labels', () =>
    assert.equal(freq(monthly(2020, 1, 24, (i) => i).map((s) => ({ ...s, date: s.date.slice(0, 7) }))), 'monthly'))
  it('monthly, release days that wander', () => {
    const random = rng(7)
    const samples = monthly(2019, 1, 48, (i) => i).map((s) => ({
      ...s,
      date: iso(dayOf(s.date) + 10 + Math.floor(random() * 8)),
    }))
    assert.equal(freq(samples), 'monthly')
  })
  it('monthly with missing months still monthly (median)', () => {
    const samples = monthly(2020, 1, 36, (i) => i).filter((_, i) => ![3, 4, 10, 17, 18, 19, 30].includes(i))
    const result = frequencyFromDates(samples)
    assert.equal(result?.frequency, 'monthly')
    assert.ok(result!.median_days >= 28 && result!.median_days <= 31)
  })
  it('quarterly, period labels and end-of-quarter dates', () => {
    const labels = ['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4', '2023Q1', '2023Q2'].map((date, i) => ({
      date,
      value: i,
    }))
    assert.equal(freq(labels), 'quarterly')
    assert.equal(freq(monthly(2018, 3, 20, (i) => i, 0, 3)), 'quarterly')
  })
  it('semiannual, labels and dates', () => {
    const labels = ['2021-H1', '2021-H2', '2022-H1', '2022-H2', '2023-H1'].map((date, i) => ({ date, value: i }))
    assert.equal(freq(labels), 'semiannual')
    assert.equal(freq(monthly(2015, 6, 12, (i) => i, 0, 6)), 'semiannual')
  })
  it('annual, year labels and year-end dates', () => {
    assert.deepEqual(
      frequencyFromDates(['2019', '2020', '2021', '2022', '2023'].map((date, i) => ({ date, value: i }))),
      {
        frequency: 'annual',
        median_days: 365,
        dated: 5,
      },
    )
    assert.equal(freq(monthly(2000, 12, 20, (i) => i, 0, 12)), 'annual')
  })
  it('irregular: spacing that matches no frequency', () =>
    assert.equal(freq(everyNDays('2020-01-01', 45, 12)), 'irregular'))
  it('irregular: wildly varying spacing even when the median lands in a band', () => {
    const gaps = [30, 3, 200, 31, 12, 400, 30, 75, 5, 29, 160]
    let day = dayOf('2015-01-01')
    const samples = [{ date: iso(day), value: 0 }, ...gaps.map((gap, i) => ({ date: iso((day += gap)), value: i }))]
    assert.equal(freq(samples), 'irregular')
  })
  it('unsorted input is sorted first', () => {
    const random = rng(3)
    const samples = monthly(2020, 1, 30, (i) => i).sort(() => random() - 0.5)
    assert.deepEqual(frequencyFromDates(samples), { frequency: 'monthly', median_days: 31, dated: 30 })
  })
  it('duplicate dates are counted once', () => {
    const samples = monthly(2021, 1, 12, (i) => i)
    const result = frequencyFromDates([...samples, ...samples, { date: samples[3]!.date + 'T12:00:00Z', value: 9 }])
    assert.deepEqual(result, { frequency: 'monthly', median_days: 31, dated: 12 })
  })
  it('non-date labels are skipped', () => {
    const samples = [
      { date: 'last10YearsAvg', value: 3 },
      ...monthly(2022, 1, 12, (i) => i),
      { date: '5yAvg', value: 2 },
    ]
    assert.equal(frequencyFromDates(samples)?.dated, 12)
    assert.equal(freq(samples), 'monthly')
  })
  it('null when fewer than two dates', () => {
    assert.equal(
      frequencyFromDates([
        { date: 'last10YearsAvg', value: 1 },
        { date: '5yAvg', value: 2 },
      ]),
      null,
    )
    assert.equal(
      frequencyFromDates([
        { date: '2024-01-01', value: 1 },
        { date: 'latest', value: 2 },
      ]),
      null,
    )
    assert.equal(frequencyFromDates([]), null)
  })
})

describe('detectCumulative from values', () => {
  it('monthly YTD resetting each January → ytd', () => {
    const random = rng(11)
    const result = detectCumulative(
      'Exports',
      ytd(2021, 36, 1, () => 80 + random() * 40),
      'monthly',
    )
    assert.equal(result.cumulative_pattern, 'ytd')
    assert.equal(result.is_cumulative, true)
    assert.match(result.reason, /January/)
  })
  it('monthly YTD on a fiscal year starting in April → ytd', () => {
    const result = detectCumulative(
      'Tax receipts',
      ytd(2020, 40, 4, (i) => 50 + (i % 5)),
      'monthly',
    )
    assert.equal(result.cumulative_pattern, 'ytd')
    assert.match(result.reason, /April/)
  })
  it('quarterly YTD → ytd', () => {
    let total = 0
    const samples = monthly(2019, 3, 16, (_, month) => (total = (month === 3 ? 0 : total) + 25), 0, 3)
    assert.equal(detectCumulative('Government revenue', samples, 'quarterly').cumulative_pattern, 'ytd')
  })
  it('YTD with a missing January and unsorted dates → ytd', () => {
    const random = rng(5)
    const samples = ytd(2021, 36, 1, () => 10)
      .filter((s) => s.date !== '2022-01-31')
      .sort(() => random() - 0.5)
    assert.equal(detectCumulative('Imports', samples, 'monthly').cumulative_pattern, 'ytd')
  })
  it('reserves growing 1%/month for 3 years → none', () => {
    const result = detectCumulative(
      'Foreign exchange reserves',
      monthly(2021, 1, 36, (i) => 1000 * 1.01 ** i),
      'monthly',
    )
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [false, 'none'])
  })
  it('noisy level (random walk) → none', () => {
    const random = rng(13)
    let level = 100
    const samples = monthly(2018, 1, 60, () => (level *= 1 + (random() - 0.5) * 0.06))
    assert.equal(detectCumulative('Industrial production', samples, 'monthly').cumulative_pattern, 'none')
  })
  it('strongly seasonal flow (dips mid-year) → none', () => {
    const samples = monthly(2019, 1, 48, (_, month) => 100 + 60 * Math.sin((month / 12) * 2 * Math.PI))
    assert.equal(detectCumulative('Tourist arrivals', samples, 'monthly').cumulative_pattern, 'none')
  })
  it('one crash inside a year is not a fiscal-year reset', () => {
    const samples = monthly(2022, 1, 11, (i) => (i < 6 ? 100 + i * 10 : 40 + i * 5))
    assert.equal(detectCumulative('Equity market capitalisation', samples, 'monthly').cumulative_pattern, 'none')
  })
  it('annual values are never YTD by value', () => {
    const samples = monthly(2000, 12, 10, (i) => (i % 2 ? 10 : 100), 0, 12)
    assert.equal(detectCumulative('Exports', samples, 'annual').cumulative_pattern, 'none')
  })
  it('too little data → none, saying so', () => {
    const result = detectCumulative(
      'Exports',
      monthly(2024, 2, 4, (i) => i + 1),
      'monthly',
    )
    assert.equal(result.cumulative_pattern, 'none')
    assert.match(result.reason, /too few/)
  })
})

describe('detectCumulative from the name', () => {
  const ytdNames = [
    'Exports YTD',
    'Budget Balance (FYTD)',
    'Receipts, FY-to-date',
    'Federal deficit, fiscal-year-to-date',
    'Government spending year to date',
    'Tax revenue April-to-date',
    'Industrial output Jan-May',
    'Fixed asset investment January-November',
    'Revenue, cumulative since January',
  ]
  for (const name of ytdNames) {
    it(`${name} → ytd`, () => assert.equal(detectCumulative(name, undefined, 'monthly').cumulative_pattern, 'ytd'))
  }
  it('Cumulative installed capacity is a level → none', () => {
    const samples = monthly(2020, 1, 36, (i) => 500 + 5 * i)
    const result = detectCumulative('Cumulative installed capacity', samples, 'monthly')
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [false, 'none'])
    assert.match(result.reason, /level/)
  })
  it('running total since inception → running-total', () => {
    assert.equal(
      detectCumulative('Vaccinations, running total', undefined, 'daily').cumulative_pattern,
      'running-total',
    )
    assert.equal(
      detectCumulative('Fund disbursements since inception', undefined, 'monthly').cumulative_pattern,
      'running-total',
    )
  })
  it('bare "cumulative" without a yearly reset → unknown', () => {
    const result = detectCumulative(
      'Cumulative COVID-19 cases',
      everyNDays('2021-01-01', 1, 30, (i) => i * 10),
      'daily',
    )
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [true, 'unknown'])
  })
  it('12-month cumulative is a rolling sum → none', () => {
    assert.equal(
      detectCumulative('Current account, 12-month cumulative', undefined, 'monthly').cumulative_pattern,
      'none',
    )
  })
  it('"Jan-Dec" is an annual total, not YTD', () => {
    assert.equal(detectCumulative('Exports Jan-Dec', undefined, 'annual').cumulative_pattern, 'none')
  })
})

describe('inferTime', () => {
  it('periodicity and dates agree → high confidence, no conflicts', () => {
    const result = inferTime({
      name: 'CPI',
      periodicity: 'Monthly',
      sample_values: monthly(2021, 1, 36, (i) => 100 + i),
    })
    assert.equal(result.reporting_frequency, 'monthly')
    assert.ok(result.confidence >= 0.9, `confidence ${result.confidence}`)
    assert.deepEqual(result.conflicts, [])
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [false, 'none'])
  })
  it('dates win over a disagreeing periodicity, and the conflict is recorded', () => {
    const result = inferTime({
      name: 'Jobless claims',
      periodicity: 'Monthly',
      sample_values: everyNDays('2024-01-05', 7, 30),
    })
    assert.equal(result.reporting_frequency, 'weekly')
    assert.equal(result.frequency_source, 'dates')
    assert.deepEqual(result.conflicts, ['periodicity says monthly but sample dates are weekly (7 d median)'])
    assert.ok(result.confidence < 0.9)
  })
  it('irregularly spaced dates do not overrule a declared periodicity', () => {
    const result = inferTime({ name: 'GDP', periodicity: 'Quarterly', sample_values: everyNDays('2020-01-01', 45, 8) })
    assert.equal(result.reporting_frequency, 'quarterly')
    assert.equal(result.conflicts.length, 1)
  })
  it('gaps on the stated grid keep the stated periodicity (TAXONOMY §3)', () => {
    const years = ['2011', '2013', '2015', '2017', '2019', '2021'].map((date, i) => ({
      date: `${date}-12-31`,
      value: 10 + i,
    }))
    const survey = inferTime({ name: 'Poverty rate', periodicity: 'Annual', sample_values: years })
    assert.deepEqual(
      [survey.reporting_frequency, survey.frequency_source, survey.conflicts],
      ['annual', 'periodicity', []],
    )
    const quarterly = inferTime({
      name: 'GDP',
      periodicity: 'Quarterly',
      sample_values: everyNDays('2020-01-01', 182, 8),
    })
    assert.equal(quarterly.reporting_frequency, 'quarterly')
    assert.deepEqual(quarterly.conflicts, [])
  })
  it('two dates alone are weak evidence and never overrule periodicity', () => {
    const samples = [
      { date: '2023-01-01', value: 1 },
      { date: '2024-01-01', value: 2 },
    ]
    assert.equal(inferTime({ name: 'GDP', periodicity: 'Q', sample_values: samples }).reporting_frequency, 'quarterly')
    const alone = inferTime({ name: 'GDP', sample_values: samples })
    assert.deepEqual([alone.reporting_frequency, alone.frequency_source, alone.confidence], ['annual', 'dates', 0.5])
  })
  it('frequency_hint from units wins over periodicity and dates, recording both conflicts', () => {
    const result = inferTime({
      name: 'GDP',
      frequency_hint: 'quarterly',
      periodicity: 'Annual',
      sample_values: monthly(2021, 1, 24, (i) => i),
    })
    assert.equal(result.reporting_frequency, 'quarterly')
    assert.equal(result.frequency_source, 'units')
    assert.equal(result.conflicts.length, 2)
    assert.ok(result.confidence < 0.9)
  })
  it('frequency_hint alone', () => {
    const result = inferTime({ name: 'GDP', frequency_hint: 'quarterly' })
    assert.deepEqual(
      [result.reporting_frequency, result.frequency_source, result.conflicts],
      ['quarterly', 'units', []],
    )
  })
  it('periodicity alone', () => {
    const result = inferTime({ name: 'Population', periodicity: 'Yearly' })
    assert.deepEqual([result.reporting_frequency, result.frequency_source], ['annual', 'periodicity'])
  })
  it('dates alone', () => {
    const result = inferTime({ name: 'Brent', sample_values: weekdays('2024-03-01', 40) })
    assert.deepEqual([result.reporting_frequency, result.frequency_source], ['daily', 'dates'])
  })
  it('nothing → annual at 0.3, saying so', () => {
    const result = inferTime({ name: 'Mystery', periodicity: 'whenever' })
    assert.deepEqual(
      [result.reporting_frequency, result.frequency_source, result.confidence],
      ['annual', 'default', 0.3],
    )
    assert.match(result.reason, /assumed/)
    assert.match(result.reason, /whenever/)
  })
  it('YTD found in values, with reason naming it', () => {
    const result = inferTime({ name: 'Exports', periodicity: 'Monthly', sample_values: ytd(2021, 36, 1, () => 100) })
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [true, 'ytd'])
    assert.match(
      result.reason,
      /^Periodicity and sample dates agree on monthly .*; sample values rise within each year/,
    )
  })
  it('YTD cue in the description counts', () => {
    const result = inferTime({
      name: 'Budget balance',
      description: 'Central government balance, fiscal year to date.',
      periodicity: 'M',
    })
    assert.equal(result.cumulative_pattern, 'ytd')
  })
  it('is_stock_like: "cumulative" describes the level', () => {
    const result = inferTime({ name: 'Cumulative wind power', is_stock_like: true, periodicity: 'Annual' })
    assert.deepEqual([result.is_cumulative, result.cumulative_pattern], [false, 'none'])
  })
  it('is_stock_like but values reset yearly: YTD kept, conflict recorded', () => {
    const result = inferTime({ name: 'Gold holdings', is_stock_like: true, sample_values: ytd(2021, 36, 1, () => 5) })
    assert.equal(result.cumulative_pattern, 'ytd')
    assert.equal(result.conflicts.length, 1)
  })
  it('every result is one sentence with a confidence in 0..1', () => {
    const result = inferTime({ name: 'x', sample_values: everyNDays('2020-01-01', 91, 10) })
    assert.equal(result.reason.split('. ').length, 1)
    assert.ok(result.reason.endsWith('.'))
    assert.ok(result.confidence > 0 && result.confidence <= 1)
  })
  it('10,000 indicators with 120 samples each stay fast', () => {
    const samples = ytd(2015, 120, 1, (i) => 10 + (i % 7))
    const started = performance.now()
    for (let i = 0; i < 10_000; i++)
      inferTime({ name: `Indicator ${i}`, periodicity: 'Monthly', sample_values: samples })
    const elapsed = performance.now() - started
    assert.ok(elapsed < 5000, `${elapsed.toFixed(0)} ms`)
  })
})
