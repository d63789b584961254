// Enum values are the wire, SQL and TypeScript names alike (docs/TAXONOMY.md §1).

/** Bumped when the taxonomy contract changes: cached LLM answers of an older taxonomy are not reused. */
export const TAXONOMY_VERSION = '2026-11'

export const FAMILIES = [
  'physical-fundamental',
  'numeric-measurement',
  'price-value',
  'change-movement',
  'composite-derived',
  'temporal',
  'qualitative',
] as const
export type Family = (typeof FAMILIES)[number]

export const TEMPORAL_AGGREGATIONS = [
  'point-in-time',
  'period-total',
  'period-average',
  'period-rate',
  'period-cumulative',
  'not-applicable',
] as const
export type TemporalAggregation = (typeof TEMPORAL_AGGREGATIONS)[number]

export const HEAT_MAP_ORIENTATIONS = ['higher-is-positive', 'lower-is-positive', 'neutral'] as const
export type HeatMapOrientation = (typeof HEAT_MAP_ORIENTATIONS)[number]

export const SCALES = [
  'raw-units',
  'hundreds',
  'thousands',
  'millions',
  'billions',
  'trillions',
  'percent',
  'index',
] as const
export type Scale = (typeof SCALES)[number]

export const PARSED_UNIT_TYPES = [
  'currency-amount',
  'currency-per-unit',
  'percent',
  'percent-change',
  'index',
  'count',
  'physical',
  'per-capita',
  'ratio',
  'duration',
  'unknown',
] as const
export type ParsedUnitType = (typeof PARSED_UNIT_TYPES)[number]

export const REPORTING_FREQUENCIES = [
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'semiannual',
  'annual',
  'irregular',
] as const
export type ReportingFrequency = (typeof REPORTING_FREQUENCIES)[number]

export const TIME_BASES = ['per-period', 'point-in-time', 'cumulative'] as const
export type TimeBasis = (typeof TIME_BASES)[number]

export const CUMULATIVE_PATTERNS = ['ytd', 'running-total', 'none', 'unknown'] as const
export type CumulativePattern = (typeof CUMULATIVE_PATTERNS)[number]

export const REVIEW_STATUSES = ['passed', 'corrected', 'flagged'] as const

export const SOURCES = ['rules', 'llm', 'cache'] as const
export type Source = (typeof SOURCES)[number]

export const PROVIDERS = ['rules', 'local', 'openai', 'anthropic'] as const
export type Provider = (typeof PROVIDERS)[number]

/** How a batch's LLM questions travel: answered at once, or through the providers' batch APIs at half price. */
export const LLM_DELIVERIES = ['sync', 'batch'] as const
export type LlmDelivery = (typeof LLM_DELIVERIES)[number]

/** TAXONOMY §5.2: time_basis is derived from temporal_aggregation, never chosen. */
export function timeBasisOf(aggregation: TemporalAggregation): TimeBasis {
  if (aggregation === 'period-cumulative') return 'cumulative'
  if (aggregation === 'point-in-time' || aggregation === 'not-applicable') return 'point-in-time'
  return 'per-period'
}
