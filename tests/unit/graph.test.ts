import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { PROJECT_ROOT } from '../../src/cli/service-process'
import {
  AFTER_JOIN,
  BRANCH_STAGES,
  COMPLETE_TOPIC,
  LEVELS,
  nextTopics,
  STAGE_GRAPH,
  upstream,
} from '../../src/pipeline/graph'
import { parseUnitRef } from '../../src/pipeline/unit-events'
import { settings } from '../../src/settings/load'
import { STAGES } from '../../src/taxonomy/stages'

test('the stage order is a flow order: every stage comes after the stages it needs', () => {
  for (const [at, stage] of STAGES.entries()) {
    for (const need of STAGE_GRAPH[stage].needs)
      assert.ok(STAGES.indexOf(need) < at, `${stage} needs ${need}, which comes later`)
  }
})

test('derived from the graph: branches, the join, what a stage reads, and the levels resume walks', () => {
  assert.deepEqual(BRANCH_STAGES, ['time', 'scale', 'currency'])
  assert.deepEqual(AFTER_JOIN, ['family'])
  assert.deepEqual(upstream('family'), ['normalize', 'time', 'scale', 'currency'])
  assert.deepEqual(upstream('review'), ['normalize', 'time', 'scale', 'currency', 'family', 'type'])
  assert.deepEqual(LEVELS, [['normalize'], ['time', 'scale', 'currency'], ['family'], ['type'], ['review']])
  assert.deepEqual(nextTopics('review'), [COMPLETE_TOPIC])
  // A branch carries the unit on itself (when its join claim succeeds): no join step in between.
  for (const branch of BRANCH_STAGES) assert.deepEqual(nextTopics(branch), [STAGE_GRAPH.family.topic])
})

test('the steps wire the graph: each stage topic has one subscriber, and every emitted topic has one', async () => {
  const subscribers = new Map<string, string[]>()
  const emitted: string[] = []
  const dir = join(PROJECT_ROOT, 'steps')
  // As motia.config.ts does at start: the steps read the settings parsed once and handed down (settings/handed.ts).
  settings()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.step.ts'))) {
    const { config } = (await import(join(dir, file))) as {
      config: { name: string; subscribes?: string[]; emits?: string[]; virtualEmits?: string[] }
    }
    for (const topic of config.subscribes ?? [])
      subscribers.set(topic, [...(subscribers.get(topic) ?? []), config.name])
    emitted.push(...(config.emits ?? []), ...(config.virtualEmits ?? []))
  }
  for (const stage of STAGES) assert.equal(subscribers.get(STAGE_GRAPH[stage].topic)?.length, 1, `topic of ${stage}`)
  for (const topic of emitted) assert.equal(subscribers.get(topic)?.length, 1, `emitted ${topic}`)
})

test('a malformed event is refused with what is wrong in it', () => {
  assert.deepEqual(parseUnitRef({ batch_id: 'b', unit_no: 2, extra: true }), { batch_id: 'b', unit_no: 2 })
  assert.throws(
    () => parseUnitRef({ batch_id: 'b', unit_no: 1.5 }),
    /malformed unit event .*unit_no: expected an integer/,
  )
  assert.throws(() => parseUnitRef({ unit_no: 0 }), /malformed unit event .*batch_id/)
})
