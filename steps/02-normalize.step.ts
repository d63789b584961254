import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'Normalize',
  description: "Parses units and reconciles the request's currency_code and scale for a unit of indicators",
  subscribes: [TOPICS.normalize],
  emits: [TOPICS.time, TOPICS.scale, TOPICS.currency],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('normalize', input)
  logger.info('normalize done', { ...ref, ...run })
  // The three branches run in parallel and meet again at the join.
  await Promise.all([TOPICS.time, TOPICS.scale, TOPICS.currency].map((topic) => emit({ topic, data: ref })))
}
