import { randomUUID } from 'node:crypto'
import type { ServiceConfig } from '../settings/service'
import type { BatchRow, Store } from '../db/store'
import { resumeEvents } from '../pipeline/resume'
import { STAGES } from '../taxonomy/stages'
import type { UnitEmit } from '../pipeline/topics'
import { parseBatchRequest, type IndicatorInput, type Provider } from '../taxonomy/index'
import type { BatchLlmPlan } from './providers'
import { unitAssignment } from '../pipeline/signature'
import { BODY_WARNINGS } from './body'
import { encodeCursor } from './cursor'
import { badRequest, json, zodIssues, type HttpRequest, type HttpResponse } from './http'
import { firstDifference, type BatchContent } from './batch-conflict'
import { sampleDateIssues } from './sample-dates'
import { mapIndicators, type IntakeWarning } from './mapping'
import { batchesQuerySchema } from './query'

export interface BatchDeps {
  store: Store
  config: ServiceConfig
  trace_id: string
  /** Queues one unit of the batch for the pipeline. */
  emitUnit: (ref: { batch_id: string; unit_no: number }) => Promise<void>
  /** Which providers and mode a batch with this llm_provider would use, and why it cannot when it cannot. */
  planLlm: (override: Provider | undefined) => BatchLlmPlan
  /** Rejects when the queue (Redis) cannot take events: a batch is stored only when it can also be queued. */
  queueReady: () => Promise<void>
}

const unavailable = (part: string, cause: unknown): HttpResponse => {
  const message = cause instanceof Error ? cause.message : String(cause)
  return json(503, {
    error: `${part} unavailable, nothing was stored: ${message}`,
    issues: [{ path: `(${part})`, message }],
  })
}

const EMIT_SLICE = 500

export async function postBatch(req: HttpRequest, deps: BatchDeps): Promise<HttpResponse> {
  const received = req.body
  // A bare array (JSON, or any CSV or NDJSON body) takes its batch options from the query string.
  const body = Array.isArray(received) ? { ...queryOptions(req.queryParams), indicators: received } : received
  if (body === null || typeof body !== 'object') {
    return badRequest('request body must be a JSON object or array', [
      { path: '(body)', message: 'expected an object with an "indicators" array, or an array of indicators' },
    ])
  }
  const records = (body as { indicators?: unknown }).indicators
  const count = Array.isArray(records) ? records.length : 0
  if (count > deps.config.max_batch) {
    return json(413, {
      error: `too many indicators: ${count} > CLASSIFY_MAX_BATCH (${deps.config.max_batch})`,
      issues: [{ path: 'indicators', message: `at most ${deps.config.max_batch} indicators per batch` }],
    })
  }
  const mapped = Array.isArray(records) ? mapIndicators(records) : { indicators: records, warnings: [] }
  const warnings = [...((received as { [BODY_WARNINGS]?: IntakeWarning[] })[BODY_WARNINGS] ?? []), ...mapped.warnings]
  const parsed = parseBatchRequest({ ...body, indicators: mapped.indicators }, deps.config.max_batch)
  if (!parsed.success) return badRequest('invalid request body', zodIssues(parsed.error))
  const request = parsed.data
  const dateIssues = sampleDateIssues(request.indicators)
  if (dateIssues.length > 0) return badRequest('invalid request body', dateIssues)

  const duplicates = duplicateIds(request.indicators)
  if (duplicates.length > 0) {
    return badRequest(
      `duplicate indicator_id in batch: ${duplicates.join(', ')}`,
      duplicates.map((id) => ({ path: 'indicators', message: `duplicate indicator_id ${id}` })),
    )
  }
  const plan = deps.planLlm(request.llm_provider)
  if (plan.problem) return badRequest(plan.problem, [{ path: 'llm_provider', message: plan.problem }])

  if (request.batch_id) {
    const existing = await deps.store.batches.get(request.batch_id)
    if (existing) return repost(deps.store, existing, request)
  }
  try {
    await deps.queueReady()
  } catch (error) {
    return unavailable('redis', error)
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
      llm_delivery: request.llm_delivery ?? deps.config.llm_delivery,
      trace_id: deps.trace_id,
      indicators: request.indicators,
      unit_of: unitAssignment(request.indicators, deps.config.chunk_size, deps.config.dedupe),
      lease: { owner: deps.config.replica_id, ttl_ms: deps.config.lease_ms },
    })
  } catch (error) {
    // Posts of one new batch_id at once: the insert is atomic, so one wins and every other answers as a re-post of it.
    const existing = await deps.store.batches.get(batch_id).catch(() => undefined)
    if (existing) return repost(deps.store, existing, request)
    return unavailable('database', error)
  }
  for (let start = 0; start < units; start += EMIT_SLICE) {
    const slice = Array.from({ length: Math.min(EMIT_SLICE, units - start) }, (_, i) =>
      deps.emitUnit({ batch_id, unit_no: start + i }),
    )
    await Promise.all(slice)
  }
  return json(202, {
    batch_id,
    trace_id: deps.trace_id,
    count: request.indicators.length,
    units,
    status_url: `/classify/batch/${batch_id}`,
    warnings,
  })
}

/** Batch options of a body that has no room for them (an array, CSV, NDJSON); refresh as a boolean when it is one. */
function queryOptions(query: HttpRequest['queryParams']): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const key of ['batch_id', 'llm_provider', 'refresh', 'llm_delivery'] as const) {
    const value = query[key]
    if (value === undefined) continue
    options[key] = key === 'refresh' && (value === 'true' || value === 'false') ? value === 'true' : value
  }
  return options
}

/** A known batch_id: the same body answers the batch's status, a different one 409 naming the first difference. */
async function repost(store: Store, batch: BatchRow, request: BatchContent): Promise<HttpResponse> {
  const difference = await firstDifference(store, batch, request)
  if (!difference) return json(200, await batchStatus(store, batch))
  return json(409, {
    error: `batch_id ${batch.batch_id} is already stored with a different body (first difference at ${difference.path})`,
    issues: [difference],
  })
}

function duplicateIds(indicators: IndicatorInput[]): string[] {
  const seen = new Set<string>()
  const dups = new Set<string>()
  for (const { indicator_id } of indicators) (seen.has(indicator_id) ? dups : seen).add(indicator_id)
  return [...dups]
}

export async function batchStatus(store: Store, batch: BatchRow) {
  const { completed, failed, flagged } = await store.classifications.counts(batch.batch_id)
  const end = batch.finished_at ? Date.parse(batch.finished_at) : Date.now()
  return {
    batch_id: batch.batch_id,
    status: batch.status,
    total: batch.total,
    completed,
    failed,
    flagged,
    progress: await batchProgress(store, batch, completed + failed, end),
    created_at: batch.created_at,
    started_at: batch.started_at,
    finished_at: batch.finished_at,
    duration_ms: end - Date.parse(batch.created_at),
    provider: batch.provider,
    mode: batch.mode,
    llm_delivery: batch.llm_delivery,
    // A provider batch only claimed is being submitted: the unit waits for nothing at a provider yet.
    waiting: (await store.providerBatches.open(batch.batch_id)).flatMap((open) =>
      open.submitted_at === null
        ? []
        : [
            {
              unit_no: open.unit_no,
              stage: open.stage,
              provider: open.provider,
              provider_batch_id: open.provider_batch_id,
              submitted_at: open.submitted_at,
              message: `waiting for provider batch ${open.provider_batch_id}`,
            },
          ],
    ),
    chunk_size: batch.chunk_size,
    units: batch.unit_count,
    llm: await store.llm.totals(batch.batch_id),
  }
}

/** GET /classify/batches: batches newest first with their status and counts, paged by cursor. */
export async function listBatches(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const parsed = batchesQuerySchema.safeParse(req.queryParams)
  if (!parsed.success) return badRequest('invalid query', zodIssues(parsed.error))
  const { batches, next } = await store.batches.list({ limit: parsed.data.limit, after: parsed.data.cursor })
  return json(200, {
    batches: await Promise.all(batches.map((batch) => batchStatus(store, batch))),
    next_cursor: next ? encodeCursor(next) : null,
  })
}

/**
 * Work done per stage, in indicators and units, and over all stages: a unit finishes a stage for all its indicators
 * at once, so a batch of four units still moves through 4 × 8 steps instead of four. The ETA extrapolates the
 * fraction done since the batch started.
 */
async function batchProgress(store: Store, batch: BatchRow, finished: number, end: number) {
  const perStage = await store.stages.progress(batch.batch_id)
  const stages = Object.fromEntries([
    ...STAGES.map((stage) => [stage, perStage[stage] ?? { indicators: 0, units: 0 }] as const),
    ['complete', { indicators: finished, units: await store.batches.finishedUnits(batch.batch_id) }] as const,
  ])
  const steps = Object.values(stages).reduce((sum, s) => sum + s.indicators, 0)
  const fraction = batch.total === 0 ? 1 : Math.min(1, steps / (batch.total * Object.keys(stages).length))
  const elapsed = batch.started_at ? end - Date.parse(batch.started_at) : 0
  const eta_s = batch.finished_at
    ? 0
    : fraction > 0 && elapsed > 0
      ? Math.round((elapsed * (1 - fraction)) / fraction / 1000)
      : null
  return { fraction: Math.round(fraction * 10_000) / 10_000, eta_s, stages }
}

export async function getBatchStatus(req: HttpRequest, store: Store): Promise<HttpResponse> {
  const batch = await store.batches.get(req.pathParams.batch_id ?? '')
  if (!batch) return json(404, { error: `unknown batch_id ${req.pathParams.batch_id}` })
  return json(200, await batchStatus(store, batch))
}

/** POST /classify/batch/:batch_id/retry: runs the failed indicators of a finished batch again. */
export async function retryBatch(
  req: HttpRequest,
  store: Store,
  emit: (event: UnitEmit) => Promise<void>,
): Promise<HttpResponse> {
  const batch = await store.batches.get(req.pathParams.batch_id ?? '')
  if (!batch) return json(404, { error: `unknown batch_id ${req.pathParams.batch_id}` })
  if (batch.status === 'queued' || batch.status === 'running') {
    return json(409, { error: `batch ${batch.batch_id} is still ${batch.status}; retry it once it has finished` })
  }
  const reopened = await store.batches.reopenFailed(batch.batch_id)
  const events = reopened.indicators > 0 ? await resumeEvents(store, batch.batch_id) : []
  for (const event of events) await emit(event)
  return json(reopened.indicators > 0 ? 202 : 200, {
    batch_id: batch.batch_id,
    retried: reopened.indicators,
    units: reopened.units,
    status_url: `/classify/batch/${batch.batch_id}`,
  })
}
