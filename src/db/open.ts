import type { ServiceConfig } from '../settings/service-config'
import { getPgStore } from './postgres/index'
import { getSqliteStore } from './sqlite/index'
import type { Store } from './store'

/** The process's store: PostgreSQL when `database_url` is set (shared by replicas), else the SQLite file. */
export function getStore(config: Pick<ServiceConfig, 'database_url' | 'database_path' | 'database_pool_max'>): Store {
  return config.database_url
    ? getPgStore(config.database_url, config.database_pool_max)
    : getSqliteStore(config.database_path)
}
