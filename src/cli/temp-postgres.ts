// A throwaway PostgreSQL server (scripts/postgres-temp.sh) for the cluster, the tests and the bench.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from './service-process'

const run = promisify(execFile)
const SCRIPT = join(PROJECT_ROOT, 'scripts/postgres-temp.sh')

export interface TempPostgres {
  url: string
  /** The postmaster's pid (its backends are its children), e.g. for measuring the server's CPU. */
  pid: number
  stop(): Promise<void>
}

/** Debian's PostgreSQL in a temp folder on a free loopback port, installed when missing; stop() removes the folder. */
export async function startTempPostgres(): Promise<TempPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'classify-pg-'))
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start', dir], { encoding: 'utf8' })
    return {
      url: stdout.trim(),
      pid: Number(readFileSync(join(dir, 'data/postmaster.pid'), 'utf8').split('\n')[0]),
      async stop() {
        try {
          await run('bash', [SCRIPT, 'stop', dir])
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
    }
  } catch (error) {
    await run('bash', [SCRIPT, 'stop', dir]).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new Error(`PostgreSQL could not be installed or started: ${stderr || (error as Error).message}`)
  }
}
