import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'CheckCurrency',
  description: "ISO 4217 currency from units and the request's currency_code",
  subscribes: [TOPICS.currency],
  emits: [TOPICS.branchDone],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('currency', input)
  logger.info('currency done', { ...ref, ...run })
  await emit({ topic: TOPICS.branchDone, data: { ...ref, branch: 'currency' } })
}
