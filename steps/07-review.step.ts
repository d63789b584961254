import type { EventConfig, EventHandler } from 'motia'
import { runStageStep } from '../src/pipeline/step-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'Review',
  description: 'Checks the TAXONOMY §5 invariants, corrects what is derivable and flags low confidence or conflicts',
  subscribes: [TOPICS.review],
  emits: [TOPICS.complete],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { emit, logger }) => {
  const { ref, run } = await runStageStep('review', input)
  logger.info('review done', { ...ref, ...run })
  await emit({ topic: TOPICS.complete, data: ref })
}
