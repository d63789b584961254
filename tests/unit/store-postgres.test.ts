import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { connectPg } from '../../src/db/postgres/connection'
import { pgStore } from '../../src/db/postgres/index'
import { startPostgres } from '../support/postgres'
import { storeSuite } from '../support/store-suite'

// PostgreSQL in a temp folder on a free loopback port, as a non-root user, for this file; stopped at its end.
const server = await startPostgres()

if ('skip' in server) {
  test('store: postgres', { skip: server.skip }, () => {})
} else {
  after(() => server.stop())
  const open = async () => {
    const url = await server.freshUrl()
    return { store: pgStore(connectPg(url, 4)), connect: async () => pgStore(connectPg(url, 4)) }
  }
  storeSuite('postgres', open)

  describe('limits shared by replicas on one PostgreSQL', () => {
    test('requests per minute hold across stores: a minute grants its budget once, whoever asks', async (t) => {
      const { store, connect } = await open()
      const other = await connect()
      t.after(async () => {
        await store.close()
        await other.close()
      })
      // 10 requests/min, 98 % of it paced: 9 in a minute. A refused caller sleeps forever here, so only grants count.
      const settings = { rpm: 10, tpm: 1_000_000, concurrency: 0, lease_ms: 60_000 }
      const refused = () => new Promise<void>(() => undefined)
      const limiters = [
        store.limits.limiter(settings, { sleep: refused }),
        other.limits.limiter(settings, { sleep: refused }),
      ]
      let granted = 0
      for (let i = 0; i < 16; i++)
        void limiters[i % 2]!.acquire('openai', 100).then((release) => (granted++, release(100)))
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      assert.equal(granted, 9)
    })

    test("a provider's advertised limit, seen by one replica, paces the others", async (t) => {
      const { store, connect } = await open()
      const other = await connect()
      t.after(async () => {
        await store.close()
        await other.close()
      })
      const settings = { rpm: 0, tpm: 0, concurrency: 0, lease_ms: 60_000 }
      const refused = () => new Promise<void>(() => undefined)
      // 8/min advertised, 98 % of it paced: 7 in a minute.
      await store.limits.limiter(settings).observe('anthropic', { rpm: 8, tpm: 100_000 })
      const limiter = other.limits.limiter(settings, { sleep: refused })
      let granted = 0
      for (let i = 0; i < 12; i++) void limiter.acquire('anthropic', 100).then((release) => (granted++, release(100)))
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      assert.equal(granted, 7)
    })
  })
}
