// The HTTP API runs inside the Motia server process, registered as plugin routes, instead of as API step files:
// Motia hands a step's request to a fresh child process on its command line, which caps bodies near 128 KiB
// (a 10,000-indicator batch is megabytes) and costs a process spawn per status poll.
import type { ApiRequest, FlowContext, MotiaPlugin, MotiaPluginContext } from 'motia'
import { getBatchStatus, postBatch, retryBatch } from '../src/api/batches'
import { health } from '../src/api/health'
import type { HttpRequest, HttpResponse } from '../src/api/http'
import { getBatchResults, getIndicator } from '../src/api/results'
import { loadServiceConfig, type ServiceConfig } from '../src/config'
import { getStore } from '../src/db/open'
import type { Store } from '../src/db/store'
import { planBatchLlm } from '../src/api/providers'
import { loadLlmConfig } from '../src/llm/config'
import { limitSettingsFromEnv } from '../src/llm/limiter'
import { resumeUnits } from '../src/pipeline/resume'
import { FLOW, TOPICS } from '../src/pipeline/topics'

type Route = (req: HttpRequest, ctx: FlowContext<{ topic: string; data: unknown }>) => Promise<HttpResponse> | HttpResponse

export default function classifyApiPlugin(motia: MotiaPluginContext): MotiaPlugin {
  const config = loadServiceConfig()
  const store = getStore(config)
  // Read once at start: a bad LLM setting stops the service with its name instead of failing batches later.
  const llmConfig = loadLlmConfig()
  limitSettingsFromEnv(process.env, llmConfig.timeoutMs)
  const routes: [method: 'GET' | 'POST', path: string, route: Route][] = [
    [
      'POST',
      '/classify/batch',
      (req, ctx) =>
        postBatch(req, {
          store,
          config,
          trace_id: ctx.traceId,
          emitUnit: (ref) => ctx.emit({ topic: TOPICS.normalize, data: ref }),
          planLlm: (override) => planBatchLlm(override, llmConfig),
        }),
    ],
    ['POST', '/classify/batch/:batch_id/retry', (req, ctx) => retryBatch(req, store, (event) => ctx.emit(event))],
    ['GET', '/classify/batch/:batch_id', (req) => getBatchStatus(req, store)],
    ['GET', '/classify/batch/:batch_id/results', (req) => getBatchResults(req, store)],
    ['GET', '/classify/indicators/:indicator_id', (req) => getIndicator(req, store)],
    ['GET', '/health', (_req, ctx) => health(store, async () => void (await ctx.state.get('health', 'ping')))],
  ]
  for (const [method, path, route] of routes) {
    motia.registerApi({ method, path }, async (req: ApiRequest, ctx: FlowContext<{ topic: string; data: unknown }>) => {
      const started = performance.now()
      const response = await route(req, ctx)
      ctx.logger.info('http', { method, path, status: response.status, ms: Math.round(performance.now() - started) })
      return response
    })
  }
  void resumeUnfinished(motia, store, config)
  holdLeases(motia, store, config)
  memoizeStreamFactories(motia)
  setTimeout(() => memoizeStreamFactories(motia), 2_000)
  return { workbench: [] }
}

const MEMOIZED = Symbol('memoized stream factory')
type StreamEntry = { factory: (() => unknown) & { [MEMOIZED]?: true } }

/**
 * Works around a leak in Motia 0.17's server: before every step invocation it calls each stream's factory, and the
 * server's stream wrapper re-wraps the same adapter object every time (get → get → get …), so the main process
 * grew by about 1 MB per step invocation (2.3 GB after ~1,000 invocations, measured with the heap profiler).
 * One wrapped adapter per stream, made on first use, behaves the same and stays flat.
 */
function memoizeStreamFactories(motia: MotiaPluginContext): void {
  const streams = (motia.lockedData as unknown as { streams: Record<string, StreamEntry> }).streams
  for (const entry of Object.values(streams)) {
    if (entry.factory[MEMOIZED]) continue
    const make = entry.factory
    let made: unknown
    const memoized = Object.assign(() => (made ??= make()), { [MEMOIZED]: true as const })
    entry.factory = memoized
  }
}

/**
 * The step processes this server spawns inherit its replica name for their unit leases, and the server renews the
 * leases while it lives. It also takes over the units of a replica that died: their queued jobs stay locked to the
 * dead worker for the queue's visibility timeout (15 minutes), so their next step is emitted again once their lease
 * expires.
 */
function holdLeases(motia: MotiaPluginContext, store: Store, config: ServiceConfig): void {
  process.env.CLASSIFY_REPLICA_ID = config.replica_id
  const tick = async () => {
    await store.leases.renew(config.replica_id, config.lease_ms)
    const orphans = await store.leases.take(config.replica_id, config.lease_ms, true)
    if (orphans.length === 0) return
    const events = await resumeUnits(store, orphans)
    console.log(`[classify] taking over ${orphans.length} units of a replica that stopped renewing its leases`)
    const traceId = `takeover-${Date.now()}`
    for (const event of events) await motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }
  setInterval(() => void tick().catch((error: Error) => console.error(`[classify] lease renewal failed: ${error.message}`)), config.lease_ms / 3).unref()
}

/**
 * After a crash the queue may have lost the events of unfinished batches: the store knows where each unit stopped, so
 * its next step is emitted again, for the units no live replica holds (another replica's are its own business).
 * Finished work is never redone; an event that still was queued just skips.
 */
async function resumeUnfinished(motia: MotiaPluginContext, store: Store, config: ServiceConfig): Promise<void> {
  const events = await resumeUnits(store, await store.leases.take(config.replica_id, config.lease_ms))
  if (events.length === 0) return
  const traceId = `resume-${Date.now()}`
  console.log(`[classify] resuming ${events.length} unit events of unfinished batches`)
  // Give the step workers a moment to subscribe before their topics get events.
  setTimeout(() => {
    for (const event of events) void motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }, 1_000)
}
