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
import { runShutdownHooks } from '../api/shutdown'
import { setSetting, settings, type Settings } from '../settings/index'
import { motiaDirFor } from './service-process'

/** How long running step invocations get to finish before they are killed and left to resume on the next start. */
const DRAIN_MS = 4_000
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
    redis,
    { BullMQEventAdapter },
    { RedisCronAdapter },
    { RedisStateAdapter },
    { RedisStreamAdapterManager },
  ] = await Promise.all([
    motiaModule('load-motia-config.mjs'),
    motiaModule('plugins/process-plugins.mjs'),
    motiaModule('redis/connection.mjs'),
    import('@motiadev/adapter-bullmq-events'),
    import('@motiadev/adapter-redis-cron'),
    import('@motiadev/adapter-redis-state'),
    import('@motiadev/adapter-redis-streams'),
  ])
  const baseDir = process.cwd()
  const appConfig = await loadMotiaConfig(baseDir)
  const listenersBefore = signalListeners()
  const redisClient = await redis.getRedisClient(
    join(baseDir, values['motia-dir'] ?? motiaDirFor(settings().DATABASE_PATH)),
    appConfig,
  )
  // A Ctrl-C reaches the whole process group: Redis may be gone before our handler runs. Its connection errors are
  // expected then, and a crash with a stack trace is not a shutdown.
  let stopping = false
  redisClient.on('error', () => {})
  quietConnectionErrors(() => stopping)
  exitOnFatal(() => stopping)
  // The embedded Redis registers its own SIGINT/SIGTERM stop; it must run last, after the queue has drained.
  const stopEmbeddedRedis = takeSignalListeners(listenersBefore)
  const adapters = {
    eventAdapter: appConfig.adapters?.events ?? new BullMQEventAdapter({ connection: redis.getRedisConnectionInfo() }),
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
      await settlesWithin(redis.stopRedisConnection(), 1_000)
      await settlesWithin(Promise.all(stopEmbeddedRedis.map((stop) => stop())), 2_000)
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
  /ECONNRESET|ECONNREFUSED|EPIPE|Socket closed unexpectedly|Connection is closed|ClientClosedError|client is closed/i

function errorText(value: unknown): string {
  if (!(value instanceof Error)) return String(value)
  return value.cause ? `${value.message}: ${errorText(value.cause)}` : value.message
}

/** Redis connection errors (the queue library prints each with its stack, many per second) become one line every
 * few seconds, and nothing while stopping. */
function quietConnectionErrors(isStopping: () => boolean): void {
  const print = console.error.bind(console)
  let lastLine = 0
  console.error = (...args: unknown[]) => {
    const text = args.map(errorText).join(' ')
    if (!CONNECTION_LOST.test(text)) return print(...args)
    if (isStopping() || Date.now() - lastLine < 5_000) return
    lastLine = Date.now()
    print(`[classify] redis connection: ${text.split('\n')[0]}`)
  }
}

/** An uncaught Redis connection error gets a second to turn out to be part of a Ctrl-C; anything else is fatal. */
function exitOnFatal(isStopping: () => boolean): void {
  const fatal = (error: unknown) => {
    if (isStopping()) return
    const text = errorText(error)
    if (!CONNECTION_LOST.test(text)) {
      console.error(error)
      process.exit(1)
    }
    setTimeout(() => {
      if (isStopping()) return
      console.error(`[classify] lost the Redis connection: ${text}`)
      process.exit(1)
    }, 1_000)
  }
  process.on('uncaughtException', fatal).on('unhandledRejection', fatal)
}

type Listener = (...args: unknown[]) => unknown
const SIGNALS = ['SIGINT', 'SIGTERM'] as const
const signalListeners = (): Set<Listener> =>
  new Set(SIGNALS.flatMap((signal) => process.listeners(signal) as Listener[]))

/** Removes the SIGINT/SIGTERM listeners added since `before` and returns them as stop functions (the embedded
 * Redis adds the same stop for both signals: the SIGTERM one is enough). */
function takeSignalListeners(before: Set<Listener>): (() => Promise<unknown>)[] {
  const added = (signal: (typeof SIGNALS)[number]) =>
    (process.listeners(signal) as Listener[]).filter((listener) => !before.has(listener))
  const stops = added('SIGTERM').map((listener) => async () => listener())
  for (const signal of SIGNALS) for (const listener of added(signal)) process.removeListener(signal, listener)
  return stops
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
