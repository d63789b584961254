export { decideFamily, decideType, explainType } from './decide'
export { checkInvariants, enforceInvariants, type FinalFields, type Violation, type Correction } from './invariants'
export type { Decision, RulesInput, TypeDecision } from './types'
export {
  CALIBRATION,
  DISSENT_FEATURES,
  loweredBy,
  recordConfidence,
  secondOpinionOf,
  seenInFit,
  stageProbability,
  unfamiliarityOf,
  unseenUnitsOf,
  type CalibrationTable,
  type Probability,
  type RecordConfidence,
} from './calibration'
export {
  CALIBRATED_STAGES,
  currencyFeatures,
  familyFeatures,
  nameFeaturesOf,
  perStage,
  timeFeatures,
  typeFeatures,
  type CalibratedStage,
} from './calibration-features'
