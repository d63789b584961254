export { decideFamily, decideType, explainType } from './decide'
export { checkInvariants, enforceInvariants, type FinalFields, type Violation, type Correction } from './invariants'
export type { Decision, RulesInput, TypeDecision } from './types'
export { confidenceOfStages, type RecordConfidence } from './calibration'
