import { z } from 'zod'
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
import { INDICATOR_TYPES, typeBelongsToFamily } from './type-facts'

const confidence = z.number().min(0).max(1)

/** The TAXONOMY §1 fields a classifier decides about an indicator: what labels state and evals score. */
export const taxonomyFields = {
  family: z.enum(FAMILIES),
  indicator_type: z.enum(INDICATOR_TYPES),
  temporal_aggregation: z.enum(TEMPORAL_AGGREGATIONS),
  heat_map_orientation: z.enum(HEAT_MAP_ORIENTATIONS),
  is_currency_denominated: z.boolean(),
  detected_currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  scale: z.enum(SCALES),
  scale_multiplier: z.number().positive(),
  parsed_unit_type: z.enum(PARSED_UNIT_TYPES),
  reporting_frequency: z.enum(REPORTING_FREQUENCIES),
  time_basis: z.enum(TIME_BASES),
  is_cumulative: z.boolean(),
  cumulative_pattern: z.enum(CUMULATIVE_PATTERNS),
}

const reviewFields = {
  confidence,
  stage_confidence: z.record(z.string(), confidence),
  reasoning: z.string(),
  review_status: z.enum(REVIEW_STATUSES),
}

const provenanceFields = {
  source: z.enum(SOURCES),
  provider: z.string(),
  model: z.string().nullable(),
  prompt_version: z.string().nullable(),
}

/** Every TAXONOMY §1 field of one classified indicator, with provenance. */
export const classificationSchema = z
  .object({ ...taxonomyFields, ...reviewFields, ...provenanceFields })
  .refine((c) => typeBelongsToFamily(c.family, c.indicator_type), {
    path: ['indicator_type'],
    message: 'indicator_type does not belong to family (TAXONOMY §2)',
  })
export type Classification = z.infer<typeof classificationSchema>

const keysOf = <T extends object>(shape: T) => Object.keys(shape) as (keyof T & string)[]

export const TAXONOMY_FIELDS = keysOf(taxonomyFields)

/**
 * What a stored classification holds beyond the indicator and its status, in the order results are shown:
 * every field of the schema, and the review's corrections after its status.
 */
export const CLASSIFICATION_COLUMNS = [
  ...TAXONOMY_FIELDS,
  ...keysOf(reviewFields),
  'corrections',
  ...keysOf(provenanceFields),
] as const

const fieldsOfKind = (kind: string): ReadonlySet<string> =>
  new Set(keysOf(classificationSchema.shape).filter((field) => classificationSchema.shape[field].def.type === kind))

/** Fields stored as 0/1 and shown as booleans. */
export const BOOLEAN_FIELDS = fieldsOfKind('boolean')
export const NUMBER_FIELDS = fieldsOfKind('number')
/** Fields whose values are an enum, with the values: the SQL CHECKs of the stored columns come from these. */
export const ENUM_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(classificationSchema.shape).flatMap(([field, schema]) =>
    schema instanceof z.ZodEnum ? [[field, schema.options]] : [],
  ),
)
