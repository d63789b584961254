import type { ParsedUnitType } from '../taxonomy/index'

/** Units that are an amount of money, or money per unit of something. */
export const MONEY_UNITS: readonly ParsedUnitType[] = ['currency-amount', 'currency-per-unit']
/** Units that may or may not be money; only a currency found in them tells ("USD per capita", "INR per 10 grams"). */
export const MAYBE_MONEY_UNITS: readonly ParsedUnitType[] = ['per-capita', 'ratio']
