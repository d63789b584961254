import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { normalizeStage } from '../src/pipeline/stages/normalize'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'Normalize',
  description: "Parses units and reconciles the request's currency_code and scale for a unit of indicators",
  subscribes: [TOPICS.normalize],
  emits: nextTopics('normalize'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  // The three branches run in parallel; the last of them to finish carries the unit on to the family.
  const { ref, run, emitted } = await runStageStep(normalizeStage, input, emit)
  logger.info('normalize done', { ...ref, ...run, emitted })
}
