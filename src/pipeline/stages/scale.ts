import type { ScaleResult, StageDef } from '../types'
import { normalized, perIndicator } from './shared'

export const scaleStage: StageDef = {
  name: 'scale',
  run: perIndicator((item) => {
    const units = normalized(item).units
    const result: ScaleResult = {
      scale: units.scale,
      scale_multiplier: units.scale_multiplier,
      parsed_unit_type: units.parsed_unit_type,
      reason: units.evidence.join('; ') || 'no units evidence',
    }
    return { result, confidence: units.confidence }
  }),
}
