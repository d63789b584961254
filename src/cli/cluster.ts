// N replicas of the service on one machine, as in production: one PostgreSQL, one Redis, every replica pointed at
// both and started as `npm start` does (compose.yaml runs the same topology in containers). `npm run cluster --
// --replicas 2` starts one and prints its URLs until Ctrl-C; the cluster test starts it from code.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { freePort, startService, type RunningService } from './service-process'
import { startTempPostgres, type TempPostgres } from './temp-postgres'

export interface Cluster {
  database_url: string
  redis_port: number
  /** Root pids of the shared servers (PostgreSQL's postmaster, redis-server), for measuring their CPU. */
  server_pids: { postgres: number; redis: number }
  replicas: RunningService[]
  stop(): Promise<void>
}

interface RedisServer {
  port: number
  pid: number
  stop(): Promise<void>
}

/** Debian's redis-server in a temp folder on a free loopback port, without persistence: the queues of one run. */
async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'classify-redis-'))
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 30_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}:\n${output}`))
    })
  })
  return {
    port,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true })
          resolve()
        }
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', done)
        child.kill('SIGTERM')
      }),
  }
}

export async function startCluster(options: {
  replicas: number
  env?: Record<string, string>
  echo?: boolean
}): Promise<Cluster> {
  const started: { stop(): Promise<void> }[] = []
  const stop = async () => {
    for (const part of started.reverse())
      await part.stop().catch((error: Error) => console.error(`cluster: ${error.message}`))
  }
  try {
    const postgres: TempPostgres = await startTempPostgres()
    started.push(postgres)
    const redis = await startRedis()
    started.push(redis)
    const replicas: RunningService[] = []
    // One at a time: the first applies the migrations, and two cold starts at once double the CPU peak.
    for (let i = 1; i <= options.replicas; i++) {
      const replica = await startService({
        production: true,
        echo: options.echo,
        env: {
          DATABASE_URL: postgres.url,
          MOTIA_REDIS_HOST: '127.0.0.1',
          MOTIA_REDIS_PORT: String(redis.port),
          CLASSIFY_REPLICA_ID: `replica-${i}`,
          ...options.env,
        },
      })
      replicas.push(replica)
      started.push(replica)
    }
    return {
      database_url: postgres.url,
      redis_port: redis.port,
      server_pids: { postgres: postgres.pid, redis: redis.pid },
      replicas,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--replicas')
  const replicas = flag >= 0 ? Number(process.argv[flag + 1]) : 2
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error('--replicas must be a whole number >= 1')
  const cluster = await startCluster({ replicas })
  console.log(`postgres: ${cluster.database_url}\nredis:    127.0.0.1:${cluster.redis_port}`)
  for (const replica of cluster.replicas) console.log(`replica:  ${replica.url}`)
  console.log('Ctrl-C stops the cluster')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await cluster.stop()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: Error) => {
    console.error(error.message)
    process.exit(1)
  })
}
