import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'AssignFamily',
  description: 'Family of TAXONOMY §2 for each indicator of the unit',
  subscribes: [TOPICS.family],
  emits: [TOPICS.type],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('family', input)
  logger.info('family done', { ...ref, ...run })
  await emit({ topic: TOPICS.type, data: ref })
}
