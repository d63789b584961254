import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SCRIPT = join(import.meta.dirname, '../../scripts/postgres-temp.sh')

export interface TempPostgres {
  url: string
  /** A URL on a fresh, empty schema of the server: one per test, far cheaper than a database each. */
  freshUrl(): Promise<string>
  stop(): Promise<void>
}

/**
 * Starts Debian's PostgreSQL in a temp folder on a free loopback port (installing it when missing), or says why it
 * cannot. Callers stop it when their tests end.
 */
export async function startPostgres(): Promise<TempPostgres | { skip: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'classify-pg-'))
  let url: string
  try {
    url = execFileSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    return { skip: `PostgreSQL could not be installed or started: ${(error as { stderr?: string }).stderr?.trim() || String(error)}` }
  }
  const pg = (await import('pg')).default
  let schemas = 0
  return {
    url,
    async freshUrl() {
      const schema = `test_${++schemas}`
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`CREATE SCHEMA ${schema}`)
      } finally {
        await client.end()
      }
      return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    },
    async stop() {
      try {
        execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' })
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
