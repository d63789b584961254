// The HTTP API runs inside the Motia server process, registered as plugin routes, instead of as API step files:
// Motia hands a step's request to a fresh child process on its command line, which caps bodies near 128 KiB
// (a 10,000-indicator batch is megabytes) and costs a process spawn per status poll.
import type { ApiRequest, FlowContext, MotiaPlugin, MotiaPluginContext } from 'motia'
import { getBatchStatus, listBatches, postBatch, retryBatch } from '../src/api/batches'
import { health, redisPing } from '../src/api/health'
import { json, type HttpRequest, type HttpResponse } from '../src/api/http'
import { openApiDocument } from '../src/api/openapi'
import { ROUTES, routeKey, type PluginRouteKey } from '../src/api/routes'
import { getIndicator } from '../src/api/results'
import { allowRoute } from '../src/api/security'
import { onShutdown } from '../src/api/shutdown'
import { loadServiceConfig } from '../src/settings/service'
import { getStore } from '../src/db/open'
import { planBatchLlm } from '../src/api/providers'
import { loadLlmConfig } from '../src/llm/config'
import { TOPICS } from '../src/pipeline/topics'

type Route = (
  req: HttpRequest,
  ctx: FlowContext<{ topic: string; data: unknown }>,
) => Promise<HttpResponse> | HttpResponse

export default function classifyApiPlugin(motia: MotiaPluginContext): MotiaPlugin {
  const config = loadServiceConfig()
  const store = getStore(config)
  // Every setting is parsed by loadServiceConfig above: a bad one stops the service with its name, not a batch later.
  const llmConfig = loadLlmConfig()
  const openapi = openApiDocument()
  const queueReady = (ctx: FlowContext<{ topic: string; data: unknown }>) =>
    redisPing(() => ctx.state.get('health', 'ping'))
  // Keyed by the documented routes: a route without a handler, or a handler of an undocumented route, does not compile.
  const handlers: Record<PluginRouteKey, Route> = {
    'POST /classify/batch': (req, ctx) =>
      postBatch(req, {
        store,
        config,
        trace_id: ctx.traceId,
        emitUnit: (ref) => ctx.emit({ topic: TOPICS.normalize, data: ref }),
        planLlm: (override) => planBatchLlm(override, llmConfig),
        queueReady: queueReady(ctx),
      }),
    'POST /classify/batch/:batch_id/retry': (req, ctx) => retryBatch(req, store, (event) => ctx.emit(event)),
    'GET /classify/batches': (req) => listBatches(req, store),
    'GET /classify/batch/:batch_id': (req) => getBatchStatus(req, store),
    'GET /classify/indicators/:indicator_id': (req) => getIndicator(req, store),
    'GET /health': (_req, ctx) => health(store, queueReady(ctx), config.database_url ? null : config.database_path),
    'GET /openapi.json': () => json(200, openapi),
  }
  onShutdown(() => void store.close())
  // The production front door answers 404/405 for anything outside the documented routes, streamed ones included.
  for (const { method, path } of ROUTES) allowRoute(method, path)
  for (const { method, path } of ROUTES.filter((r) => !('streamed' in r))) {
    const route = handlers[routeKey({ method, path }) as PluginRouteKey]
    motia.registerApi({ method, path }, async (req: ApiRequest, ctx: FlowContext<{ topic: string; data: unknown }>) => {
      const started = performance.now()
      const response = await route(req, ctx)
      ctx.logger.info('http', { method, path, status: response.status, ms: Math.round(performance.now() - started) })
      return response
    })
  }
  return { workbench: [] }
}
