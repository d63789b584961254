// Database work seen from outside the service: PostgreSQL's own counters for the database the replicas use, so the
// store needs no instrumentation. A backend flushes its counters when it goes idle (at most ~10 s later) or exits,
// so the closing read comes after the replicas stopped.
import pg from 'pg'

export interface DbCounters {
  /** xact_commit + xact_rollback: one per transaction, each statement outside a transaction being one. */
  transactions: number
  tup_inserted: number
  tup_updated: number
  tup_deleted: number
  tup_fetched: number
}

export async function readDbCounters(databaseUrl: string): Promise<DbCounters> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<Record<keyof DbCounters, string>>(
      `SELECT xact_commit + xact_rollback AS transactions, tup_inserted, tup_updated, tup_deleted, tup_fetched
         FROM pg_stat_database WHERE datname = current_database()`,
    )
    const row = rows[0]!
    return {
      transactions: Number(row.transactions),
      tup_inserted: Number(row.tup_inserted),
      tup_updated: Number(row.tup_updated),
      tup_deleted: Number(row.tup_deleted),
      tup_fetched: Number(row.tup_fetched),
    }
  } finally {
    await client.end()
  }
}

export function counterDelta(before: DbCounters, after: DbCounters): DbCounters {
  const keys = Object.keys(before) as (keyof DbCounters)[]
  return Object.fromEntries(keys.map((k) => [k, after[k] - before[k]])) as unknown as DbCounters
}
