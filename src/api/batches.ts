import { randomUUID } from 'node:crypto'
import type { ServiceConfig } from '../config'
import type { BatchRow, Store } from '../db/store'
import { resumeEvents } from '../pipeline/resume'
import type { UnitEmit } from '../pipeline/topics'
import { batchRequestSchema, type IndicatorInput, type Provider } from '../taxonomy/index'
import type { BatchLlmPlan } from './providers'
import { unitAssignment } from '../pipeline/signature'
import { badRequest, json, zodIssues, type HttpRequest, type HttpResponse } from './http'

export interface BatchDeps {
  store: Store
  config: ServiceConfig
  trace_id: string
  /** Queues one unit of the batch for the pipeline. */
  emitUnit: (ref: { batch_id: string; unit_no: number }) => Promise<void>
  /** Which providers and mode a batch with this llm_provider would use, and why it cannot when it cannot. */
  planLlm: (override: Provider | undefined) => BatchLlmPlan
}

const EMIT_SLICE = 500

export async function postBatch(req: HttpRequest, deps: BatchDeps): Promise<HttpResponse> {
  const body = req.body
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return badRequest('request body must be a JSON object', [{ path: '(body)', message: 'expected an object with an "indicators" array' }])
  }
  const count = Array.isArray((body as { indicators?: unknown }).indicators) ? (body as { indicators: unknown[] }).indicators.length : 0
  if (count > deps.config.max_batch) {
    return json(413, {
      error: `too many indicators: ${count} > CLASSIFY_MAX_BATCH (${deps.config.max_batch})`,
      issues: [{ path: 'indicators', message: `at most ${deps.config.max_batch} indicators per batch` }],
    })
  }
  const parsed = batchRequestSchema(deps.config.max_batch).safeParse(body)
  if (!parsed.success) return badRequest('invalid request body', zodIssues(parsed.error))
  const request = parsed.data

  const duplicates = duplicateIds(request.indicators)
  if (duplicates.length > 0) {
    return badRequest(`duplicate indicator_id in batch: ${duplicates.join(', ')}`, duplicates.map((id) => ({ path: 'indicators', message: `duplicate indicator_id ${id}` })))
  }
  const plan = deps.planLlm(request.llm_provider)
  if (plan.problem) return badRequest(plan.problem, [{ path: 'llm_provider', message: plan.problem }])

  if (request.batch_id) {
    const existing = await deps.store.batches.get(request.batch_id)
    if (existing) return json(200, await batchStatus(deps.store, existing))
  }
  const batch_id = request.batch_id ?? randomUUID()
  let units: number
  try {
    units = await deps.store.batches.insert({
      batch_id,
      provider: plan.provider,
      llm_provider: plan.llm_provider,
      mode: plan.mode,
      chunk_size: deps.config.chunk_size,
      refresh: request.refresh ?? false,
      trace_id: deps.trace_id,
      indicators: request.indicators,
      unit_of: unitAssignment(request.indicators, deps.config.chunk_size, deps.config.dedupe),
      lease: { owner: deps.config.replica_id, ttl_ms: deps.config.lease_ms },
    })
  } catch (error) {
    // Two posts of the same new batch_id at once: the loser answers like a re-post.
    const existing = await deps.store.batches.get(batch_id)
    if (existing) return json(200, await batchStatus(deps.store, existing))
    throw error
  }
  for (let start = 0; start < units; start += EMIT_SLICE) {
    const slice = Array.from({ length: Math.min(EMIT_SLICE, units - start) }, (_, i) => deps.emitUnit({ batch_id, unit_no: start + i }))
    await Promise.all(slice)
  }
  return json(202, { batch_id, trace_id: deps.trace_id, count: request.indicators.length, units, status_url: `/classify/batch/${batch_id}` })
}

function duplicateIds(indicators: IndicatorInput[]): string[] {
  const seen = new Set<string>()
  const dups = new Set<string>()
  for (const { indicator_id } of indicators) (seen.has(indicator_id) ? dups : seen).add(indicator_id)
  return [...dups]
}

export async function batchStatus(store: Store, batch: BatchRow) {
  const { completed, failed } = await store.classifications.counts(batch.batch_id)
  const end = batch.finished_at ? Date.parse(batch.finished_at) : Date.now()
  return {
    batch_id: batch.batch_id,
    status: batch.status,
    total: batch.total,
    completed,
    failed,
    created_at: batch.created_at,
    started_at: batch.started_at,
    finished_at: batch.finished_at,
    duration_ms: end - Date.parse(batch.created_at),
    provider: batch.provider,
    mode: batch.mode,
    chunk_size: batch.chunk_size,
    units: batch.unit_count,
    llm: await store.llm.totals(batch.batch_id),
  }
}

export async function getBatchStatus(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const batch = await store.batches.get(req.pathParams.batch_id ?? '')
  if (!batch) return json(404, { error: `unknown batch_id ${req.pathParams.batch_id}` })
  return json(200, await batchStatus(store, batch))
}

/** POST /classify/batch/:batch_id/retry: runs the failed indicators of a finished batch again. */
export async function retryBatch(req: HttpRequest, store: Store, emit: (event: UnitEmit) => Promise<void>): Promise<HttpResponse> {
  const batch = await store.batches.get(req.pathParams.batch_id ?? '')
  if (!batch) return json(404, { error: `unknown batch_id ${req.pathParams.batch_id}` })
  if (batch.status === 'queued' || batch.status === 'running') {
    return json(409, { error: `batch ${batch.batch_id} is still ${batch.status}; retry it once it has finished` })
  }
  const reopened = await store.batches.reopenFailed(batch.batch_id)
  const events = reopened.indicators > 0 ? await resumeEvents(store, batch.batch_id) : []
  for (const event of events) await emit(event)
  return json(reopened.indicators > 0 ? 202 : 200, { batch_id: batch.batch_id, retried: reopened.indicators, units: reopened.units, status_url: `/classify/batch/${batch.batch_id}` })
}
