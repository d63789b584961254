import { getStore } from '../db/open'
import type { Store } from '../db/store'
import { createLlmClient } from '../llm/client'
import { loadLlmConfig } from '../llm/config'
import { errorMessage } from '../llm/errors'
import type { LlmClient, LlmProvider } from '../llm/types'
import { loadServiceConfig } from '../settings/service'
import { isLlmStage, type StageName } from '../taxonomy/stages'
import { STAGE_GRAPH } from './graph'
import { STEP_TIMEOUT_MS, type UnitEmit } from './topics'

export interface PollReport {
  /** Provider batches asked about. */
  polled: number
  /** Provider batches found ended, their replies and calls stored. */
  ended: { provider_batch_id: string; provider_status: string }[]
  /**
   * The stage events of the units whose provider batches ended, each stage runs again from the stored replies; and of
   * the units whose claim was abandoned (released here), each stage claims and submits again.
   */
  emits: UnitEmit[]
  /** Provider batches that could not be asked about this time (network, provider errors); asked again next time. */
  errors: string[]
}

/**
 * Asks the providers about every open provider batch; an ended one's replies, and the calls they cost at the batch
 * price, are stored at once, so a restart never loses them, and its unit's stage is run again.
 */
export async function pollProviderBatches(
  store: Store,
  clientFor: (provider: LlmProvider) => LlmClient,
  now: () => number = Date.now,
): Promise<PollReport> {
  const report: PollReport = { polled: 0, ended: [], emits: [], errors: [] }
  for (const row of await store.providerBatches.open()) {
    const stage = row.stage as StageName
    if (!isLlmStage(stage)) continue
    const emit = { topic: STAGE_GRAPH[stage].topic, data: { batch_id: row.batch_id, unit_no: row.unit_no } }
    if (row.submitted_at === null) {
      // Claimed, not submitted: its run is submitting it, or died doing so if it is older than any step may run.
      if (now() - Date.parse(row.claimed_at) < STEP_TIMEOUT_MS) continue
      await store.providerBatches.release(row.provider_batch_id)
      report.emits.push(emit)
      continue
    }
    report.polled++
    try {
      const batch = clientFor(row.provider as LlmProvider).batch
      if (!batch) throw new Error(`provider ${row.provider} has no batch API`)
      const polled = await batch.poll(row.provider_batch_id, {
        items: (custom_id) => row.requests.find((r) => r.custom_id === custom_id)?.indicator_ids.length ?? 0,
        latency_ms: now() - Date.parse(row.submitted_at),
      })
      if (!polled.ended) continue
      const replies = polled.results.map(({ custom_id, text, error }) => ({ custom_id, text, error }))
      const calls = polled.results.map(({ call }) => ({ ...call, stage }))
      if (!(await store.providerBatches.end(row.provider_batch_id, polled.status, replies, calls))) continue
      report.ended.push({ provider_batch_id: row.provider_batch_id, provider_status: polled.status })
      report.emits.push(emit)
    } catch (error) {
      report.errors.push(`${row.provider_batch_id}: ${errorMessage(error)}`)
    }
  }
  return report
}

/** The poller of this process's settings, for the cron step. */
export function pollOpenProviderBatches(): Promise<PollReport> {
  const config = loadLlmConfig()
  const store = getStore(loadServiceConfig())
  const clients = new Map<LlmProvider, LlmClient>()
  return pollProviderBatches(store, (provider) => {
    if (!clients.has(provider)) clients.set(provider, createLlmClient(config, provider))
    return clients.get(provider)!
  })
}

/** node-cron's expression for every `seconds` (six fields: seconds first); a minute or more runs on whole minutes. */
export function pollCron(seconds: number): string {
  return seconds < 60 ? `*/${seconds} * * * * *` : `0 */${Math.max(1, Math.round(seconds / 60))} * * * *`
}
