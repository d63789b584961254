import type { Store } from '../store'
import { sqliteBatches } from './batches'
import { sqliteClassifications } from './classifications'
import { openDb, type Db } from './connection'
import { sqliteJoins } from './joins'
import { sqliteLeases } from './leases'
import { sqliteLimiter } from './limits'
import { sqliteLlm } from './llm'
import { sqliteProviderBatches } from './provider-batches'
import { sqliteStages } from './stages'

/** The store over one better-sqlite3 connection: each method runs synchronously, atomic methods in one transaction. */
export function sqliteStore(db: Db): Store {
  return {
    batches: sqliteBatches(db),
    leases: sqliteLeases(db),
    stages: sqliteStages(db),
    joins: sqliteJoins(db),
    classifications: sqliteClassifications(db),
    llm: sqliteLlm(db),
    providerBatches: sqliteProviderBatches(db),
    limits: { limiter: (settings, clock) => sqliteLimiter(db, settings, clock?.sleep, clock?.now) },
    async ping() {
      try {
        return db.prepare('SELECT 1').pluck().get() === 1
      } catch {
        return false
      }
    },
    async close() {
      db.close()
    },
  }
}

let shared: { path: string; store: Store } | undefined

/** One store per process, opened lazily: step processes are short-lived. */
export function getSqliteStore(path: string): Store {
  if (!shared || shared.path !== path) shared = { path, store: sqliteStore(openDb(path)) }
  return shared.store
}
