// Rewrites tests/fixtures/schema/*.txt from the migrations as they are: only when a migration's schema is meant to
// change, which for a released version it never is. `npx tsx tests/support/write-schema-snapshots.ts`
import { writeFileSync } from 'node:fs'
import { startPostgres } from './postgres'
import { pgSchemaByVersion, SCHEMA_SNAPSHOTS, sqliteSchemaByVersion } from './schema'

writeFileSync(SCHEMA_SNAPSHOTS.sqlite, sqliteSchemaByVersion())
const server = await startPostgres()
if ('skip' in server) throw new Error(server.skip)
try {
  writeFileSync(SCHEMA_SNAPSHOTS.postgres, await pgSchemaByVersion(await server.freshUrl()))
} finally {
  await server.stop()
}
