import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { reviewStage } from '../src/pipeline/stages/review'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'Review',
  description: 'Checks the TAXONOMY §5 invariants, corrects what is derivable and flags low confidence or conflicts',
  subscribes: [TOPICS.review],
  emits: nextTopics('review'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run, emitted } = await runStageStep(reviewStage, input, emit)
  logger.info('review done', { ...ref, ...run, emitted })
}
