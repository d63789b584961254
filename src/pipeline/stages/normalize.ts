import { parseUnits, reconcileUnits } from '../../normalize/units'
import type { IndicatorInput } from '../../taxonomy/index'
import type { NormalizedIndicator, StageDef } from '../types'
import { perIndicator } from './shared'

const collapse = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

function normalizeIndicator(input: IndicatorInput): NormalizedIndicator {
  const units = reconcileUnits(parseUnits(input.units), { currency_code: input.currency_code, scale: input.scale })
  return { name: collapse(input.name), units }
}

export const normalizeStage: StageDef = {
  name: 'normalize',
  run: perIndicator((item) => {
    const result = normalizeIndicator(item.input)
    return { result, confidence: result.units.confidence }
  }),
}
