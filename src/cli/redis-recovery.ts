// When Redis comes back after an outage (the embedded one restarted, an external one reachable again), the units whose
// events died with it go on from where SQLite says they stopped; units whose jobs survived in Redis's data are left
// to their queue, so none runs twice.
import type { Store } from '../db/store'
import { FLOW } from '../pipeline/graph'
import { resumeEvents } from '../pipeline/resume'
import type { UnitEmit } from '../pipeline/topics'
import { unitRefIn } from '../pipeline/unit-events'
import type { UnitRef } from '../taxonomy/stages'

/** The part of Motia's BullMQ event adapter the recovery uses. */
export interface QueueAdapter {
  queueManager: {
    listQueueNames: () => string[]
    getQueue: (name: string) => { getJobs: (types: JobState[]) => Promise<({ data?: unknown } | undefined)[]> }
  }
  emit: (event: UnitEmit & { traceId: string; flows: string[] }) => Promise<void>
}

/** Every state in which a job will still run (or is running): its unit is alive in the queue. */
const LIVE_STATES = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const
type JobState = (typeof LIVE_STATES)[number]

/** After Redis answers again, the queue's own connections (their reconnect backoff is up to 2 s) get this long to
 * reconnect and put back the commands they held, so a job they were adding is seen before anything is re-emitted. */
export const SETTLE_MS = 3_000

const unitKey = (ref: UnitRef) => `${ref.batch_id}\u0000${ref.unit_no}`

/** The units that have a job waiting, delayed or running in any queue. */
async function queuedUnits(adapter: QueueAdapter): Promise<Set<string>> {
  const units = new Set<string>()
  for (const name of adapter.queueManager.listQueueNames()) {
    for (const job of await adapter.queueManager.getQueue(name).getJobs([...LIVE_STATES])) {
      const ref = unitRefIn((job?.data as { data?: unknown } | undefined)?.data)
      if (ref) units.add(unitKey(ref))
    }
  }
  return units
}

/** Re-emits the next step of every unfinished unit that has no job left in the queue; returns how many events. */
export async function resumeAfterRedis(store: Store, adapter: QueueAdapter): Promise<number> {
  const alive = await queuedUnits(adapter)
  const events = await resumeEvents(store, undefined, (ref) => alive.has(unitKey(ref)))
  const traceId = `redis-recovery-${Date.now()}`
  for (const event of events) await adapter.emit({ ...event, traceId, flows: [FLOW] })
  return events.length
}

/** The events of a node-redis client that tell a lost connection and its return. */
export interface ConnectionEvents {
  on(event: 'ready' | 'reconnecting', listener: () => void): unknown
}

/**
 * Calls `recover` once each time the client is ready again after losing its connection, SETTLE_MS later; a loss
 * during a recovery waits for the next return.
 */
export function onRedisReturn(client: ConnectionEvents, recover: () => Promise<void>): void {
  let lost = false
  let timer: NodeJS.Timeout | undefined
  client.on('reconnecting', () => {
    lost = true
    clearTimeout(timer)
  })
  client.on('ready', () => {
    if (!lost) return
    lost = false
    timer = setTimeout(() => void recover(), SETTLE_MS)
  })
}
