// `npm start`: Motia's production server (what `motia start` builds) without the Workbench, bound to HOST, behind
// the API-only front door (src/api/security.ts), and with a shutdown that drains instead of crashing.
// Usage: node --import tsx src/cli/serve.ts [--motia-dir DIR]   (PORT, HOST, API_KEYS, CORS_ORIGINS from env/.env)
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isIP, type Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { createServer, generateLockedData } from 'motia'
import { createClient, type RedisClientType } from 'redis'
import { runShutdownHooks } from '../api/shutdown'
import { getStore } from '../db/open'
import { setSetting, settings, type Settings } from '../settings/index'
import { loadServiceConfig } from '../settings/service'
import { startEmbeddedRedis } from './embedded-redis'
import { onRedisReturn, resumeAfterRedis, type QueueAdapter } from './redis-recovery'
import { motiaDirFor } from './service-process'

/** How long running step invocations get to finish before they are killed and left to resume on the next start. */
const DRAIN_MS = 4_000
/** Reconnect delay of the Redis client while Redis is away (the embedded one restarts within about a second). */
const RECONNECT_MS = 1_000
/** Hard ceiling: whatever still hangs after this is killed and the process exits (10 s is what runtimes wait). */
const EXIT_MS = 7_500

export interface ListenSettings {
  host: string
  port: number
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))

/** HOST and PORT, refusing a non-loopback HOST while the API is open (no API_KEYS). */
export function listenSettings(s: Pick<Settings, 'HOST' | 'PORT' | 'API_KEYS'>): ListenSettings {
  if ((s.API_KEYS ?? []).length === 0 && !isLoopback(s.HOST)) {
    throw new Error(
      `HOST=${s.HOST} would expose an API without authentication: set API_KEYS, or leave HOST at 127.0.0.1`,
    )
  }
  return { host: s.HOST, port: s.PORT }
}

// Motia's server parts that its package does not export; resolved from its own install, not copied.
const motiaDist = join(dirname(createRequire(import.meta.url).resolve('motia/package.json')), 'dist')
const motiaModule = (file: string) => import(pathToFileURL(join(motiaDist, file)).href)

async function main(): Promise<void> {
  const { host, port } = listenSettings(settings())
  const openApi = (settings().API_KEYS ?? []).length === 0
  const { values } = parseArgs({ options: { 'motia-dir': { type: 'string' } } })
  // The config reads this to mount the front door and leave the Workbench plugins out.
  setSetting('CLASSIFY_API_ONLY', '1')
  // A signal before the server is up has nothing to drain (the embedded Redis' own watchdog follows us out).
  const stopWhileStarting = () => process.exit(0)
  process.on('SIGINT', stopWhileStarting).on('SIGTERM', stopWhileStarting)

  const [
    { loadMotiaConfig },
    { processPlugins },
    { BullMQEventAdapter },
    { RedisCronAdapter },
    { RedisStateAdapter },
    { RedisStreamAdapterManager },
  ] = await Promise.all([
    motiaModule('load-motia-config.mjs'),
    motiaModule('plugins/process-plugins.mjs'),
    import('@motiadev/adapter-bullmq-events'),
    import('@motiadev/adapter-redis-cron'),
    import('@motiadev/adapter-redis-state'),
    import('@motiadev/adapter-redis-streams'),
  ])
  const baseDir = process.cwd()
  const appConfig = await loadMotiaConfig(baseDir)
  // A Ctrl-C reaches the whole process group: Redis may be gone before our handler runs. Its connection errors are
  // expected then, and a crash with a stack trace is not a shutdown.
  let stopping = false
  const log = (line: string) => console.log(`[classify] ${line}`)
  // An external Redis (MOTIA_REDIS_HOST) is reconnected to for as long as it takes; the embedded one is restarted.
  const external = appConfig.redis && 'host' in appConfig.redis ? appConfig.redis : undefined
  const embedded = external
    ? undefined
    : await startEmbeddedRedis(
        join(baseDir, values['motia-dir'] ?? motiaDirFor(settings().DATABASE_PATH)),
        settings().REDISMS_SYSTEM_BINARY,
        log,
        () => !stopping,
      )
  const connection = external ?? { host: embedded!.host, port: embedded!.port }
  const redisClient = createClient({
    username: external?.username,
    password: external?.password,
    database: external?.db,
    // Motia's client gives up after 10 reconnects (~5 s) and the service with it: this one keeps trying, each second.
    socket: { ...connection, noDelay: true, keepAlive: true, reconnectStrategy: RECONNECT_MS, connectTimeout: 10_000 },
    // The adapters are typed for the client without Redis' module commands: the same client to them.
  }) as unknown as RedisClientType
  redisClient.on('error', () => {})
  await redisClient.connect()
  quietConnectionErrors(() => stopping)
  exitOnFatal(() => stopping)
  const adapters = {
    eventAdapter: appConfig.adapters?.events ?? new BullMQEventAdapter({ connection }),
    cronAdapter: appConfig.adapters?.cron ?? new RedisCronAdapter(redisClient),
    streamAdapter: appConfig.adapters?.streams ?? new RedisStreamAdapterManager(redisClient),
  }
  const lockedData = await generateLockedData({
    projectDir: baseDir,
    streamAdapter: adapters.streamAdapter,
    redisClient,
    streamAuth: appConfig.streamAuth,
  })
  const motiaServer = createServer(
    lockedData,
    appConfig.adapters?.state ?? new RedisStateAdapter(redisClient),
    { isVerbose: false },
    adapters,
    appConfig.app,
  )
  await processPlugins(motiaServer)
  const store = getStore(loadServiceConfig())
  onRedisReturn(redisClient, async () => {
    if (stopping) return
    const resumed = await resumeAfterRedis(store, adapters.eventAdapter as QueueAdapter).catch((error: unknown) => {
      log(`Redis is back, but resuming failed: ${errorText(error)}`)
      return 0
    })
    log(`Redis is back: ${resumed} unit events re-emitted (units still queued in Redis are left to their queue)`)
  })
  // Motia's stream socket (logs and state streams, unauthenticated) stays closed: every upgrade is refused.
  motiaServer.server.removeAllListeners('upgrade')
  motiaServer.server.on('upgrade', (_req: unknown, socket: Socket) =>
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n'),
  )

  await new Promise<void>((resolve, reject) => {
    motiaServer.server.once('error', reject)
    motiaServer.server.listen(port, host, resolve)
  })
  const address = motiaServer.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  console.log(
    `[classify] listening on port ${actualPort} at http://${host.includes(':') ? `[${host}]` : host}:${actualPort} (API only)`,
  )
  if (openApi)
    console.log('[classify] API_KEYS is unset: the API is open to anyone who can reach this loopback address')

  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`[classify] ${signal}: stopping (no new requests; running steps get ${DRAIN_MS / 1000} s)`)
    setTimeout(() => {
      console.log('[classify] shutdown took too long: killing what is left')
      killDescendants(() => true)
      process.exit(0)
    }, EXIT_MS).unref()
    void (async () => {
      // Stop accepting; idle keep-alive connections close now, busy ones after their response.
      motiaServer.server.close()
      motiaServer.server.closeIdleConnections()
      // Closing the queue's workers waits for the step invocations they run; past the budget, those are killed and
      // their units resume on the next start (SQLite records only finished stages).
      await settlesWithin(motiaServer.close(), DRAIN_MS)
      killDescendants((args) => args.includes('node-runner'))
      await settlesWithin(redisClient.quit(), 1_000)
      // The embedded Redis stops last, after the queue has drained.
      if (embedded) await settlesWithin(embedded.stop(), 2_000)
      // Invocations the closing workers had already taken start late: none may outlive us.
      killDescendants((args) => args.includes('node-runner'))
      for (const error of await runShutdownHooks()) console.log(`[classify] shutdown: ${error}`)
      console.log('[classify] stopped')
      process.exit(0)
    })()
  }
  process.removeListener('SIGINT', stopWhileStarting).removeListener('SIGTERM', stopWhileStarting)
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

const CONNECTION_LOST =
  /ECONNRESET|ECONNREFUSED|EPIPE|Socket closed unexpectedly|Connection (is )?closed|ClientClosedError|client is closed/i

function errorText(value: unknown): string {
  if (!(value instanceof Error)) return String(value)
  return value.cause ? `${value.message}: ${errorText(value.cause)}` : value.message
}

/** Redis connection errors (the queue library prints each with its stack, many per second) become one line every
 * few seconds, and nothing while stopping. */
function quietConnectionErrors(isStopping: () => boolean): void {
  let lastLine = 0
  for (const level of ['error', 'warn'] as const) {
    const print = console[level].bind(console)
    console[level] = (...args: unknown[]) => {
      const text = args.map(errorText).join(' ')
      if (!CONNECTION_LOST.test(text)) return print(...args)
      if (isStopping() || Date.now() - lastLine < 5_000) return
      lastLine = Date.now()
      print(`[classify] redis connection: ${text.split('\n')[0]}`)
    }
  }
}

/** An uncaught Redis connection error is printed (quietly): the clients reconnect and the embedded Redis restarts, so
 * the service lives on. Anything else is fatal. */
function exitOnFatal(isStopping: () => boolean): void {
  const fatal = (error: unknown) => {
    if (isStopping()) return
    console.error(error)
    if (!CONNECTION_LOST.test(errorText(error))) process.exit(1)
  }
  process.on('uncaughtException', fatal).on('unhandledRejection', fatal)
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    promise.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(true)),
    )
  })
}

/** SIGKILL this process' descendants whose command line matches (step invocations: Motia's node-runner). Read from
 * /proc rather than by running `ps`: a shutdown on a loaded machine cannot afford a process spawn. */
function killDescendants(matches: (args: string) => boolean): void {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return ''
    }
  }
  const children = (pid: number): number[] => {
    let tasks: string[] = []
    try {
      tasks = readdirSync(`/proc/${pid}/task`)
    } catch {
      return []
    }
    return tasks.flatMap((tid) => read(`/proc/${pid}/task/${tid}/children`).split(/\s+/).filter(Boolean).map(Number))
  }
  const pending = children(process.pid)
  for (let pid = pending.shift(); pid !== undefined; pid = pending.shift()) {
    pending.push(...children(pid))
    if (!matches(read(`/proc/${pid}/cmdline`).replace(/\0/g, ' '))) continue
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      /* already gone */
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`[classify] cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
