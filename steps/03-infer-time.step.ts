import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { timeStage } from '../src/pipeline/stages/time'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'InferTime',
  description: 'Reporting frequency from units, periodicity and sample dates; year-to-date detection',
  subscribes: [TOPICS.time],
  emits: nextTopics('time'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run, emitted } = await runStageStep(timeStage, input, emit)
  logger.info('time done', { ...ref, ...run, emitted })
}
