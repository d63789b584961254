import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, test } from 'node:test'
import { startPostgres } from '../support/postgres'
import { pgSchemaByVersion, SCHEMA_SNAPSHOTS, SNAPSHOT_VERSION, sqliteSchemaByVersion } from '../support/schema'

// A released migration never changes what it does: every version leaves the schema recorded when it was released,
// whichever way the migrations are written, so a database at any version migrates on as before.
const CHANGED = `differs from tests/fixtures/schema: a released migration must leave the schema it always left`

test(`sqlite: each migration up to version ${SNAPSHOT_VERSION} leaves the recorded schema`, () => {
  assert.equal(sqliteSchemaByVersion(), readFileSync(SCHEMA_SNAPSHOTS.sqlite, 'utf8'), CHANGED)
})

const server = await startPostgres()
if ('skip' in server) {
  test('postgres: each migration leaves the recorded schema', { skip: server.skip }, () => {})
} else {
  after(() => server.stop())
  test(`postgres: each migration up to version ${SNAPSHOT_VERSION} leaves the recorded schema`, async () => {
    assert.equal(
      await pgSchemaByVersion(await server.freshUrl()),
      readFileSync(SCHEMA_SNAPSHOTS.postgres, 'utf8'),
      CHANGED,
    )
  })
}
