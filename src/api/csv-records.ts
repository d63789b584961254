import { tooManyRecords } from './body-error'
import type { IntakeWarning } from './mapping'
import { isSdmxLongForm, sdmxSeries } from './sdmx'

type Row = Record<string, string>

/** A column named by a period is a wide date column: "2024", "2024-03", "2024-Q1", "2024M03", World Bank's "2024 [YR2024]". */
const DATE_COLUMN = /^(\d{4}(?:[-/]?(?:Q[1-4]|S[12]|W\d{2}|M?\d{1,2})(?:[-/]\d{1,2})?)?)(?: \[YR\d{4}\])?$/i

/** Cells that say "no value" in catalogue exports. */
const MISSING = new Set(['', '..', 'na', 'n/a', 'nan', 'null', '-'])

/**
 * Turns parsed CSV rows into indicator records: empty cells are absent, `sample_values` may be a JSON cell, columns
 * named by a period are sample values, and SDMX-CSV long form (one observation per row) is grouped into series.
 */
export async function csvRecords(
  rows: AsyncIterable<Row>,
  max: number,
): Promise<{ records: Record<string, unknown>[]; warnings: IntakeWarning[] }> {
  const records: Record<string, unknown>[] = []
  let dateColumns: Map<string, string> | undefined
  let sdmx: Row[] | undefined
  for await (const row of rows) {
    if (dateColumns === undefined) {
      dateColumns = new Map(
        Object.keys(row).flatMap((column) =>
          DATE_COLUMN.test(column) ? [[column, DATE_COLUMN.exec(column)![1]!]] : [],
        ),
      )
      if (isSdmxLongForm(Object.keys(row))) sdmx = []
    }
    // SDMX rows are observations; the record limit applies to the series they make, counted after grouping.
    if (sdmx) {
      sdmx.push(row)
      continue
    }
    records.push(wideRecord(row, dateColumns))
    if (records.length > max) throw tooManyRecords(max)
  }
  if (sdmx) {
    const series = sdmxSeries(sdmx)
    if (series.length > max) throw tooManyRecords(max)
    const message = `SDMX-CSV long form: ${sdmx.length} observations grouped into ${series.length} series by their dimensions; DATAFLOW read as dataset, unit as units, freq as periodicity, TIME_PERIOD and OBS_VALUE as sample_values`
    return {
      records: series,
      warnings: [{ field: 'OBS_VALUE', count: series.length, message, mapped_to: 'sample_values' }],
    }
  }
  const wide = [...(dateColumns ?? new Map<string, string>()).keys()]
  const warnings: IntakeWarning[] =
    wide.length > 0
      ? [
          {
            field: wide[0]!,
            count: records.length,
            mapped_to: 'sample_values',
            message: `${wide.length} date columns (${wide[0]} … ${wide.at(-1)}) read as sample_values`,
          },
        ]
      : []
  return { records, warnings }
}

function wideRecord(row: Row, dateColumns: Map<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {}
  const samples: { date: string; value: number }[] = []
  for (const [column, cell] of Object.entries(row)) {
    const date = dateColumns.get(column)
    if (date !== undefined) {
      if (!MISSING.has(cell.trim().toLowerCase())) samples.push({ date, value: numberCell(cell) })
    } else if (cell !== '') {
      record[column] = column === 'sample_values' ? jsonCell(cell) : cell
    }
  }
  if (samples.length > 0 && record.sample_values === undefined) record.sample_values = samples
  return record
}

/** A number, or the cell itself so that validation names it. */
function numberCell(cell: string): number {
  const value = Number(cell)
  return Number.isFinite(value) ? value : (cell as unknown as number)
}

/** A JSON cell, or the text itself so that validation names it. */
function jsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell)
  } catch {
    return cell
  }
}
