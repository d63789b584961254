import type { Store, UnfinishedUnit } from '../db/store'
import type { StageName, UnitRef } from '../taxonomy/stages'
import { AFTER_JOIN, COMPLETE_TOPIC, LEVELS, STAGE_GRAPH } from './graph'
import type { UnitEmit } from './topics'

/**
 * The events that carry every unfinished unit on from where the store says it stopped: after a crash (the queue may
 * have lost its jobs) or a retry. Finished stages are never run again; a stage that is redelivered twice skips.
 * The unit goes on after the latest level of the graph it finished (complete after the last), to that level's
 * stages it has not finished. Units `alive` names (their events are still queued) are left to their queue.
 */
export async function resumeEvents(
  store: Store,
  batchId?: string,
  alive: (ref: UnitRef) => boolean = () => false,
): Promise<UnitEmit[]> {
  return resumeUnits(store, await store.batches.unfinishedUnits(batchId), alive)
}

/** The next events of the given units (e.g. those a replica took over, see LeaseStore.take). */
export async function resumeUnits(
  store: Store,
  units: UnfinishedUnit[],
  alive: (ref: UnitRef) => boolean = () => false,
): Promise<UnitEmit[]> {
  const events: UnitEmit[] = []
  for (const unit of units) {
    const ref = { batch_id: unit.batch_id, unit_no: unit.unit_no }
    if (alive(ref)) continue
    const done = (stage: StageName) => (unit.done[stage] ?? 0) >= unit.size
    const finished = LEVELS.findLastIndex((level) => level.every(done))
    const next = LEVELS[finished + 1]
    if (!next) {
      events.push({ topic: COMPLETE_TOPIC, data: ref })
      continue
    }
    // The join may have been claimed by a process that died before emitting: emit for it.
    if (next.some((stage) => AFTER_JOIN.includes(stage)) && !unit.join_emitted) await store.joins.recordEmitted(ref)
    for (const stage of next) if (!done(stage)) events.push({ topic: STAGE_GRAPH[stage].topic, data: ref })
  }
  return events
}
