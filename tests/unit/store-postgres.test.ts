import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { connectPg } from '../../src/db/postgres/connection'
import { UNIT_STAGE_COUNTS } from '../../src/db/postgres/batches'
import { pgStore } from '../../src/db/postgres/index'
import { UNIT_OUTCOMES } from '../../src/db/postgres/stages'
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

  test("PostgreSQL reads a unit's stage results indicator by indicator, so a read does not grow with the batch", async () => {
    const url = await server.freshUrl()
    const store = pgStore(connectPg(url, 1))
    const db = connectPg(url, 1)
    try {
      await store.ping() // migrated
      // A batch whose unit is a small part of it, ANALYZEd: there a plain join hashes every stage result of the batch.
      await db.query(`INSERT INTO batches (batch_id, status, total, created_at, unit_count, refresh, chunk_size,
        llm_delivery, provider, mode) VALUES ('b', 'running', 20000, 't', 20, 0, 1000, 'sync', 'rules', 'rules')`)
      await db.query(`INSERT INTO units (batch_id, unit_no, size) SELECT 'b', g, 1000 FROM generate_series(0, 19) g`)
      await db.query(`INSERT INTO indicators (batch_id, indicator_id, unit_no, position, input_json)
        SELECT 'b', 'i' || g, g / 1000, g, '{}' FROM generate_series(0, 19999) g`)
      await db.query(`INSERT INTO stage_results (batch_id, indicator_id, stage, result_json, created_at)
        SELECT 'b', 'i' || g, s, repeat('x', 500), 't' FROM generate_series(0, 19999) g, unnest(ARRAY['family', 'type']) s`)
      await db.query('ANALYZE')
      interface PlanNode {
        'Node Type': string
        'Relation Name'?: string
        Plans?: PlanNode[]
      }
      const planOf = async (sql: string, args: unknown[]) =>
        (await db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, args)).rows[0]![
          'QUERY PLAN'
        ][0]!.Plan
      const relations = (node: PlanNode): string[] => [
        ...(node['Relation Name'] ? [node['Relation Name']] : []),
        ...(node.Plans ?? []).flatMap(relations),
      ]
      /** The join of indicators and stage_results: a nested loop with the unit's indicators outside. */
      const joinOf = (node: PlanNode): PlanNode | undefined =>
        node.Plans?.length === 2 && relations(node).includes('stage_results') && relations(node).includes('indicators')
          ? node.Plans.every(
              (child) => !relations(child).includes('stage_results') || !relations(child).includes('indicators'),
            )
            ? node
            : node.Plans.map(joinOf).find(Boolean)
          : node.Plans?.map(joinOf).find(Boolean)
      for (const [sql, args] of [
        [UNIT_OUTCOMES, ['b', 0, ['family', 'type']]],
        [`SELECT * FROM units u, LATERAL (${UNIT_STAGE_COUNTS}) c WHERE u.batch_id = $1 AND u.unit_no = $2`, ['b', 0]],
      ] as const) {
        const join = joinOf(await planOf(sql, [...args]))
        assert.equal(join?.['Node Type'], 'Nested Loop', JSON.stringify(await planOf(sql, [...args])))
        assert.deepEqual(relations(join!.Plans![0]!), ['indicators'])
        assert.deepEqual(relations(join!.Plans![1]!), ['stage_results'])
      }
    } finally {
      await db.end()
      await store.close()
    }
  })

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
