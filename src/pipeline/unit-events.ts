import { BRANCH_STAGES, type BranchStage } from './topics'
import type { UnitRef } from './types'

// Motia does not enforce event input schemas, so every step checks its event. Written by hand rather than with zod:
// the join and complete steps run four times per unit and need not load it.
export function parseUnitRef(event: unknown): UnitRef {
  const e = event as Partial<UnitRef> | null
  if (!e || typeof e.batch_id !== 'string' || e.batch_id === '' || !Number.isInteger(e.unit_no) || (e.unit_no as number) < 0) {
    throw new Error(`malformed unit event ${JSON.stringify(event)}: expected {batch_id: string, unit_no: integer >= 0}`)
  }
  return { batch_id: e.batch_id, unit_no: e.unit_no as number }
}

export function parseBranchDone(event: unknown): UnitRef & { branch: BranchStage } {
  const branch = (event as { branch?: unknown } | null)?.branch
  if (!BRANCH_STAGES.includes(branch as BranchStage)) throw new Error(`malformed branch event ${JSON.stringify(event)}: branch must be one of ${BRANCH_STAGES.join(', ')}`)
  return { ...parseUnitRef(event), branch: branch as BranchStage }
}
