import { resolveSharedCurrency, withoutPppDollar } from '../../normalize/currency-country'
import { describedAggregation } from '../../normalize/description'
import { readIndicatorUnits } from '../../normalize/title-units'
import { reconcileUnits } from '../../normalize/units'
import type { IndicatorInput } from '../../taxonomy/index'
import type { NormalizedIndicator, StageDef } from '../types'
import { perIndicator } from './shared'

export function normalizeIndicator(input: IndicatorInput): NormalizedIndicator {
  const { subject, units } = readIndicatorUnits(input.name, input.units)
  const reconciled = reconcileUnits(units, { currency_code: input.currency_code, scale: input.scale })
  const resolved = resolveSharedCurrency(reconciled, input.name, input.source_name)
  return {
    name: subject,
    // A currency_code the request states is the catalogue's own word on it, PPP in the name or not.
    units: {
      ...(input.currency_code ? resolved : withoutPppDollar(resolved, input.name)),
      conflicts: reconciled.conflicts,
    },
    // "Monthly, average of business days" (Fed H.15): a source-style frequency that says how the value aggregates.
    described_aggregation: describedAggregation(input.description) ?? describedAggregation(input.periodicity),
  }
}

export const normalizeStage: StageDef = {
  name: 'normalize',
  run: perIndicator((item) => {
    const result = normalizeIndicator(item.input)
    return { result, confidence: result.units.confidence }
  }),
}
