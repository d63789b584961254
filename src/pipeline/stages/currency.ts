import type { CurrencyResult, StageDef } from '../types'
import { normalized, perIndicator } from './shared'

export const currencyStage: StageDef = {
  name: 'currency',
  run: perIndicator((item) => {
    const units = normalized(item).units
    const result: CurrencyResult = {
      detected_currency: units.detected_currency,
      currency_kind: units.currency_kind,
      reason: units.detected_currency
        ? `currency ${units.detected_currency} (${units.currency_kind})`
        : units.currency_kind === 'national'
          ? 'national currency without a code'
          : 'no currency in units',
    }
    // A currency conflict between the units and the request's currency_code is the one thing this stage can doubt.
    const conflicted = units.conflicts.some((c) => /currency/i.test(c))
    return { result, confidence: conflicted ? 0.5 : 0.95 }
  }),
}
