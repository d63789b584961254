import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'InferScale',
  description: 'Scale, multiplier and unit type from the parsed units',
  subscribes: [TOPICS.scale],
  emits: [TOPICS.branchDone],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('scale', input)
  logger.info('scale done', { ...ref, ...run })
  await emit({ topic: TOPICS.branchDone, data: { ...ref, branch: 'scale' } })
}
