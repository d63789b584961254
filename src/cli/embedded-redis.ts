// The embedded Redis of `npm start`, kept alive: the redis-server Motia would start (same arguments, data in the
// --motia-dir folder), but restarted on the same port and data folder when it dies, so the queue comes back without
// a restart of the service. Motia's own manager starts it once and never again.
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import type RedisMemoryServerType from 'redis-memory-server'

export interface EmbeddedRedis {
  host: string
  port: number
  /** Stops it for good (no restart). */
  stop: () => Promise<void>
}

/** How long to wait between attempts when a restart itself fails (port still held, disk full, …). */
const RESTART_RETRY_MS = 1_000
/** A Ctrl-C reaches Redis and us together: its exit waits this long for our shutdown to say it was meant. */
const EXIT_GRACE_MS = 250

// Motia's dependency, resolved from its install, as Motia itself loads it.
const motiaRequire = createRequire(createRequire(import.meta.url).resolve('motia/package.json'))

export async function startEmbeddedRedis(
  dir: string,
  binary: string,
  log: (line: string) => void,
  restartWanted: () => boolean,
): Promise<EmbeddedRedis> {
  const { RedisMemoryServer } = motiaRequire('redis-memory-server') as {
    RedisMemoryServer: typeof RedisMemoryServerType
  }
  mkdirSync(dir, { recursive: true })
  // Motia's arguments: append-only file flushed every second, no snapshots, in `dir`.
  const args = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir]
  let stopped = false
  let server: RedisMemoryServerType

  const launch = async (port?: number): Promise<number> => {
    server = new RedisMemoryServer({ instance: { port, args }, binary: { systemBinary: binary } })
    await server.start()
    const info = server.getInstanceInfo()
    if (!info) throw new Error('redis-server did not start')
    // It moves to another port when the asked one is taken; the clients know only the first one.
    if (port !== undefined && info.port !== port) {
      await server.stop()
      throw new Error(`port ${port} is taken`)
    }
    info.instance.childProcess?.once('exit', (code, signal) =>
      setTimeout(() => {
        if (stopped || !restartWanted()) return
        log(`embedded Redis exited (${signal ?? `code ${code}`}): restarting it on port ${info.port}`)
        void relaunch(info.port)
      }, EXIT_GRACE_MS),
    )
    return info.port
  }
  const relaunch = async (port: number): Promise<void> => {
    while (!stopped && restartWanted()) {
      try {
        await launch(port)
        log(`embedded Redis is back on port ${port}`)
        return
      } catch (error) {
        log(`embedded Redis did not restart: ${error instanceof Error ? error.message : String(error)}`)
        await new Promise((r) => setTimeout(r, RESTART_RETRY_MS))
      }
    }
  }

  const port = await launch()
  return {
    host: '127.0.0.1',
    port,
    stop: async () => {
      stopped = true
      await server.stop()
    },
  }
}
