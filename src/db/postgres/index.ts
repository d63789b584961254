import type { Store } from '../store'
import { pgBatches } from './batches'
import { pgClassifications } from './classifications'
import { connectPg, type PgDb } from './connection'
import { pgJoins } from './joins'
import { pgLeases } from './leases'
import { pgLimiter } from './limits'
import { pgLlm } from './llm'
import { pgProviderBatches } from './provider-batches'
import { pgStages } from './stages'

/** The store over a PostgreSQL pool: every replica and step process shares it; atomic methods run in one transaction. */
export function pgStore(db: PgDb): Store {
  let closed = false
  return {
    batches: pgBatches(db),
    leases: pgLeases(db),
    stages: pgStages(db),
    joins: pgJoins(db),
    classifications: pgClassifications(db),
    llm: pgLlm(db),
    providerBatches: pgProviderBatches(db),
    limits: { limiter: (settings, clock) => pgLimiter(db, settings, clock?.sleep, clock?.now) },
    async ping() {
      if (closed) return false
      try {
        return (await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one === 1
      } catch {
        return false
      }
    },
    async close() {
      closed = true
      await db.end()
    },
  }
}

let shared: { url: string; store: Store } | undefined

/** One pool per process, opened lazily: step processes are short-lived. */
export function getPgStore(url: string, poolMax: number): Store {
  if (!shared || shared.url !== url) shared = { url, store: pgStore(connectPg(url, poolMax)) }
  return shared.store
}
