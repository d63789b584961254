import { rawSetting } from '../settings/handed'
import type { StageName } from '../taxonomy/stages'

/**
 * Fault injection for failure-path tests of the running service, off unless CLASSIFY_FAULTS is set:
 * "normalize:A|B" fails indicators A and B in that stage; "family:!C" makes the whole family stage throw for any
 * unit holding indicator C (exercising queue retries and give-up); "family:*" for every unit.
 */
export interface Faults {
  unit: (ids: string[]) => boolean
  indicators: Set<string>
}

// Read raw, not parsed: a free-text test hook that step processes (which load no settings parser) and tests that set
// it read alike.
export function faultsFor(stage: StageName, spec = rawSetting(process.env, 'CLASSIFY_FAULTS') ?? ''): Faults {
  const indicators = new Set<string>()
  const unitTriggers = new Set<string>()
  let everyUnit = false
  for (const part of spec.split(',')) {
    const [name, targets] = part.split(':', 2)
    if (name?.trim() !== stage || targets === undefined) continue
    for (const target of targets.split('|').map((t) => t.trim())) {
      if (target === '*') everyUnit = true
      else if (target.startsWith('!')) unitTriggers.add(target.slice(1))
      else if (target) indicators.add(target)
    }
  }
  return { indicators, unit: (ids) => everyUnit || ids.some((id) => unitTriggers.has(id)) }
}
