import type { IndicatorType, ParsedUnitType } from '../taxonomy/index'
import { matches } from './match'
import { FX_QUOTE } from './type-rules'
import type { Decision, RulesInput } from './types'

/** Types whose value can be an amount of money (TAXONOMY §1, §5.3); every other type never is. */
export const MONEY_CAPABLE: readonly IndicatorType[] = ['stock', 'flow', 'balance', 'capacity', 'price', 'threshold', 'ratio']
export const MONEY_UNITS: readonly ParsedUnitType[] = ['currency-amount', 'currency-per-unit']
/** Units that may or may not be money; only the currency found in them tells. */
export const MAYBE_MONEY_UNITS: readonly ParsedUnitType[] = ['per-capita', 'ratio']

const hasCurrency = (input: RulesInput) => input.units.detected_currency !== null || input.units.currency_kind !== null

// Per-capita and ratio units still hold money when the parser found a currency in them ("USD per capita", "INR per 10 grams").
const isMoney = (input: RulesInput) =>
  MONEY_UNITS.includes(input.units.parsed_unit_type) || (MAYBE_MONEY_UNITS.includes(input.units.parsed_unit_type) && hasCurrency(input))

export function decideCurrency(input: RulesInput, type: IndicatorType): Decision<boolean> {
  if (type === 'price' && matches(input, FX_QUOTE)) {
    return { value: false, confidence: 0.9, rule: 'currency-fx', reason: 'an exchange rate is a ratio of two currencies' }
  }
  if (!MONEY_CAPABLE.includes(type)) {
    return { value: false, confidence: 0.95, rule: 'currency-type', reason: `a ${type} is never an amount of money` }
  }
  if (isMoney(input)) {
    return { value: true, confidence: 0.9, rule: 'currency-units', reason: `units "${input.units.raw ?? ''}" are money` }
  }
  return { value: false, confidence: 0.85, rule: 'currency-units', reason: `units "${input.units.raw ?? ''}" are not money` }
}
