import { getPgStore } from './postgres/index'
import { getSqliteStore } from './sqlite/index'
import type { Store } from './store'

/** The process's store: PostgreSQL when `database_url` is set (shared by replicas), else the SQLite file. */
export function getStore(config: { database_url: string | null; database_path: string }): Store {
  return config.database_url ? getPgStore(config.database_url) : getSqliteStore(config.database_path)
}
