import { parseSampleDate } from '../normalize/dates'
import type { IndicatorInput } from '../taxonomy/index'
import type { Issue } from './http'

const FORMS =
  'a calendar date (2024-07-31, ISO timestamp) or period (2024, 2024-07, 2024M07, 2024-Q3, 2024-H2, 2024-W05)'

/** Every sample date that is not a real calendar date or period, named by its path. */
export function sampleDateIssues(indicators: readonly IndicatorInput[]): Issue[] {
  // A catalogue repeats the same dates across thousands of series: each distinct label is parsed once.
  const isDate = new Map<string, boolean>()
  const issues: Issue[] = []
  indicators.forEach((indicator, i) =>
    indicator.sample_values?.forEach(({ date }, j) => {
      let ok = isDate.get(date)
      if (ok === undefined) isDate.set(date, (ok = parseSampleDate(date) !== null))
      if (!ok)
        issues.push({
          path: `indicators.${i}.sample_values.${j}.date`,
          message: `${JSON.stringify(date)} is not ${FORMS}`,
        })
    }),
  )
  return issues
}
