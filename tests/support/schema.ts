import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import pg from 'pg'
import { SQLITE_MIGRATIONS } from '../../src/db/sqlite/migrations'
import { PG_MIGRATIONS } from '../../src/db/postgres/migrations'

// The schema each migration version leaves, printed from the database catalogues, so that a change to how the
// migrations are written can be checked to leave every version's schema as it was.

/** The last version the snapshots in tests/fixtures/schema cover; later migrations do not change them. */
export const SNAPSHOT_VERSION = 9

export const SCHEMA_SNAPSHOTS = {
  sqlite: fileURLToPath(new URL('../fixtures/schema/sqlite.txt', import.meta.url)),
  postgres: fileURLToPath(new URL('../fixtures/schema/postgres.txt', import.meta.url)),
}

/** SQLite keeps each statement's text: compare it with whitespace collapsed and none around punctuation. */
const compact = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').replace(/ ?([(),]) ?/g, '$1')

/** SQLite's schema after each version up to SNAPSHOT_VERSION, from sqlite_master. */
export function sqliteSchemaByVersion(): string {
  const db = new Database(':memory:')
  const out: string[] = []
  try {
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= SNAPSHOT_VERSION)) {
      db.exec(m.sql)
      out.push(`-- version ${m.version}`)
      const objects = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as {
        type: string
        name: string
        tbl_name: string
        sql: string | null
      }[]
      for (const o of objects) out.push(`${o.type} ${o.name} on ${o.tbl_name}: ${compact(o.sql)}`)
    }
  } finally {
    db.close()
  }
  return out.join('\n') + '\n'
}

/** PostgreSQL's schema after each version up to SNAPSHOT_VERSION, on an empty schema at `url`. */
export async function pgSchemaByVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const out: string[] = []
  try {
    const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s
    for (const m of PG_MIGRATIONS.filter((m) => m.version <= SNAPSHOT_VERSION)) {
      await client.query(m.sql)
      out.push(`-- version ${m.version}`)
      const columns = await client.query(
        `SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
        [schema],
      )
      for (const c of columns.rows) out.push(`column ${Object.values(c).join(' | ')}`)
      const constraints = await client.query(
        `SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace
         WHERE n.nspname = $1 ORDER BY c.relname, k.conname`,
        [schema],
      )
      for (const k of constraints.rows) out.push(`constraint ${Object.values(k).join(' | ')}`)
      const indexes = await client.query<{ tablename: string; indexname: string; indexdef: string }>(
        'SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname',
        [schema],
      )
      for (const i of indexes.rows)
        out.push(`index ${i.tablename} | ${i.indexname} | ${i.indexdef.replaceAll(` ${schema}.`, ' ')}`)
      const sequences = await client.query(
        `SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
         WHERE sequence_schema = $1 ORDER BY sequence_name`,
        [schema],
      )
      for (const s of sequences.rows) out.push(`sequence ${Object.values(s).join(' | ')}`)
    }
  } finally {
    await client.end()
  }
  return out.join('\n') + '\n'
}
