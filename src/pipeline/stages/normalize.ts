import { parseUnits, reconcileUnits, type ParsedUnits } from '../normalize/units'
import type { IndicatorInput } from '../taxonomy/index'

export interface NormalizedIndicator {
  name: string
  units: ParsedUnits & { conflicts: string[] }
}

const collapse = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

export function normalizeIndicator(input: IndicatorInput): NormalizedIndicator {
  const units = reconcileUnits(parseUnits(input.units), { currency_code: input.currency_code, scale: input.scale })
  return { name: collapse(input.name), units }
}
