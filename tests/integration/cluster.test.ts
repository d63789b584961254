// Two replicas on one PostgreSQL and one Redis; kill -9 the replica that accepted a 5,000-indicator hybrid batch in
// the middle of it: the other finishes it with every indicator exactly once, no stage done twice, within the limits.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { realisticCatalogue } from '../../bench/catalogue'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { startCluster, type Cluster } from '../../src/cli/cluster'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const INDICATORS = 5_000
/** The fake provider's limit over a sliding minute; the replicas share a slightly smaller budget (5 s windows). */
const PROVIDER_RPM = 300
const CONCURRENCY = 4

test('two replicas: kill -9 of the one that accepted the batch, the other finishes it exactly once', { timeout: 1_800_000 }, async (t) => {
  let fake: FakeLlmServer | undefined
  let cluster: Cluster | undefined
  try {
    fake = await startFakeLlmServer({ latencyMs: [20, 60], rateLimit: { requestsPerMinute: PROVIDER_RPM }, keepRequests: 1 })
    try {
      cluster = await startCluster({
        replicas: 2,
        env: {
          LLM_PROVIDER: 'openai',
          OPENAI_API_KEY: 'sk-cluster',
          OPENAI_BASE_URL: fake.openaiBaseUrl,
          LLM_RPM: String(Math.floor((PROVIDER_RPM * 12) / 13)),
          LLM_CONCURRENCY: String(CONCURRENCY),
          CLASSIFY_CHUNK_SIZE: '250',
          CLASSIFY_LEASE_MS: '15000',
        },
      })
    } catch (error) {
      if (/could not be installed/.test((error as Error).message)) return t.skip((error as Error).message)
      throw error
    }
    const [accepting, surviving] = cluster.replicas as [NonNullable<Cluster['replicas'][0]>, NonNullable<Cluster['replicas'][1]>]
    const indicators = realisticCatalogue(INDICATORS)
    const posted = await postJson(`${accepting.url}/classify/batch`, { indicators, batch_id: 'cluster' })
    assert.equal(posted.status, 202, JSON.stringify(posted.body))

    // Midway: some units finished, the batch not.
    for (;;) {
      const { body } = await getJson(`${surviving.url}/classify/batch/cluster`)
      if (body.completed >= 1_000) {
        assert.notEqual(body.status, 'completed', 'the kill must come before the end')
        break
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    await accepting.kill9()
    // A job the killed replica's worker had taken waits out the queue's visibility timeout (930 s): allow for it.

    const status = await waitForBatch(surviving.url, 'cluster', 1_500_000, 1_000)
    assert.equal(status.status, 'completed', JSON.stringify(status))
    assert.equal(status.completed, INDICATORS)

    const db = new pg.Client({ connectionString: cluster.database_url })
    await db.connect()
    try {
      const rows = await db.query<{ n: string; ids: string }>(`SELECT COUNT(*) AS n, COUNT(DISTINCT indicator_id) AS ids FROM classifications WHERE batch_id = 'cluster'`)
      assert.deepEqual(rows.rows[0], { n: String(INDICATORS), ids: String(INDICATORS) }, 'every indicator exactly one final row')
      // A run of the killed replica never logs 'ok'; two 'ok' runs of one unit and stage mean two live replicas did it.
      const redone = await db.query(
        `SELECT unit_no, stage, COUNT(*) AS n FROM stage_log WHERE batch_id = 'cluster' AND status = 'ok' GROUP BY unit_no, stage HAVING COUNT(*) > 1`,
      )
      assert.deepEqual(redone.rows, [], 'no stage run done twice by two live replicas')
      const units = await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM units WHERE batch_id = 'cluster' AND completed_at IS NOT NULL`)
      console.log(`cluster: ${units.rows[0]!.n} units completed, fake provider ${JSON.stringify(fake.stats())}`)
    } finally {
      await db.end()
    }
    // Limits held across both replicas: at most the in-flight calls of one burst met the provider's own window.
    assert.ok(fake.stats().rate_limited <= CONCURRENCY * 2, `provider answered ${fake.stats().rate_limited} 429s`)
    assert.ok(fake.stats().max_in_flight <= CONCURRENCY, `max in flight ${fake.stats().max_in_flight}`)
  } finally {
    await cluster?.stop()
    await fake?.close()
  }
})
