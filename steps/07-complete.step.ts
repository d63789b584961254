import type { EventConfig, EventHandler } from 'motia'
import { FLOW } from '../src/pipeline/graph'
import { completeStep } from '../src/pipeline/complete-step'
import { queueInfrastructure, TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { unitEventSchema, type UnitEvent } from '../src/pipeline/unit-events'

export const config = {
  type: 'event',
  name: 'Complete',
  description: "Stores the unit's final rows and settles the batch status when its last unit is done",
  subscribes: [TOPICS.complete],
  emits: [],
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
} satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = async (input, { logger }) => {
  const done = await completeStep(input)
  logger.info('unit complete', done)
  if (done.batch_finished) logger.info('batch finished', { batch_id: done.ref.batch_id, status: done.status })
}
