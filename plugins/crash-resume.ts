import type { MotiaPlugin, MotiaPluginContext } from 'motia'
import { getStore } from '../src/db/open'
import type { Store } from '../src/db/store'
import { loadServiceConfig } from '../src/settings/service'
import { FLOW } from '../src/pipeline/graph'
import { resumeEvents } from '../src/pipeline/resume'

export default function crashResumePlugin(motia: MotiaPluginContext): MotiaPlugin {
  void resumeUnfinished(motia, getStore(loadServiceConfig().database_path))
  return { workbench: [] }
}

/**
 * After a crash the queue may have lost the events of unfinished batches: the database knows where each unit stopped, so
 * its next step is emitted again. Finished work is never redone; an event that still was queued just skips.
 */
async function resumeUnfinished(motia: MotiaPluginContext, store: Store): Promise<void> {
  const events = await resumeEvents(store)
  if (events.length === 0) return
  const traceId = `resume-${Date.now()}`
  console.log(`[classify] resuming ${events.length} unit events of unfinished batches`)
  // Give the step workers a moment to subscribe before their topics get events.
  setTimeout(() => {
    for (const event of events) void motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }, 1_000)
}
