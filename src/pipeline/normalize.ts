import { reconcileUnits, type ParsedUnits } from '../normalize/units'
import { resolveSharedCurrency } from '../normalize/currency-country'
import { describedAggregation, type DescribedAggregation } from '../normalize/description'
import { readIndicatorUnits } from '../normalize/title-units'
import type { IndicatorInput } from '../taxonomy/index'

export interface NormalizedIndicator {
  /** What the rules read as the subject: the name without a unit it carries in place of the units field. */
  name: string
  units: ParsedUnits & { conflicts: string[] }
  /** How the description says the value aggregates over its period, for the rules' aggregation table. */
  described_aggregation: DescribedAggregation | null
}

export function normalizeIndicator(input: IndicatorInput): NormalizedIndicator {
  const { subject, units } = readIndicatorUnits(input.name, input.units)
  const reconciled = reconcileUnits(units, { currency_code: input.currency_code, scale: input.scale })
  return {
    name: subject,
    units: { ...resolveSharedCurrency(reconciled, input.name), conflicts: reconciled.conflicts },
    described_aggregation: describedAggregation(input.description),
  }
}
