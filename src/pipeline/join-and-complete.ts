import { loadServiceConfig } from '../config'
import { getDb } from '../db/connection'
import { claimJoin, recordJoinEmitted } from '../db/repository'
import { completeUnitClassifications } from './complete'
import { BRANCH_STAGES, type BranchStage } from './topics'
import type { UnitRef } from './types'
import { parseBranchDone, parseUnitRef } from './unit-ref'

// The join and complete steps touch only SQLite: this module keeps their processes from loading the classifiers.
const db = () => getDb(loadServiceConfig().database_path)

/** True when this branch's event is the one that must emit the joined unit (exactly once per unit). */
export function joinBranch(event: unknown): { ref: UnitRef; branch: BranchStage; emit: boolean; markEmitted: () => void } {
  const { branch, ...ref } = parseBranchDone(event)
  const handle = db()
  return { ref, branch, emit: claimJoin(handle, ref, branch, BRANCH_STAGES), markEmitted: () => recordJoinEmitted(handle, ref) }
}

export function completeStep(event: unknown) {
  const ref = parseUnitRef(event)
  return { ref, ...completeUnitClassifications(db(), ref) }
}
