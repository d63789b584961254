import { BATCH_RESULT_FIELDS, type Store } from '../db/store'
import { STAGES } from '../taxonomy/stages'
import { csvHeader, csvLine } from './csv'
import { encodeCursor } from './cursor'
import { badRequest, json, zodIssues, type HttpRequest, type HttpResponse } from './http'
import { resultsQuerySchema } from './query'

/** Rows read per query while streaming every row: memory stays flat whatever the batch size. */
const READ_PAGE = 1_000

/**
 * GET /classify/batch/:batch_id/results: a page (`limit`, `cursor`) or every row, filtered, as JSON, CSV or NDJSON,
 * streamed. The cursor of the next page is `next_cursor` in JSON and the `x-next-cursor` header in every format.
 */
export async function getBatchResults(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const batchId = req.pathParams.batch_id ?? ''
  const parsed = resultsQuerySchema.safeParse(req.queryParams)
  if (!parsed.success) return badRequest('invalid query', zodIssues(parsed.error))
  const { format, limit, cursor, ...filter } = parsed.data
  const batch = await store.batches.get(batchId)
  if (!batch) return json(404, { error: `unknown batch_id ${batchId}` })

  // A page is read before answering, so that its cursor can go in a header; every row is read as it is written.
  const first = await store.classifications.page(batchId, { ...filter, after: cursor, limit: limit ?? READ_PAGE })
  const next_cursor = limit !== undefined && first.next !== null ? encodeCursor(first.next) : null
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let page = first
    for (;;) {
      yield* page.rows
      if (limit !== undefined || page.next === null) return
      page = await store.classifications.page(batchId, { ...filter, after: page.next, limit: READ_PAGE })
    }
  }
  const headers: Record<string, string> = next_cursor ? { 'x-next-cursor': next_cursor } : {}
  if (format === 'csv') {
    return {
      status: 200,
      body: undefined,
      headers: {
        ...headers,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${batchId}.csv"`,
      },
      stream: csv(rows()),
    }
  }
  if (format === 'ndjson')
    return {
      status: 200,
      body: undefined,
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      stream: ndjson(rows()),
    }
  const head = JSON.stringify({ batch_id: batchId, status: batch.status, total: batch.total, next_cursor }).slice(0, -1)
  return {
    status: 200,
    body: undefined,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    stream: jsonDocument(head, rows()),
  }
}

async function* csv(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  yield csvHeader(BATCH_RESULT_FIELDS)
  for await (const row of rows) yield csvLine(BATCH_RESULT_FIELDS, row)
}

async function* ndjson(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  for await (const row of rows) yield JSON.stringify(row) + '\n'
}

/** `head` is the document's opening without its closing brace; the rows follow as its `results` array. */
async function* jsonDocument(head: string, rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  yield `${head},"results":[`
  let first = true
  for await (const row of rows) {
    yield (first ? '' : ',') + JSON.stringify(row)
    first = false
  }
  yield ']}'
}

export async function getIndicator(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const indicatorId = req.pathParams.indicator_id ?? ''
  const latest = await store.classifications.latest(indicatorId)
  if (!latest) {
    const error = (await store.batches.indicatorKnown(indicatorId))
      ? `indicator ${indicatorId} has no classification yet`
      : `unknown indicator_id ${indicatorId}`
    return json(404, { error })
  }
  const trail = await store.stages.trail(String(latest.batch_id), indicatorId)
  // In flow order, however the store returned them.
  const order: readonly string[] = STAGES
  return json(200, { ...latest, trail: trail.sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage)) })
}
