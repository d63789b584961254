import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'ClassifyType',
  description: 'Indicator type, temporal aggregation, orientation and currency flag within the family',
  subscribes: [TOPICS.type],
  emits: [TOPICS.review],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('type', input)
  logger.info('type done', { ...ref, ...run })
  await emit({ topic: TOPICS.review, data: ref })
}
