import type { StageName } from '../../taxonomy/stages'
import type { StageDef } from '../types'
import { currencyStage } from './currency'
import { familyStage } from './family'
import { normalizeStage } from './normalize'
import { reviewStage } from './review'
import { scaleStage } from './scale'
import { timeStage } from './time'
import { typeStage } from './type'

export const STAGE_DEFS: Record<StageName, StageDef> = {
  normalize: normalizeStage,
  time: timeStage,
  scale: scaleStage,
  currency: currencyStage,
  family: familyStage,
  type: typeStage,
  review: reviewStage,
}
