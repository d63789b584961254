import { parseSampleDate } from '../normalize/dates'
import type { IndicatorInput } from '../taxonomy/index'
import type { Issue } from './http'

const FORMS =
  'a calendar date (2024-07-31, ISO timestamp) or period (2024, 2024-07, 2024M07, 2024-Q3, 2024-H2, 2024-W05)'

/** Every sample date that is not a real calendar date or period, named by its path. */
export function sampleDateIssues(indicators: readonly IndicatorInput[]): Issue[] {
  return indicators.flatMap((indicator, i) =>
    (indicator.sample_values ?? []).flatMap((sample, j) =>
      parseSampleDate(sample.date)
        ? []
        : [
            {
              path: `indicators.${i}.sample_values.${j}.date`,
              message: `${JSON.stringify(sample.date)} is not ${FORMS}`,
            },
          ],
    ),
  )
}
