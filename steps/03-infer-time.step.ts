import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'InferTime',
  description: 'Reporting frequency from units, periodicity and sample dates; year-to-date detection',
  subscribes: [TOPICS.time],
  emits: [TOPICS.branchDone],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('time', input)
  logger.info('time done', { ...ref, ...run })
  await emit({ topic: TOPICS.branchDone, data: { ...ref, branch: 'time' } })
}
