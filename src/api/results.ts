import { RESULT_FIELDS, type Store } from '../db/store'
import { STAGES } from '../taxonomy/stages'
import { toCsv } from './csv'
import { badRequest, json, type HttpRequest, type HttpResponse } from './http'

export async function getBatchResults(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const batchId = req.pathParams.batch_id ?? ''
  const format = req.queryParams.format ?? 'json'
  if (format !== 'json' && format !== 'csv') return badRequest('invalid query', [{ path: 'format', message: 'format must be "json" or "csv"' }])
  const batch = await store.batches.get(batchId)
  if (!batch) return json(404, { error: `unknown batch_id ${batchId}` })
  const results = await store.classifications.ofBatch(batchId)
  if (format === 'csv') {
    return { status: 200, body: toCsv(RESULT_FIELDS, results), headers: { 'content-type': 'text/csv; charset=utf-8' } }
  }
  return json(200, { batch_id: batchId, status: batch.status, total: batch.total, results })
}

export async function getIndicator(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const indicatorId = req.pathParams.indicator_id ?? ''
  const latest = await store.classifications.latest(indicatorId)
  if (!latest) {
    const error = (await store.batches.indicatorKnown(indicatorId)) ? `indicator ${indicatorId} has no classification yet` : `unknown indicator_id ${indicatorId}`
    return json(404, { error })
  }
  const trail = await store.stages.trail(String(latest.batch_id), indicatorId)
  // In flow order, however the store returned them.
  const order: readonly string[] = STAGES
  return json(200, { ...latest, trail: trail.sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage)) })
}
