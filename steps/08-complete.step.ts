import type { EventConfig, EventHandler } from 'motia'
import { completeStep } from '../src/pipeline/join-glue'
import { FLOW, TOPICS, queueInfrastructure, type UnitEmit } from '../src/pipeline/topics'

export const config = {
  type: 'event',
  name: 'Complete',
  description: "Stores the unit's final rows and settles the batch status when its last unit is done",
  subscribes: [TOPICS.complete],
  emits: [],
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<unknown, UnitEmit> = async (input, { logger }) => {
  const done = await completeStep(input)
  logger.info('unit complete', done)
  if (done.batch_finished) logger.info('batch finished', { batch_id: done.ref.batch_id, status: done.status })
}
