import { z } from 'zod'
import {
  CUMULATIVE_PATTERNS,
  FAMILIES,
  HEAT_MAP_ORIENTATIONS,
  INDICATOR_TYPES,
  PARSED_UNIT_TYPES,
  REPORTING_FREQUENCIES,
  REVIEW_STATUSES,
  SCALES,
  SOURCES,
  TEMPORAL_AGGREGATIONS,
  TIME_BASES,
  typeBelongsToFamily,
} from './enums'

const confidence = z.number().min(0).max(1)

/** Every TAXONOMY §1 field of one classified indicator, with provenance. */
export const classificationSchema = z
  .object({
    family: z.enum(FAMILIES),
    indicator_type: z.enum(INDICATOR_TYPES as [string, ...string[]]),
    temporal_aggregation: z.enum(TEMPORAL_AGGREGATIONS),
    heat_map_orientation: z.enum(HEAT_MAP_ORIENTATIONS),
    is_currency_denominated: z.boolean(),
    detected_currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
    scale: z.enum(SCALES),
    scale_multiplier: z.number().positive(),
    parsed_unit_type: z.enum(PARSED_UNIT_TYPES),
    reporting_frequency: z.enum(REPORTING_FREQUENCIES),
    time_basis: z.enum(TIME_BASES),
    is_cumulative: z.boolean(),
    cumulative_pattern: z.enum(CUMULATIVE_PATTERNS),
    confidence,
    stage_confidence: z.record(z.string(), confidence),
    reasoning: z.string(),
    review_status: z.enum(REVIEW_STATUSES),
    source: z.enum(SOURCES),
    provider: z.string(),
    model: z.string().nullable(),
    prompt_version: z.string().nullable(),
  })
  .refine((c) => typeBelongsToFamily(c.family, c.indicator_type), {
    path: ['indicator_type'],
    message: 'indicator_type does not belong to family (TAXONOMY §2)',
  })
export type Classification = z.infer<typeof classificationSchema> & { indicator_type: import('./enums').IndicatorType }
