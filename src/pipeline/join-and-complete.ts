import { stepSettings } from '../settings/handed'
import { serviceConfigOf } from '../settings/service-config'
import { getStore } from '../db/open'
import type { UnitRef } from '../taxonomy/stages'
import { completeUnitClassifications } from './complete'
import { BRANCH_STAGES, type BranchStage } from './graph'
import { joinEmits, type UnitEmit } from './topics'
import { parseBranchDone, parseUnitRef } from './unit-events'

// The join and complete steps touch only the store: this module keeps their processes from loading the classifiers.
const store = () => getStore(serviceConfigOf(stepSettings()))

/** The events that carry the joined unit on when this branch's event is the one that must emit them (exactly once per unit), else none. */
export async function joinBranch(
  event: unknown,
): Promise<{ ref: UnitRef; branch: BranchStage; emits: UnitEmit[]; markEmitted: () => Promise<void> }> {
  const { branch, ...ref } = parseBranchDone(event)
  const handle = store()
  const claimed = await handle.joins.claim(ref, branch, BRANCH_STAGES)
  return { ref, branch, emits: claimed ? joinEmits(ref) : [], markEmitted: () => handle.joins.recordEmitted(ref) }
}

export async function completeStep(event: unknown) {
  const ref = parseUnitRef(event)
  return { ref, ...(await completeUnitClassifications(store(), ref)) }
}
