import { settingsOf, type Env } from './load'
import { serviceConfigOf, type ServiceConfig } from './service-config'

export type { ServiceConfig }

/** This process's service configuration, or that of `env` when given. */
export const loadServiceConfig = (env?: Env): ServiceConfig => serviceConfigOf(settingsOf(env))
