import type pg from 'pg'
import type { SqlRow } from '../rows'
import { numberedAll } from '../placeholders'
import { LEDGER_SQL } from '../sql/migrations'
import { PG_MIGRATIONS } from './migrations'

const LEDGER = numberedAll(LEDGER_SQL)

/** Anything that runs a query: the store's pool, or the client of a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>
}

/** A pooled connection whose first use applies the migrations. */
export interface PgDb extends Queryable {
  /** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T>
  /** The migrated pool, for libraries that take one. */
  pool(): Promise<pg.Pool>
  end(): Promise<void>
}

/**
 * A pool on `url`, opened without a round trip (a step process opens its store synchronously); the first query loads
 * the driver and applies pending migrations, which is safe from many processes and hosts at once.
 */
export function connectPg(url: string, max: number): PgDb {
  // The driver is loaded on first use: every step process opens the store, and on SQLite none needs it.
  let pool: Promise<pg.Pool> | undefined
  let migrated: Promise<pg.Pool> | undefined
  const ready = () =>
    (migrated ??= (pool ??= openPool(url, max)).then(async (opened) => {
      await transactionOn(opened, migrate)
      return opened
    }))
  return {
    async query(text, values) {
      return (await ready()).query(text, values)
    },
    async transaction(work) {
      return transactionOn(await ready(), work)
    },
    pool: ready,
    async end() {
      if (pool) await (await pool).end()
    },
  }
}

async function openPool(url: string, max: number): Promise<pg.Pool> {
  const { default: driver } = await import('pg')
  // COUNT, SUM and BIGINT arrive as int8, which pg hands over as strings; every such value here (counts, epoch
  // milliseconds) is far below 2^53.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === driver.types.builtins.INT8
        ? Number
        : driver.types.getTypeParser(oid, format ?? 'text')) as typeof driver.types.getTypeParser,
  }
  const pool = new driver.Pool({ connectionString: url, max, types })
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', (error) => console.error(`[classify] postgres: ${error.message}`))
  return pool
}

async function migrate(client: Queryable): Promise<void> {
  // One migrator at a time across every process: the others wait here, then find nothing pending.
  await client.query('SELECT pg_advisory_xact_lock(7242001)')
  await client.query(LEDGER.create)
  const { rows } = await client.query<{ version: number }>(LEDGER.applied)
  const applied = new Set(rows.map((r) => r.version))
  for (const m of PG_MIGRATIONS) {
    if (applied.has(m.version)) continue
    await client.query(m.sql)
    await client.query(LEDGER.record, [m.version, m.name, new Date().toISOString()])
  }
}

async function transactionOn<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

// PostgreSQL takes at most 65,535 parameters per statement.
const MAX_PARAMS = 60_000

/**
 * Inserts rows of one shape in few statements (one round trip per ~60,000 values); `tail` is appended, e.g. ON
 * CONFLICT. Returns how many rows it wrote.
 */
export async function insertMany(db: Queryable, table: string, rows: readonly SqlRow[], tail = ''): Promise<number> {
  if (rows.length === 0) return 0
  const columns = Object.keys(rows[0]!)
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  let written = 0
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement)
    const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
    const result = await db.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ${tail}`,
      chunk.flatMap((row) => Object.values(row)),
    )
    written += result.rowCount ?? 0
  }
  return written
}
