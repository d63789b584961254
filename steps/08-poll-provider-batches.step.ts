import type { CronConfig, CronHandler } from 'motia'
import { FLOW } from '../src/pipeline/graph'
import { pollCron, pollOpenProviderBatches } from '../src/pipeline/provider-batches'
import { TOPICS, type UnitEmit } from '../src/pipeline/topics'
import { settings } from '../src/settings/index'

// Batch delivery (LLM_DELIVERY=batch): a stage that submitted a provider batch ends without holding a step; this
// poller stores each ended batch's replies and runs the stage again from them.
export const config = {
  type: 'cron',
  name: 'PollProviderBatches',
  description: 'Ask the providers about open provider batches; resume the stages whose batches ended',
  cron: pollCron(settings().LLM_BATCH_POLL_SECONDS),
  emits: [TOPICS.time, TOPICS.family, TOPICS.type, TOPICS.review],
  flows: [FLOW],
} satisfies CronConfig

export const handler: CronHandler<UnitEmit> = async ({ emit, logger }) => {
  const report = await pollOpenProviderBatches()
  if (report.polled > 0) logger.info('provider batches polled', { ...report, emits: report.emits.length })
  await Promise.all(report.emits.map((event) => emit(event)))
}
