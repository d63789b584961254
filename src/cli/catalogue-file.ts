// Reads a catalogue file record by record (streaming): JSON (our shape or a bare array), NDJSON, or CSV with a header
// row. Records are passed on as the file spells them; mapping other catalogues' field names is the service's job.
import { createReadStream } from 'node:fs'
import { extname } from 'node:path'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import { jsonArrayElements } from './json-elements'

export const CATALOGUE_FORMATS = { '.json': 'json', '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson' } as const
type Format = (typeof CATALOGUE_FORMATS)[keyof typeof CATALOGUE_FORMATS]

export function catalogueFormat(path: string): Format {
  const format = (CATALOGUE_FORMATS as Record<string, Format>)[extname(path).toLowerCase()]
  if (!format)
    throw new Error(
      `${path}: unknown format "${extname(path) || '(none)'}"; expected ${Object.keys(CATALOGUE_FORMATS).join(', ')}`,
    )
  return format
}

export async function* readCatalogue(path: string): AsyncGenerator<Record<string, unknown>> {
  const format = catalogueFormat(path)
  const records = format === 'json' ? jsonRecords(path) : format === 'ndjson' ? ndjsonRecords(path) : csvRecords(path)
  let n = 0
  try {
    for await (const record of records) {
      n++
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        throw new Error(`record ${n} is not an object`)
      yield record as Record<string, unknown>
    }
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function jsonRecords(path: string): AsyncGenerator<unknown> {
  return jsonArrayElements(createReadStream(path, { encoding: 'utf8' }))
}

async function* ndjsonRecords(path: string): AsyncGenerator<unknown> {
  let line = 0
  for await (const text of createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  })) {
    line++
    if (text.trim() === '') continue
    try {
      yield JSON.parse(text)
    } catch (error) {
      throw new Error(`line ${line}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

/** Empty cells are absent fields; `sample_values` may be a JSON cell. */
async function* csvRecords(path: string): AsyncGenerator<Record<string, unknown>> {
  const rows = createReadStream(path).pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }),
  )
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    const record: Record<string, unknown> = {}
    for (const [column, cell] of Object.entries(row)) {
      if (cell === '') continue
      record[column] = column === 'sample_values' ? jsonCell(cell) : cell
    }
    yield record
  }
}

/** The cell's JSON, or the text itself so that the service's validation names it. */
function jsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell)
  } catch {
    return cell
  }
}
