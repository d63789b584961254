import type { EventConfig, EventHandler } from 'motia'
import { AFTER_JOIN, FLOW } from '../src/pipeline/graph'
import { joinBranch } from '../src/pipeline/join-and-complete'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { branchDoneEventSchema, type BranchDoneEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'Join',
  description: 'Waits for infer-time, infer-scale and check-currency of a unit and emits it exactly once',
  subscribes: [TOPICS.branchDone],
  emits: AFTER_JOIN.map((stage) => TOPICS[stage]),
  input: branchDoneEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<BranchDoneEvent, UnitEmit> = async (input, { emit, logger }) => {
  const join = await joinBranch(input)
  logger.info('join', { ...join.ref, branch: join.branch, emits: join.emits.length > 0 })
  if (join.emits.length === 0) return
  await Promise.all(join.emits.map((event) => emit(event)))
  await join.markEmitted()
}
