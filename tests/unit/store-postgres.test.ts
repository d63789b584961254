import { after, test } from 'node:test'
import { connectPg } from '../../src/db/postgres/connection'
import { pgStore } from '../../src/db/postgres/index'
import { startPostgres } from '../support/postgres'
import { storeSuite } from '../support/store-suite'

const server = await startPostgres()

if ('skip' in server) {
  test('store: postgres', { skip: server.skip }, () => {})
} else {
  after(() => server.stop())
  storeSuite('postgres', async () => {
    const url = await server.freshUrl()
    return { store: pgStore(connectPg(url)), connect: async () => pgStore(connectPg(url)) }
  })
}
