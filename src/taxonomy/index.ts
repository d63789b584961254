export * from './enums'
export * from './indicator'
export * from './classification'
