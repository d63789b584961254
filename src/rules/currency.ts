import { MONEY_CAPABLE, type IndicatorType } from '../taxonomy/type-facts'
import { hasCurrency, matches } from './match'
import { MAYBE_MONEY_UNITS, MONEY_UNITS } from './money'
import { FX_QUOTE } from './type-rules'
import type { Decision, RulesInput } from './types'

const isMoney = (input: RulesInput) =>
  MONEY_UNITS.includes(input.units.parsed_unit_type) ||
  (MAYBE_MONEY_UNITS.includes(input.units.parsed_unit_type) && hasCurrency(input))

export function decideCurrency(input: RulesInput, type: IndicatorType): Decision<boolean> {
  if (type === 'price' && matches(input, FX_QUOTE)) {
    return {
      value: false,
      confidence: 0.9,
      rule: 'currency-fx',
      reason: 'an exchange rate is a ratio of two currencies',
    }
  }
  if (!MONEY_CAPABLE.includes(type)) {
    return { value: false, confidence: 0.95, rule: 'currency-type', reason: `a ${type} is never an amount of money` }
  }
  if (isMoney(input)) {
    return { value: true, confidence: 0.9, rule: 'currency-units', reason: `units "${input.units.raw}" are money` }
  }
  return { value: false, confidence: 0.85, rule: 'currency-units', reason: `units "${input.units.raw}" are not money` }
}
