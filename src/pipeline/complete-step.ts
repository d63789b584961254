import { stepSettings } from '../settings/handed'
import { serviceConfigOf } from '../settings/service-config'
import { getStore } from '../db/open'
import { completeUnitClassifications } from './complete'
import { parseUnitRef } from './unit-events'

// The complete step touches only the store: this module keeps its process from loading the classifiers.
export async function completeStep(event: unknown) {
  const ref = parseUnitRef(event)
  return { ref, ...(await completeUnitClassifications(getStore(serviceConfigOf(stepSettings())), ref)) }
}
