import { openDb } from '../../src/db/sqlite/connection'
import { sqliteStore } from '../../src/db/sqlite/index'
import { tempStore } from '../support/db'
import { storeSuite } from '../support/store-suite'

storeSuite('sqlite', async () => {
  const { store, path } = tempStore()
  return { store, connect: async () => sqliteStore(openDb(path)) }
})
