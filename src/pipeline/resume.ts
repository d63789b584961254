import type { Store, UnfinishedUnit } from '../db/store'
import { BRANCH_STAGES, TOPICS, type UnitEmit } from './topics'

/**
 * The events that carry every unfinished unit on from where SQLite says it stopped: after a crash (the queue may
 * have lost its jobs) or a retry. Finished stages are never run again; a stage that is redelivered twice skips.
 */
export async function resumeEvents(store: Store, batchId?: string): Promise<UnitEmit[]> {
  return resumeUnits(store, await store.batches.unfinishedUnits(batchId))
}

/** The next event of each of the given units (e.g. those a starting replica took over, see LeaseStore). */
export async function resumeUnits(store: Store, units: UnfinishedUnit[]): Promise<UnitEmit[]> {
  const events: UnitEmit[] = []
  for (const unit of units) {
    const ref = { batch_id: unit.batch_id, unit_no: unit.unit_no }
    const done = (stage: keyof typeof unit.done) => (unit.done[stage] ?? 0) >= unit.size
    if (done('review')) events.push({ topic: TOPICS.complete, data: ref })
    else if (done('type')) events.push({ topic: TOPICS.review, data: ref })
    else if (done('family')) events.push({ topic: TOPICS.type, data: ref })
    else if (BRANCH_STAGES.every(done)) {
      // The join may have been claimed by a process that died before emitting: emit for it.
      if (!unit.join_emitted) await store.joins.recordEmitted(ref)
      events.push({ topic: TOPICS.family, data: ref })
    } else if (done('normalize')) {
      for (const branch of BRANCH_STAGES) if (!done(branch)) events.push({ topic: TOPICS[branch], data: ref })
    } else events.push({ topic: TOPICS.normalize, data: ref })
  }
  return events
}
