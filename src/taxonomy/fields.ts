// The fields of a classification and what each holds, declared once as plain data: the zod schema
// (classification.ts), the stored columns, their SQL CHECKs and the eval's cell parsing are derived from it. Plain so
// that the storage layer, and the step processes that only move rows (join, complete), load no zod: every step
// invocation is a fresh process that pays for what it imports.
import {
  CUMULATIVE_PATTERNS,
  FAMILIES,
  HEAT_MAP_ORIENTATIONS,
  PARSED_UNIT_TYPES,
  REPORTING_FREQUENCIES,
  REVIEW_STATUSES,
  SCALES,
  SOURCES,
  TEMPORAL_AGGREGATIONS,
  TIME_BASES,
} from './enums'
import { INDICATOR_TYPES } from './type-facts'

/** A field's values: one of an enum's, or a kind the schema spells out. */
export type FieldKind =
  | readonly string[]
  | 'boolean'
  | 'currency_code'
  | 'multiplier'
  | 'probability'
  | 'probability_by_stage'
  | 'text'
  | 'text_or_null'

/** The TAXONOMY §1 fields a classifier decides about an indicator: what labels state and evals score. */
export const TAXONOMY_FIELD_KINDS = {
  family: FAMILIES,
  indicator_type: INDICATOR_TYPES,
  temporal_aggregation: TEMPORAL_AGGREGATIONS,
  heat_map_orientation: HEAT_MAP_ORIENTATIONS,
  is_currency_denominated: 'boolean',
  detected_currency: 'currency_code',
  scale: SCALES,
  scale_multiplier: 'multiplier',
  parsed_unit_type: PARSED_UNIT_TYPES,
  reporting_frequency: REPORTING_FREQUENCIES,
  time_basis: TIME_BASES,
  is_cumulative: 'boolean',
  cumulative_pattern: CUMULATIVE_PATTERNS,
} as const satisfies Record<string, FieldKind>

export const REVIEW_FIELD_KINDS = {
  confidence: 'probability',
  stage_confidence: 'probability_by_stage',
  reasoning: 'text',
  review_status: REVIEW_STATUSES,
} as const satisfies Record<string, FieldKind>

export const PROVENANCE_FIELD_KINDS = {
  source: SOURCES,
  provider: 'text',
  model: 'text_or_null',
  prompt_version: 'text_or_null',
} as const satisfies Record<string, FieldKind>

const CLASSIFICATION_FIELD_KINDS: Readonly<Record<string, FieldKind>> = {
  ...TAXONOMY_FIELD_KINDS,
  ...REVIEW_FIELD_KINDS,
  ...PROVENANCE_FIELD_KINDS,
}

const keysOf = <T extends object>(shape: T) => Object.keys(shape) as (keyof T & string)[]

export const TAXONOMY_FIELDS = keysOf(TAXONOMY_FIELD_KINDS)

/**
 * What a stored classification holds beyond the indicator and its status, in the order results are shown:
 * every field of the schema, and the review's corrections after its status.
 */
export const CLASSIFICATION_COLUMNS = [
  ...TAXONOMY_FIELDS,
  ...keysOf(REVIEW_FIELD_KINDS),
  'corrections',
  ...keysOf(PROVENANCE_FIELD_KINDS),
] as const

const fieldsWhere = (keep: (kind: FieldKind) => boolean): ReadonlySet<string> =>
  new Set(keysOf(CLASSIFICATION_FIELD_KINDS).filter((field) => keep(CLASSIFICATION_FIELD_KINDS[field]!)))

/** Fields stored as 0/1 and shown as booleans. */
export const BOOLEAN_FIELDS = fieldsWhere((kind) => kind === 'boolean')
export const NUMBER_FIELDS = fieldsWhere((kind) => kind === 'multiplier' || kind === 'probability')
/** Fields whose values are an enum, with the values: the SQL CHECKs of the stored columns come from these. */
export const ENUM_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CLASSIFICATION_FIELD_KINDS).flatMap(([field, kind]) =>
    typeof kind === 'string' ? [] : [[field, kind]],
  ),
)
