import type { BatchStatus, ClassificationRow, Store } from '../db/store'
import { finalRow } from './final-row'
import type { UnitRef } from '../taxonomy/stages'

/** Writes every indicator of the unit its final row (classified or failed) and settles the batch when it is the last unit. */
export async function completeUnitClassifications(
  store: Store,
  ref: UnitRef,
): Promise<{ rows: number; failed: number; batch_finished: boolean; status: BatchStatus }> {
  const inputs = await store.batches.unitInputs(ref)
  const outcomes = await store.stages.outcomes(ref, ['review'])
  const rows: ClassificationRow[] = inputs.map((input) => {
    const row = finalRow(input, outcomes.get(input.indicator_id)?.review)
    const { indicator_id, name, units, status, error, ...fields } = row
    return { indicator_id, name, units, status, error, fields: status === 'completed' ? fields : null }
  })
  const settled = await store.classifications.completeUnit(ref, rows)
  return { rows: rows.length, failed: rows.filter((r) => r.status === 'failed').length, ...settled }
}
