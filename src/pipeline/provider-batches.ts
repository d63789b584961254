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
  /** Claims whose run died after submitting, before storing the provider's id: found at the provider and adopted. */
  adopted: { claim_id: string; provider_batch_id: string }[]
  /** Provider batches found ended, their replies and calls stored. */
  ended: { provider_batch_id: string; provider_status: string }[]
  /**
   * The stage events of the units whose provider batches ended, each stage runs again from the stored replies; and of
   * the units whose claim was abandoned before anything reached the provider (released here), each stage claims and
   * submits again.
   */
  emits: UnitEmit[]
  /** Provider batches that could not be asked about this time (network, provider errors); asked again next time. */
  errors: string[]
}

/** How far the provider's clock may be from ours, when its batches' creation times are compared with a claim's. */
const CLOCK_SKEW_MS = 5 * 60_000

/**
 * Asks the providers about every open provider batch; an ended one's replies, and the calls they cost at the batch
 * price, are stored at once, so a restart never loses them, and its unit's stage is run again.
 *
 * A claim older than any step may run belongs to a run that died: before submitting, or after the provider accepted
 * the batch but before its id was stored. The provider is asked for a batch under the claim's tag: found, the claim
 * adopts it; absent, the claim is released and the stage submits again, once; while a batch that may be it cannot
 * tell yet, the claim waits.
 */
export async function pollProviderBatches(
  store: Store,
  clientFor: (provider: LlmProvider) => LlmClient,
  now: () => number = Date.now,
): Promise<PollReport> {
  const report: PollReport = { polled: 0, adopted: [], ended: [], emits: [], errors: [] }
  const rows = await store.providerBatches.open()
  const known = new Set(rows.flatMap((row) => (row.submitted_at === null ? [] : [row.provider_batch_id])))
  for (const open of rows) {
    const stage = open.stage as StageName
    if (!isLlmStage(stage)) continue
    const emit = { topic: STAGE_GRAPH[stage].topic, data: { batch_id: open.batch_id, unit_no: open.unit_no } }
    const claimedAt = Date.parse(open.claimed_at)
    // Claimed, not submitted, and recently: its run is submitting it.
    if (open.submitted_at === null && now() - claimedAt < STEP_TIMEOUT_MS) continue
    try {
      const batch = clientFor(open.provider as LlmProvider).batch
      if (!batch) throw new Error(`provider ${open.provider} has no batch API`)
      let id = open.provider_batch_id
      if (open.submitted_at === null) {
        const lookup = await batch.find({
          tag: id,
          from: claimedAt - CLOCK_SKEW_MS,
          to: claimedAt + STEP_TIMEOUT_MS + CLOCK_SKEW_MS,
          requests: open.requests.length,
          known,
        })
        if ('undecided' in lookup) continue
        if (lookup.found === null) {
          await store.providerBatches.release(id)
          report.emits.push(emit)
          continue
        }
        await store.providerBatches.submitted(id, lookup.found)
        known.add(lookup.found)
        report.adopted.push({ claim_id: id, provider_batch_id: lookup.found })
        id = lookup.found
      }
      report.polled++
      const polled = await batch.poll(id, {
        items: (custom_id) => open.requests.find((r) => r.custom_id === custom_id)?.indicator_ids.length ?? 0,
        // An adopted batch was submitted right after its claim.
        latency_ms: now() - Date.parse(open.submitted_at ?? open.claimed_at),
      })
      if (!polled.ended) continue
      const replies = polled.results.map(({ custom_id, text, error }) => ({ custom_id, text, error }))
      const calls = polled.results.map(({ call }) => ({ ...call, stage }))
      if (!(await store.providerBatches.end(id, polled.status, replies, calls))) continue
      report.ended.push({ provider_batch_id: id, provider_status: polled.status })
      report.emits.push(emit)
    } catch (error) {
      report.errors.push(`${open.provider_batch_id}: ${errorMessage(error)}`)
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
