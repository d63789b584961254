import type { MotiaPlugin, MotiaPluginContext } from 'motia'
import { getStore } from '../src/db/open'
import type { Store, UnitLease } from '../src/db/store'
import { loadServiceConfig } from '../src/settings/service'
import { FLOW } from '../src/pipeline/graph'
import { resumeUnits } from '../src/pipeline/resume'

export default function crashResumePlugin(motia: MotiaPluginContext): MotiaPlugin {
  const config = loadServiceConfig()
  const store = getStore(config)
  const lease = { owner: config.replica_id, ttl_ms: config.lease_ms }
  void resumeUnfinished(motia, store, lease)
  holdLeases(motia, store, lease)
  return { workbench: [] }
}

/**
 * After a crash the queue may have lost the events of unfinished batches: the database knows where each unit stopped, so
 * its next step is emitted again, for the units no live replica holds (another replica's are its own business).
 * Finished work is never redone; an event that still was queued just skips.
 */
async function resumeUnfinished(motia: MotiaPluginContext, store: Store, lease: UnitLease): Promise<void> {
  const events = await resumeUnits(store, await store.leases.take(lease))
  if (events.length === 0) return
  const traceId = `resume-${Date.now()}`
  console.log(`[classify] resuming ${events.length} unit events of unfinished batches`)
  // Give the step workers a moment to subscribe before their topics get events.
  setTimeout(() => {
    for (const event of events) void motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }, 1_000)
}

/**
 * The server renews its replica's leases (its step processes run under the same name) while it lives, and takes over
 * the units of a replica that stopped renewing (it died): their jobs may be locked to the dead worker until the
 * queue's visibility timeout, so their next step is emitted again once their lease expired.
 */
function holdLeases(motia: MotiaPluginContext, store: Store, lease: UnitLease): void {
  const tick = async () => {
    await store.leases.renew(lease)
    const orphans = await store.leases.take(lease, true)
    if (orphans.length === 0) return
    console.log(`[classify] taking over ${orphans.length} units of a replica that stopped renewing its leases`)
    const traceId = `takeover-${Date.now()}`
    for (const event of await resumeUnits(store, orphans))
      await motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }
  setInterval(
    () => void tick().catch((error: Error) => console.error(`[classify] lease renewal failed: ${error.message}`)),
    lease.ttl_ms / 3,
  ).unref()
}
