import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { test } from 'node:test'
import { onRedisReturn, resumeAfterRedis, SETTLE_MS, type QueueAdapter } from '../../src/cli/redis-recovery'
import { FLOW } from '../../src/pipeline/graph'
import { TOPICS } from '../../src/pipeline/topics'
import { rulesBatch, tempStore } from '../support/db'

test('after a Redis outage only units without a live job are re-emitted, each at its next stage', async () => {
  const { store } = tempStore()
  await store.batches.insert(
    rulesBatch(
      'r',
      ['A', 'B', 'C'].map((id) => ({ indicator_id: id, name: 'GDP', units: 'USD Billion' })),
      [0, 1, 2],
      1,
    ),
  )
  const asked: string[][] = []
  const emitted: unknown[] = []
  const adapter: QueueAdapter = {
    queueManager: {
      listQueueNames: () => ['normalize.Normalize', 'other.Step'],
      getQueue: (name) => ({
        getJobs: async (states) => {
          asked.push(states)
          return name === 'normalize.Normalize'
            ? [{ data: { topic: TOPICS.normalize, data: { batch_id: 'r', unit_no: 1 } } }, undefined]
            : [{ data: { topic: 'other', data: { something: 'else' } } }]
        },
      }),
    },
    emit: async (event) => void emitted.push(event),
  }
  assert.equal(await resumeAfterRedis(store, adapter), 2)
  assert.deepEqual(
    emitted.map((e) => {
      const { topic, data, flows } = e as { topic: string; data: unknown; flows: string[] }
      return { topic, data, flows }
    }),
    [0, 2].map((unit_no) => ({ topic: TOPICS.normalize, data: { batch_id: 'r', unit_no }, flows: [FLOW] })),
    'unit 1 still has its job queued: left to its queue',
  )
  assert.ok(asked.every((states) => states.includes('active') && states.includes('wait') && states.includes('delayed')))
})

test('recovery runs once per return of the connection, after the queue had time to reconnect', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] })
  const client = new EventEmitter()
  let recoveries = 0
  onRedisReturn(client, async () => void recoveries++)
  client.emit('ready')
  t.mock.timers.tick(SETTLE_MS)
  assert.equal(recoveries, 0, 'the first connection is not a return')
  client.emit('reconnecting')
  client.emit('reconnecting')
  client.emit('ready')
  t.mock.timers.tick(SETTLE_MS - 1)
  assert.equal(recoveries, 0)
  t.mock.timers.tick(1)
  assert.equal(recoveries, 1)
  client.emit('reconnecting')
  client.emit('ready')
  client.emit('reconnecting') // lost again before settling: wait for the next return
  t.mock.timers.tick(SETTLE_MS)
  assert.equal(recoveries, 1)
  client.emit('ready')
  t.mock.timers.tick(SETTLE_MS)
  assert.equal(recoveries, 2)
})
