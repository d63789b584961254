import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Store, UnitLease } from '../db/store'
import type { StageName, StageOutcome, UnitRef } from '../taxonomy/stages'
import { faultsFor } from './faults'
import { upstream } from './graph'
import { WaitingForProviderBatch } from './provider-wait'
import { runStageOver } from './stage-outcomes'
import type { StageContext, StageDef } from './types'

/** How often a delivery waiting for another run of its stage asks again. */
const CLAIM_POLL_MS = 500

export interface StageRun {
  stage: StageName
  items: number
  failed_items: number
  duration_ms: number
  attempt: number
  /** Already done by an earlier delivery of the same event: nothing was recomputed. */
  skipped: boolean
  /** Attempts exhausted: the unit's indicators carry an error outcome and the flow goes on. */
  gave_up: boolean
  /** The provider batch the stage waits for: nothing was stored, the poller runs the stage again once it ends. */
  waiting_for: string | null
}

/**
 * One stage over one unit, idempotent and resumable: results already stored are not recomputed, and after
 * `maxAttempts` failures the unit's indicators are marked failed instead of vanishing into a dead-letter queue. The run
 * claims the unit's stage under `lease` (for at most the step timeout, see LeaseStore): a second delivery meanwhile
 * waits for it and then finds the stage done.
 */
export async function runUnitStage(
  store: Store,
  ref: UnitRef,
  def: StageDef,
  ctx: StageContext,
  maxAttempts: number,
  lease: UnitLease,
): Promise<StageRun> {
  const stage = def.name
  const started = performance.now()
  const inputs = await store.batches.unitInputs(ref)
  if (inputs.length === 0) throw new Error(`unit ${ref.batch_id}/${ref.unit_no} has no indicators`)
  const base = { stage, items: inputs.length, attempt: 0, gave_up: false, waiting_for: null }
  const runId = randomUUID()
  while (!(await store.leases.claimRun(ref, stage, lease, runId))) await sleep(CLAIM_POLL_MS)
  try {
    // Read under the claim: a run that ended just before it has stored its outcomes.
    const prior = await store.stages.outcomes(ref, [...upstream(stage), stage])
    if (inputs.every((i) => prior.get(i.indicator_id)?.[stage])) {
      const failed_items = inputs.filter((i) => !prior.get(i.indicator_id)?.[stage]?.ok).length
      return { ...base, failed_items, duration_ms: performance.now() - started, skipped: true }
    }
    return await attemptStage(prior)
  } finally {
    await store.leases.releaseRun(ref, stage, runId)
  }

  async function attemptStage(prior: Map<string, Partial<Record<StageName, StageOutcome>>>): Promise<StageRun> {
    const attempt = await store.stages.startAttempt(ref, stage, inputs.length)
    const faults = faultsFor(stage)
    try {
      if (faults.unit(inputs.map((i) => i.indicator_id))) throw new Error(`injected fault in stage ${stage}`)
      // Only what has no outcome yet: a redelivered, resumed or retried unit never pays twice for finished work.
      const outcomes = await runStageOver(
        def,
        inputs.filter((i) => !prior.get(i.indicator_id)?.[stage]),
        prior,
        ctx,
      )
      for (const id of faults.indicators)
        if (outcomes.has(id)) outcomes.set(id, { ok: false, error: `injected fault in stage ${stage}` })
      const failed_items = [...outcomes.values()].filter((o) => !o.ok).length
      const duration_ms = performance.now() - started
      await store.stages.endAttempt(
        ref,
        stage,
        { attempt, status: 'ok', items: inputs.length, failed_items, duration_ms },
        outcomes,
      )
      return { ...base, attempt, failed_items, duration_ms, skipped: false }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const duration_ms = performance.now() - started
      if (error instanceof WaitingForProviderBatch) {
        const entry = { attempt, items: inputs.length, failed_items: 0, duration_ms, error: message }
        await store.stages.endAttempt(ref, stage, { ...entry, status: 'waiting' })
        return { ...base, attempt, failed_items: 0, duration_ms, skipped: false, waiting_for: error.provider_batch_id }
      }
      if (attempt < maxAttempts) {
        await store.stages.endAttempt(ref, stage, {
          attempt,
          status: 'error',
          items: inputs.length,
          failed_items: inputs.length,
          duration_ms,
          error: message,
        })
        throw error
      }
      const failures = new Map<string, StageOutcome>(
        inputs
          .filter((i) => !prior.get(i.indicator_id)?.[stage])
          .map((i) => [i.indicator_id, { ok: false, error: `${stage} failed after ${attempt} attempts: ${message}` }]),
      )
      await store.stages.endAttempt(
        ref,
        stage,
        { attempt, status: 'gave-up', items: inputs.length, failed_items: inputs.length, duration_ms, error: message },
        failures,
      )
      return { ...base, attempt, failed_items: inputs.length, duration_ms, skipped: false, gave_up: true }
    }
  }
}
