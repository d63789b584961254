import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { scaleStage } from '../src/pipeline/stages/scale'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'InferScale',
  description: 'Scale, multiplier and unit type from the parsed units',
  subscribes: [TOPICS.scale],
  emits: nextTopics('scale'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run, emitted } = await runStageStep(scaleStage, input, emit)
  logger.info('scale done', { ...ref, ...run, emitted })
}
