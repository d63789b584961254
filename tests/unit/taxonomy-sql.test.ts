import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { scratchDir } from '../../src/cli/scratch'
import { openDb } from '../../src/db/sqlite/connection'
import { SQLITE_MIGRATIONS as MIGRATIONS } from '../../src/db/sqlite/migrations'
import { CLASSIFICATION_COLUMNS, ENUM_FIELDS, TAXONOMY_VERSION, TYPE_TABLE } from '../../src/taxonomy/index'

/** The latest migration that rebuilt classifications with the taxonomy's CHECKs. */
const CHECKS_VERSION = MIGRATIONS.filter((m) => m.name.startsWith('classifications: CHECK')).at(-1)!.version

/** A database as a release before the checks left it, with rows in it. */
function databaseBeforeChecks(extraRow?: Record<string, unknown>): string {
  const path = join(scratchDir('classify-taxonomy-sql-'), 'old.db')
  const db = new Database(path)
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  for (const m of MIGRATIONS.filter((m) => m.version < CHECKS_VERSION)) {
    db.exec(m.sql)
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-11-01T00:00:00.000Z')
  }
  const insert = (row: Record<string, unknown>) =>
    db
      .prepare(
        `INSERT INTO classifications (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
      )
      .run(...Object.values(row))
  const at = '2026-11-02T10:00:00.000Z'
  const gdp = {
    batch_id: 'b1',
    indicator_id: 'gdp',
    name: 'GDP',
    units: 'USD Billion',
    status: 'completed',
    error: null,
    family: 'physical-fundamental',
    indicator_type: 'flow',
    temporal_aggregation: 'period-total',
    heat_map_orientation: 'higher-is-positive',
    is_currency_denominated: 1,
    detected_currency: 'USD',
    scale: 'billions',
    scale_multiplier: 1e9,
    parsed_unit_type: 'currency-amount',
    reporting_frequency: 'quarterly',
    time_basis: 'per-period',
    is_cumulative: 0,
    cumulative_pattern: 'none',
    confidence: 0.9,
    stage_confidence: '{"type":0.9}',
    reasoning: 'rule gdp',
    review_status: 'passed',
    corrections: '[]',
    source: 'rules',
    provider: 'rules',
    model: null,
    prompt_version: null,
    created_at: at,
  }
  insert(gdp)
  insert({
    ...Object.fromEntries(Object.keys(gdp).map((column) => [column, null])),
    batch_id: 'b1',
    indicator_id: 'broken',
    name: 'Broken',
    status: 'failed',
    error: 'stage type failed',
    created_at: at,
  })
  // The same indicator twice at the same instant: the later row (higher rowid) is the latest classification.
  insert({
    ...gdp,
    batch_id: 'b2',
    heat_map_orientation: 'neutral',
    confidence: 0.5,
    stage_confidence: '{}',
    reasoning: 'llm said so',
    review_status: 'flagged',
    source: 'llm',
    provider: 'openai',
    model: 'gpt',
    prompt_version: 'v2',
  })
  if (extraRow)
    insert({ batch_id: 'b3', indicator_id: 'odd', name: 'Odd', status: 'completed', created_at: at, ...extraRow })
  db.close()
  return path
}

const allRows = (db: Database.Database) => db.prepare('SELECT * FROM classifications ORDER BY rowid').all()

test('the checks migration keeps every row of an existing database, in order, and the index', () => {
  const path = databaseBeforeChecks()
  const before = new Database(path, { readonly: true })
  const rows = allRows(before)
  before.close()

  const db = openDb(path)
  assert.equal(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get(), MIGRATIONS.at(-1)!.version)
  assert.deepEqual(allRows(db), rows)
  const latest = db
    .prepare('SELECT batch_id FROM classifications WHERE indicator_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .pluck()
    .get('gdp')
  assert.equal(latest, 'b2')
  const indexes = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'classifications' AND sql IS NOT NULL")
    .pluck()
    .all()
  assert.deepEqual(indexes, ['classifications_by_id'])
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('classifications') as string[]
  assert.deepEqual(
    CLASSIFICATION_COLUMNS.filter((c) => !columns.includes(c)),
    [],
  )
  db.close()
})

test('a database holding an out-of-taxonomy row is not migrated and left as it was', () => {
  const path = databaseBeforeChecks({ family: 'physical-fundamental', indicator_type: 'yield' })
  assert.throws(() => openDb(path), /CHECK constraint failed/)
  const db = new Database(path, { readonly: true })
  assert.equal(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get(), CHECKS_VERSION - 1)
  assert.equal(db.prepare('SELECT COUNT(*) FROM classifications').pluck().get(), 4)
  db.close()
})

test('an out-of-taxonomy value is refused by the database; a valid row and a failed row of NULLs are stored', () => {
  const db = openDb(join(scratchDir('classify-taxonomy-sql-'), 'new.db'))
  const insert = (fields: Record<string, unknown>) => {
    const row = {
      batch_id: 'b',
      indicator_id: `i${Math.random()}`,
      name: 'x',
      status: 'completed',
      created_at: 'now',
      ...fields,
    }
    const keys = Object.keys(row)
    db.prepare(`INSERT INTO classifications (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(
      ...Object.values(row),
    )
  }
  const refused = (fields: Record<string, unknown>) =>
    assert.throws(() => insert(fields), /CHECK constraint failed/, JSON.stringify(fields))

  insert({
    family: 'price-value',
    indicator_type: 'yield',
    is_currency_denominated: 0,
    review_status: 'passed',
    source: 'cache',
  })
  insert({ status: 'failed', error: 'boom' })
  for (const [field, values] of Object.entries(ENUM_FIELDS)) {
    insert({ [field]: values[0] })
    refused({ [field]: `${values[0]}-not` })
  }
  refused({ family: 'price-value', indicator_type: 'stock' })
  refused({ is_cumulative: 2 })
  refused({ is_currency_denominated: 'true' })
  db.close()
})

test('a changed taxonomy comes with a new TAXONOMY_VERSION and a new migration rebuilding the checks', () => {
  // A database migrated under an older taxonomy keeps that taxonomy's CHECKs until another rebuild is appended.
  const values = JSON.stringify({ ENUM_FIELDS, pairs: TYPE_TABLE.map((row) => [row.family, row.type]) })
  const fingerprint = createHash('sha256').update(values).digest('hex').slice(0, 16)
  const CHECKED = { taxonomy: '2026-11', fingerprint: 'b0c4c75bb8766dcc', migration: CHECKS_VERSION }
  assert.deepEqual(
    { taxonomy: TAXONOMY_VERSION, fingerprint, migration: CHECKS_VERSION },
    CHECKED,
    'the taxonomy changed: bump TAXONOMY_VERSION, append a migration that rebuilds classifications with CLASSIFICATION_CHECKS, then update CHECKED',
  )
})
