import { getSqliteStore } from './sqlite/index'
import type { Store } from './store'

/** The process's store. SQLite at `databasePath` is the only implementation so far (PostgreSQL: issue 12). */
export function getStore(databasePath: string): Store {
  return getSqliteStore(databasePath)
}
