export * from './mode'
export * from './schema'
export * from './load'
export * from './service'
