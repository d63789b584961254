// Two replicas on one PostgreSQL and one Redis (src/cli/cluster.ts); kill -9 the replica that accepted a 5,000-indicator
// hybrid batch in the middle of it: the other finishes it with every indicator exactly once, no stage run done twice,
// within the provider's limits. Sized to exercise each point quickly: 5 units, a fast fake provider whose per-minute
// limit the replicas' shared limit has to pace, and leases short enough that the takeover comes within seconds.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { realisticCatalogue } from '../../bench/catalogue'
import { getJson, postJson, waitForBatch } from '../../src/cli/client'
import { startCluster, type Cluster } from '../../src/cli/cluster'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const INDICATORS = 5_000
const CHUNK = 1_000
/**
 * The fake provider's limit over a sliding minute, low enough that the replicas' shared limit (the same, paced at 98 %
 * of it over a sliding minute: 23 calls) has to pace hybrid's few calls.
 */
const PROVIDER_RPM = 24
const CONCURRENCY = 4
const LEASE_MS = 10_000
/** Small LLM calls, so that hybrid's few questions make enough calls for the shared limit to pace them. */
const LLM_BATCH = 10

test(
  'two replicas: kill -9 of the one that accepted the batch, the other finishes it exactly once',
  { timeout: 900_000 },
  async (t) => {
    const started = performance.now()
    let fake: FakeLlmServer | undefined
    let cluster: Cluster | undefined
    try {
      fake = await startFakeLlmServer({ latencyMs: [20, 60], rateLimit: { requestsPerMinute: PROVIDER_RPM } })
      try {
        cluster = await startCluster({
          replicas: 2,
          env: {
            CLASSIFY_MODE: 'hybrid',
            LLM_PROVIDER: 'openai',
            OPENAI_API_KEY: 'sk-cluster',
            OPENAI_BASE_URL: fake.openaiBaseUrl,
            LLM_RPM: String(PROVIDER_RPM),
            LLM_CONCURRENCY: String(CONCURRENCY),
            LLM_BATCH_SIZE: String(LLM_BATCH),
            CLASSIFY_CHUNK_SIZE: String(CHUNK),
            CLASSIFY_LEASE_MS: String(LEASE_MS),
          },
        })
      } catch (error) {
        if (/could not be installed/.test((error as Error).message)) return t.skip((error as Error).message)
        throw error
      }
      const ready = performance.now()
      const [accepting, surviving] = cluster.replicas as [Cluster['replicas'][0], Cluster['replicas'][0]]
      const posted = await postJson(`${accepting.url}/classify/batch`, {
        indicators: realisticCatalogue(INDICATORS),
        batch_id: 'cluster',
      })
      assert.equal(posted.status, 202, JSON.stringify(posted.body))

      // Midway: some units finished, the batch not.
      let completedAtKill = 0
      for (;;) {
        const { body } = await getJson(`${surviving.url}/classify/batch/cluster`)
        if (body.completed >= CHUNK) {
          assert.notEqual(body.status, 'completed', 'the kill must come before the end')
          completedAtKill = body.completed
          break
        }
        await new Promise((r) => setTimeout(r, 200))
      }
      await accepting.kill9()
      const killed = performance.now()

      const status = await waitForBatch(surviving.url, 'cluster', 600_000, 500)
      const finished = performance.now()
      assert.equal(status.status, 'completed', JSON.stringify(status))
      assert.equal(status.completed, INDICATORS)

      const db = new pg.Client({ connectionString: cluster.database_url })
      await db.connect()
      try {
        const rows = await db.query<{ n: number; ids: number }>(
          `SELECT COUNT(*)::int AS n, COUNT(DISTINCT indicator_id)::int AS ids FROM classifications WHERE batch_id = 'cluster'`,
        )
        assert.deepEqual(rows.rows[0], { n: INDICATORS, ids: INDICATORS }, 'every indicator exactly one final row')
        // A run of the killed replica never logs 'ok'; two 'ok' runs of one unit and stage mean two live runs did it.
        const redone = await db.query(
          `SELECT unit_no, stage, COUNT(*) AS n FROM stage_log WHERE batch_id = 'cluster' AND status = 'ok'
         GROUP BY unit_no, stage HAVING COUNT(*) > 1`,
        )
        assert.deepEqual(redone.rows, [], 'no stage run done twice by two live replicas')
        const runs = await db.query<{ ok: number; started: number }>(
          `SELECT COUNT(*) FILTER (WHERE status = 'ok')::int AS ok, COUNT(*) FILTER (WHERE status = 'started')::int AS started
         FROM stage_log WHERE batch_id = 'cluster'`,
        )
        const takeovers = surviving.output().match(/taking over (\d+) units/g) ?? []
        const stats = fake.stats()
        console.log(
          `cluster: ${INDICATORS} indicators in ${INDICATORS / CHUNK} units; ${completedAtKill} completed at the kill; ` +
            `stage runs ${runs.rows[0]!.started} started, ${runs.rows[0]!.ok} ok; survivor: ${takeovers.join(', ') || 'no takeover'}; ` +
            `provider: ${stats.requests} requests, ${stats.rate_limited} answered 429, max ${stats.max_in_flight} in flight; ` +
            `start ${((ready - started) / 1000).toFixed(1)} s, post to kill ${((killed - ready) / 1000).toFixed(1)} s, ` +
            `kill to done ${((finished - killed) / 1000).toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`,
        )
      } finally {
        await db.end()
      }
      // Limits held across both replicas: at most the calls of one burst met the provider's own window.
      assert.ok(fake.stats().rate_limited <= CONCURRENCY * 2, `provider answered ${fake.stats().rate_limited} 429s`)
      assert.ok(fake.stats().max_in_flight <= CONCURRENCY, `max in flight ${fake.stats().max_in_flight}`)
    } finally {
      await cluster?.stop()
      await fake?.close()
    }
  },
)
