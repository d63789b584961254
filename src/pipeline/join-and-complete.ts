import { loadServiceConfig } from '../config'
import { getDb } from '../db/connection'
import { claimJoin, recordJoinEmitted } from '../db/repository'
import type { UnitRef } from '../taxonomy/stages'
import { completeUnitClassifications } from './complete'
import { BRANCH_STAGES, type BranchStage } from './graph'
import { joinEmits, type UnitEmit } from './topics'
import { parseBranchDone, parseUnitRef } from './unit-events'

// The join and complete steps touch only SQLite: this module keeps their processes from loading the classifiers.
const db = () => getDb(loadServiceConfig().database_path)

/** The events that carry the joined unit on when this branch's event is the one that must emit them (exactly once per unit), else none. */
export function joinBranch(event: unknown): { ref: UnitRef; branch: BranchStage; emits: UnitEmit[]; markEmitted: () => void } {
  const { branch, ...ref } = parseBranchDone(event)
  const handle = db()
  const claimed = claimJoin(handle, ref, branch, BRANCH_STAGES)
  return { ref, branch, emits: claimed ? joinEmits(ref) : [], markEmitted: () => recordJoinEmitted(handle, ref) }
}

export function completeStep(event: unknown) {
  const ref = parseUnitRef(event)
  return { ref, ...completeUnitClassifications(db(), ref) }
}
