import type { StageName } from './types'

/**
 * Fault injection for failure-path tests of the running service: CLASSIFY_FAULTS="family:*" makes every unit's
 * family stage throw (exercising queue retries and give-up), "normalize:IND-1|IND-2" fails just those indicators.
 */
export interface Faults {
  unit: boolean
  indicators: Set<string>
}

export function faultsFor(stage: StageName, env: NodeJS.ProcessEnv = process.env): Faults {
  const faults: Faults = { unit: false, indicators: new Set() }
  for (const spec of (env.CLASSIFY_FAULTS ?? '').split(',')) {
    const [name, targets] = spec.split(':', 2)
    if (name?.trim() !== stage || targets === undefined) continue
    for (const target of targets.split('|').map((t) => t.trim())) {
      if (target === '*') faults.unit = true
      else if (target) faults.indicators.add(target)
    }
  }
  return faults
}
