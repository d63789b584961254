import type { BatchRow, Store } from '../db/store'
import { indicatorInputSchema, type IndicatorInput } from '../taxonomy/index'
import type { Issue } from './http'

/** What of a request must match the stored batch for a re-post of its batch_id to be the same batch. */
export interface BatchContent {
  indicators: IndicatorInput[]
  llm_provider?: string | undefined
  refresh?: boolean | undefined
  /** The service's LLM_DELIVERY when absent, so only a delivery the request names can differ. */
  llm_delivery?: string | undefined
}

const FIELDS = Object.keys(indicatorInputSchema.shape) as (keyof IndicatorInput)[]
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const shown = (value: unknown) => {
  const text = JSON.stringify(value ?? null)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/**
 * The first difference between a re-posted body and the batch stored under its batch_id, in request order, or null
 * when they are the same batch. The stored indicators are the content: they were stored with the batch atomically,
 * so whichever of several concurrent posts won the insert is what every other post is compared with.
 */
export async function firstDifference(store: Store, batch: BatchRow, request: BatchContent): Promise<Issue | null> {
  if ((request.llm_provider ?? null) !== batch.llm_provider) {
    return {
      path: 'llm_provider',
      message: `${shown(request.llm_provider)} differs from the stored ${shown(batch.llm_provider)}`,
    }
  }
  if ((request.refresh ?? false) !== Boolean(batch.refresh)) {
    return { path: 'refresh', message: `${request.refresh ?? false} differs from the stored ${Boolean(batch.refresh)}` }
  }
  if (request.llm_delivery !== undefined && request.llm_delivery !== batch.llm_delivery) {
    return {
      path: 'llm_delivery',
      message: `${shown(request.llm_delivery)} differs from the stored ${shown(batch.llm_delivery)}`,
    }
  }
  const stored = new Map<string, IndicatorInput>()
  for (let unit_no = 0; unit_no < batch.unit_count; unit_no++) {
    for (const indicator of await store.batches.unitInputs({ batch_id: batch.batch_id, unit_no }))
      stored.set(indicator.indicator_id, indicator)
  }
  for (const [i, indicator] of request.indicators.entries()) {
    const before = stored.get(indicator.indicator_id)
    if (!before)
      return {
        path: `indicators.${i}.indicator_id`,
        message: `${shown(indicator.indicator_id)} is not in the stored batch`,
      }
    const field = FIELDS.find((f) => !same(indicator[f], before[f]))
    if (field)
      return {
        path: `indicators.${i}.${field}`,
        message: `${shown(indicator[field])} differs from the stored ${shown(before[field])}`,
      }
  }
  if (request.indicators.length !== batch.total) {
    return {
      path: 'indicators',
      message: `${request.indicators.length} indicators, the stored batch has ${batch.total}`,
    }
  }
  return null
}
