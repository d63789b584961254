import type { Db } from '../db/connection'
import { batchResults, getBatch, indicatorKnown, latestClassification, RESULT_FIELDS, stageTrail } from '../db/repository'
import { toCsv } from './csv'
import { badRequest, json, type HttpRequest, type HttpResponse } from './http'

export function getBatchResults(req: HttpRequest, db: Db): HttpResponse {
  const batchId = req.pathParams.batch_id ?? ''
  const format = req.queryParams.format ?? 'json'
  if (format !== 'json' && format !== 'csv') return badRequest('invalid query', [{ path: 'format', message: 'format must be "json" or "csv"' }])
  const batch = getBatch(db, batchId)
  if (!batch) return json(404, { error: `unknown batch_id ${batchId}` })
  const results = batchResults(db, batchId)
  if (format === 'csv') {
    return { status: 200, body: toCsv(RESULT_FIELDS, results), headers: { 'content-type': 'text/csv; charset=utf-8' } }
  }
  return json(200, { batch_id: batchId, status: batch.status, total: batch.total, results })
}

export function getIndicator(req: HttpRequest, db: Db): HttpResponse {
  const indicatorId = req.pathParams.indicator_id ?? ''
  const latest = latestClassification(db, indicatorId)
  if (!latest) {
    const error = indicatorKnown(db, indicatorId) ? `indicator ${indicatorId} has no classification yet` : `unknown indicator_id ${indicatorId}`
    return json(404, { error })
  }
  return json(200, { ...latest, trail: stageTrail(db, String(latest.batch_id), indicatorId) })
}
