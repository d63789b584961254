// Results of a run: read page by page from the service, filtered, written as CSV, JSON or NDJSON, and tallied for the
// summary, without holding more than a page.
import { once } from 'node:events'
import { extname } from 'node:path'
import type { Writable } from 'node:stream'
import { csvHeader, csvLine } from '../api/csv'
import { RESULT_FIELDS } from '../db/store'
import { getJson } from './client'

export const OUT_FORMATS = ['csv', 'json', 'ndjson'] as const
export type OutFormat = (typeof OUT_FORMATS)[number]

export function outFormat(path: string): OutFormat {
  const ext = extname(path).slice(1).toLowerCase()
  const format = ext === 'jsonl' ? 'ndjson' : ext
  if (!(OUT_FORMATS as readonly string[]).includes(format))
    throw new Error(`--out ${path}: expected a .csv, .json or .ndjson file`)
  return format as OutFormat
}

/** The filters of GET /classify/batch/:id/results, by their query names. */
export const TEXT_FILTERS = ['status', 'review_status', 'family', 'indicator_type', 'source'] as const
export interface ResultFilter {
  text: Partial<Record<(typeof TEXT_FILTERS)[number], string>>
  min_confidence?: number
  max_confidence?: number
}

type Row = Record<string, unknown>

function matches(row: Row, filter: ResultFilter): boolean {
  for (const [field, value] of Object.entries(filter.text))
    if (value !== undefined && String(row[field]) !== value) return false
  const confidence = typeof row.confidence === 'number' ? row.confidence : null
  if (filter.min_confidence !== undefined && (confidence === null || confidence < filter.min_confidence)) return false
  if (filter.max_confidence !== undefined && (confidence === null || confidence > filter.max_confidence)) return false
  return true
}

const PAGE = 10_000

/**
 * A batch's result rows, page by page. The filters go to the service and are applied here as well, so a service that
 * does not filter (or page) gives the same rows.
 */
export async function* resultPages(url: string, batchId: string, filter: ResultFilter): AsyncGenerator<Row[]> {
  const query = new URLSearchParams({ format: 'json', limit: String(PAGE) })
  for (const [name, value] of Object.entries(filter.text)) if (value !== undefined) query.set(name, value)
  if (filter.min_confidence !== undefined) query.set('min_confidence', String(filter.min_confidence))
  if (filter.max_confidence !== undefined) query.set('max_confidence', String(filter.max_confidence))
  for (;;) {
    const { status, body } = await getJson(`${url}/classify/batch/${encodeURIComponent(batchId)}/results?${query}`)
    if (status !== 200) throw new Error(`GET results of ${batchId} answered ${status}: ${JSON.stringify(body)}`)
    yield (body.results as Row[]).filter((row) => matches(row, filter))
    if (!body.next_cursor) return
    query.set('cursor', body.next_cursor)
  }
}

export interface ResultWriter {
  write: (rows: Row[]) => Promise<void>
  end: () => Promise<void>
}

export function resultWriter(out: Writable, format: OutFormat): ResultWriter {
  let columns: readonly string[] | undefined
  let first = true
  const put = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  return {
    async write(rows) {
      if (rows.length === 0) return
      if (format === 'ndjson') return put(rows.map((row) => JSON.stringify(row) + '\n').join(''))
      if (format === 'json') {
        await put((first ? '[\n' : ',\n') + rows.map((row) => JSON.stringify(row)).join(',\n'))
        first = false
        return
      }
      // The columns are the service's: those of its first row.
      const header = first ? csvHeader((columns ??= Object.keys(rows[0]!))) : ''
      await put(header + rows.map((row) => csvLine(columns!, row)).join(''))
      first = false
    },
    async end() {
      if (first) await put(format === 'json' ? '[]\n' : format === 'csv' ? csvHeader(RESULT_FIELDS) : '')
      else if (format === 'json') await put('\n]\n')
    },
  }
}

export interface Tally {
  rows: number
  families: Map<string, number>
  types: Map<string, number>
  flagged: number
  failed: number
}

export const emptyTally = (): Tally => ({ rows: 0, families: new Map(), types: new Map(), flagged: 0, failed: 0 })

export function tally(into: Tally, rows: Row[]): void {
  const bump = (map: Map<string, number>, key: unknown) =>
    map.set(String(key ?? '(none)'), (map.get(String(key ?? '(none)')) ?? 0) + 1)
  for (const row of rows) {
    into.rows++
    if (row.status === 'failed') {
      into.failed++
      continue
    }
    bump(into.families, row.family)
    bump(into.types, row.indicator_type)
    if (row.review_status === 'flagged') into.flagged++
  }
}
