export { loadLabelled, loadSplitOf, placedCases } from './load'
export { scoreResults, accuracyOf, type ScoreReport, type ScoredResult, type Miss, type FieldScore } from './score'
export { formatReport, formatContradictions } from './format'
export { loadContradictions, withoutContradictions, type Contradiction } from './contradictions'
export type { LabelledCase, Expected, ScoredField } from './labelled'
export {
  metricsOf,
  caseOutcomes,
  reliabilityOf,
  eceOf,
  queueFigures,
  rankedQueue,
  RELIABILITY_BINS,
  type Metrics,
  type CaseOutcome,
  type ReliabilityBin,
} from './metrics'
export { evaluateGroups, formatGroups, groupCases, type GroupMetrics } from './report'
