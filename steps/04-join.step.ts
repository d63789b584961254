import type { EventConfig, EventHandler } from 'motia'
import { joinBranch } from '../src/pipeline/join-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'Join',
  description: 'Waits for infer-time, infer-scale and check-currency of a unit and emits it exactly once',
  subscribes: [TOPICS.branchDone],
  emits: [TOPICS.family],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const join = await joinBranch(input)
  logger.info('join', { ...join.ref, branch: join.branch, emits: join.emit })
  if (!join.emit) return
  await emit({ topic: TOPICS.family, data: join.ref })
  await join.markEmitted()
}
