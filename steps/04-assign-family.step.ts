import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { familyStage } from '../src/pipeline/stages/family'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'AssignFamily',
  description: 'Family of TAXONOMY §2 for each indicator of the unit',
  subscribes: [TOPICS.family],
  emits: nextTopics('family'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run, emitted } = await runStageStep(familyStage, input, emit)
  logger.info('family done', { ...ref, ...run, emitted })
}
