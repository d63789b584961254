import { currencyFeatures, stageProbability } from '../../rules/index'
import type { CurrencyResult, StageDef } from '../types'
import { normalized, perIndicator } from './shared'

export const currencyStage: StageDef = {
  name: 'currency',
  run: perIndicator((item) => {
    const units = normalized(item).units
    const features = currencyFeatures(units)
    const result: CurrencyResult = {
      detected_currency: units.detected_currency,
      currency_kind: units.currency_kind,
      reason: units.detected_currency
        ? `currency ${units.detected_currency} (${units.currency_kind})`
        : units.currency_kind === 'national'
          ? 'national currency without a code'
          : 'no currency in units',
      evidence: features,
    }
    return { result, confidence: stageProbability('currency', features).probability }
  }),
}
