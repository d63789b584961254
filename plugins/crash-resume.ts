import type { MotiaPlugin, MotiaPluginContext } from 'motia'
import { loadServiceConfig } from '../src/config'
import { getDb } from '../src/db/connection'
import { FLOW } from '../src/pipeline/graph'
import { resumeEvents } from '../src/pipeline/resume'

export default function crashResumePlugin(motia: MotiaPluginContext): MotiaPlugin {
  resumeUnfinished(motia, getDb(loadServiceConfig().database_path))
  return { workbench: [] }
}

/**
 * After a crash the queue may have lost the events of unfinished batches: SQLite knows where each unit stopped, so
 * its next step is emitted again. Finished work is never redone; an event that still was queued just skips.
 */
function resumeUnfinished(motia: MotiaPluginContext, db: ReturnType<typeof getDb>): void {
  const events = resumeEvents(db)
  if (events.length === 0) return
  const traceId = `resume-${Date.now()}`
  console.log(`[classify] resuming ${events.length} unit events of unfinished batches`)
  // Give the step workers a moment to subscribe before their topics get events.
  setTimeout(() => {
    for (const event of events) void motia.eventAdapter.emit({ ...event, traceId, flows: [FLOW] })
  }, 1_000)
}
