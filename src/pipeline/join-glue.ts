import { loadServiceConfig } from '../config'
import { getStore } from '../db/open'
import { completeUnitClassifications } from './complete'
import { BRANCH_STAGES, type BranchStage } from './topics'
import type { UnitRef } from './types'
import { parseBranchDone, parseUnitRef } from './unit-ref'

// The join and complete steps touch only SQLite: this module keeps their processes from loading the classifiers.
const store = () => getStore(loadServiceConfig())

/** True when this branch's event is the one that must emit the joined unit (exactly once per unit). */
export async function joinBranch(event: unknown): Promise<{ ref: UnitRef; branch: BranchStage; emit: boolean; markEmitted: () => Promise<void> }> {
  const { branch, ...ref } = parseBranchDone(event)
  const handle = store()
  return { ref, branch, emit: await handle.joins.claim(ref, branch, BRANCH_STAGES), markEmitted: () => handle.joins.recordEmitted(ref) }
}

export async function completeStep(event: unknown) {
  const ref = parseUnitRef(event)
  return { ref, ...(await completeUnitClassifications(store(), ref)) }
}
