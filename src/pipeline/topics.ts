import { stepSettings } from '../settings/handed'
import { STAGES, type StageName, type UnitRef } from '../taxonomy/stages'
import { COMPLETE_TOPIC, FLOW, nextTopics, STAGE_GRAPH } from './graph'
import { unitEventSchema } from './unit-events'

/** Every topic of the flow by name, shared by the steps and the API, so an emit and its subscriber cannot drift apart. */
export const TOPICS = {
  ...(Object.fromEntries(STAGES.map((stage) => [stage, STAGE_GRAPH[stage].topic])) as {
    [S in StageName]: (typeof STAGE_GRAPH)[S]['topic']
  }),
  complete: COMPLETE_TOPIC,
}

/** Motia's longest handler timeout: no step invocation runs longer (it is killed), so no stage run claims longer. */
export const STEP_TIMEOUT_MS = 900_000

/**
 * Queue settings for every event step. Handlers are idempotent, so a retry is safe; after the last attempt the
 * stage runner stores the unit's indicators as failed itself (see runner.ts), so nothing is left behind in the DLQ.
 * A unit's LLM calls may wait long on a provider's rate limit, hence Motia's longest handler timeout (900 s); the
 * visibility timeout only has to outlast it: after a crash the service resumes units from SQLite itself.
 */
export function queueInfrastructure() {
  return {
    handler: { timeout: STEP_TIMEOUT_MS / 1000 },
    queue: {
      type: 'standard' as const,
      maxRetries: stepSettings().CLASSIFY_STEP_RETRIES,
      visibilityTimeout: 930,
      concurrency: 5,
    },
  }
}

/** What every pipeline step emits: a reference to a unit, never the indicators themselves (Motia passes event data on a command line). */
export type UnitEmit = { topic: string; data: UnitRef }

/** The events a stage's step emits for a unit it finished (a branch, when its join claim succeeds). */
export const stageEmits = (stage: StageName, ref: UnitRef): UnitEmit[] =>
  nextTopics(stage).map((topic) => ({ topic, data: ref }))

/**
 * The Motia config of a stage's step, all of it from the graph: the stage steps differ only in the stage they run.
 * Typed as Motia's EventConfig where the step declares it (src/ does not import Motia).
 */
export const stageStepConfig = (stage: StageName) => ({
  type: 'event' as const,
  ...STAGE_GRAPH[stage].step,
  subscribes: [TOPICS[stage]],
  emits: nextTopics(stage),
  input: unitEventSchema,
  flows: [FLOW],
  infrastructure: queueInfrastructure(),
})
