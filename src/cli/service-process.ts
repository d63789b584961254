// Starts the real service (`motia start`) as a child process: used by the demo, the integration tests and the bench.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join, relative, resolve } from 'node:path'
import { settings } from '../settings/load'
import { scratchDir } from './scratch'

export interface RunningService {
  url: string
  port: number
  pid: number
  database_path: string
  motia_dir: string
  /** Everything the service printed, for diagnosing a failed test. */
  output: () => string
  stop: () => Promise<void>
  /** SIGKILL the whole process group (server, step workers, embedded Redis): a crash, not a shutdown. */
  kill9: () => Promise<void>
  /** Sends a signal to the whole process group (a Ctrl-C) or to the server alone (a container runtime) and waits
   * up to `wait_ms` for the server to exit; leaves whatever survives for the caller to see. */
  signal: (
    signal: NodeJS.Signals,
    target: 'group' | 'leader',
    wait_ms?: number,
  ) => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number } | null>
}

export interface ServiceOptions {
  env?: Record<string, string>
  database_path?: string
  motia_dir?: string
  port?: number
  startup_timeout_ms?: number
  /** Echo the service's output to this process's stderr. */
  echo?: boolean
  /** Serve the Workbench UI too (off for tests, demo and bench: nobody looks at it there). */
  workbench?: boolean
  /** Start it the way `npm start` does (src/cli/serve.ts: API only, HOST, API_KEYS, drained shutdown). */
  production?: boolean
}

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..')

/**
 * The --motia-dir of a service: the embedded Redis keeps its queue data (append-only file) beside the database it
 * serves, so two services of one checkout with different DATABASE_PATHs never replay each other's jobs. Motia joins
 * the folder to the project folder even when it is absolute, so it is given relative to it.
 */
export function motiaDirFor(database_path: string): string {
  return relative(PROJECT_ROOT, `${resolve(database_path)}.motia`)
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export async function startService(options: ServiceOptions = {}): Promise<RunningService> {
  // A database of its own unless told which: in a scratch directory that goes when this process does.
  const database_path = options.database_path ?? join(scratchDir('classify-'), 'classify.db')
  const motia_dir = options.motia_dir ?? motiaDirFor(database_path)
  const port = options.port ?? (await freePort())
  const [command, args] = options.production
    ? [process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/serve.ts'), '--motia-dir', motia_dir]]
    : [
        join(PROJECT_ROOT, 'node_modules/.bin/motia'),
        ['start', '--port', String(port), '--motia-dir', motia_dir, '--disable-verbose'],
      ]
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      REDISMS_DISABLE_POSTINSTALL: '1',
      REDISMS_SYSTEM_BINARY: settings().REDISMS_SYSTEM_BINARY,
      MOTIA_DISABLE_ANALYTICS: 'true',
      MOTIA_ANALYTICS_DISABLED: 'true',
      DATABASE_PATH: database_path,
      ...(options.production ? { PORT: String(port), HOST: '127.0.0.1' } : {}),
      // The Workbench runs a Vite dev server that writes its cache into node_modules/.vite: two services started from
      // one checkout at once (tests, bench) race on it and one exits. It also costs CPU nobody uses in a script.
      ...(options.workbench ? {} : { MOTIA_DOCKER_DISABLE_WORKBENCH: 'true' }),
      ...options.env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 4_000_000) output = output.slice(-2_000_000)
    if (options.echo) process.stderr.write(chunk)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)

  let actualPort: number
  try {
    actualPort = await readyPort(child, () => output, options.startup_timeout_ms ?? 120_000)
    await waitForHealth(`http://127.0.0.1:${actualPort}`)
  } catch (error) {
    // The service runs in its own process group: a start that failed must not leave it (or its Redis) behind.
    await signalGroup(child, 'SIGKILL')
    throw error
  }
  const url = `http://127.0.0.1:${actualPort}`
  return {
    url,
    port: actualPort,
    pid: child.pid!,
    database_path,
    motia_dir,
    output: () => output,
    stop: () => signalGroup(child, 'SIGTERM'),
    kill9: () => signalGroup(child, 'SIGKILL'),
    signal: (signal, target, wait_ms = 15_000) => signalAndWait(child, signal, target, wait_ms),
  }
}

/** The port the service says it listens on, or why it did not get there. */
function readyPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service did not start within ${timeoutMs} ms:\n${output().slice(-4000)}`)),
      timeoutMs,
    )
    const check = () => {
      const match = /listening on port (\d+)/.exec(output())
      if (match) {
        clearTimeout(timer)
        resolveReady(Number(match[1]))
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`service exited with ${code} before it was ready:\n${output().slice(-4000)}`))
    })
  })
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`service at ${url} never reported healthy`)
}

function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, target: 'group' | 'leader', waitMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(null)
  const sent = performance.now()
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number } | null>((resolveExit) => {
    const timer = setTimeout(() => resolveExit(null), waitMs)
    child.once('exit', (code, exitSignal) => {
      clearTimeout(timer)
      resolveExit({ code, signal: exitSignal, ms: Math.round(performance.now() - sent) })
    })
    process.kill(target === 'group' ? -child.pid! : child.pid!, signal)
  })
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }, 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      // Step workers and Redis share the group; make sure none outlives the server.
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        /* already gone */
      }
      resolveExit()
    })
    try {
      process.kill(-child.pid!, signal)
    } catch {
      resolveExit()
    }
  })
}
