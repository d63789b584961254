import type { Db } from '../db/connection'
import { completeUnit, loadStageOutcomes, loadUnitInputs, saveClassifications, type BatchStatus, type ClassificationRow } from '../db/repository'
import { finalRow } from './final-row'
import type { UnitRef } from '../taxonomy/stages'

/** Writes every indicator of the unit its final row (classified or failed) and settles the batch when it is the last unit. */
export function completeUnitClassifications(db: Db, ref: UnitRef): { rows: number; failed: number; batch_finished: boolean; status: BatchStatus } {
  const inputs = loadUnitInputs(db, ref)
  const outcomes = loadStageOutcomes(db, ref, ['review'])
  const rows: ClassificationRow[] = inputs.map((input) => {
    const row = finalRow(input, outcomes.get(input.indicator_id)?.review)
    const { indicator_id, name, units, status, error, ...fields } = row
    return { indicator_id, name, units, status, error, fields: status === 'completed' ? fields : null }
  })
  return db.transaction(() => {
    saveClassifications(db, ref.batch_id, rows)
    const settled = completeUnit(db, ref)
    return { rows: rows.length, failed: rows.filter((r) => r.status === 'failed').length, ...settled }
  }).immediate()
}
