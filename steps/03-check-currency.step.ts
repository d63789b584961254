import type { EventConfig, EventHandler } from 'motia'
import { FLOW, nextTopics } from '../src/pipeline/graph'
import { runStageStep } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { currencyStage } from '../src/pipeline/stages/currency'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'CheckCurrency',
  description: "ISO 4217 currency from units and the request's currency_code",
  subscribes: [TOPICS.currency],
  emits: nextTopics('currency'),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run, emitted } = await runStageStep(currencyStage, input, emit)
  logger.info('currency done', { ...ref, ...run, emitted })
}
