import pg from 'pg'
import { startTempPostgres } from '../../src/cli/temp-postgres'

export interface TestPostgres {
  /** A URL on a fresh, empty schema of the server: one per test, far cheaper than a database each. */
  freshUrl(): Promise<string>
  stop(): Promise<void>
}

/** The test's PostgreSQL server, or why there is none (the binaries could not be installed). Callers stop it. */
export async function startPostgres(): Promise<TestPostgres | { skip: string }> {
  let server
  try {
    server = await startTempPostgres()
  } catch (error) {
    return { skip: (error as Error).message }
  }
  let schemas = 0
  return {
    async freshUrl() {
      const schema = `test_${++schemas}`
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      try {
        await client.query(`CREATE SCHEMA ${schema}`)
      } finally {
        await client.end()
      }
      return `${server.url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    },
    stop: () => server.stop(),
  }
}
