import { z } from 'zod'
import {
  CUMULATIVE_PATTERNS,
  FAMILIES,
  HEAT_MAP_ORIENTATIONS,
  INDICATOR_TYPES,
  PARSED_UNIT_TYPES,
  REPORTING_FREQUENCIES,
  SCALES,
  TEMPORAL_AGGREGATIONS,
  TIME_BASES,
  indicatorInputSchema,
  type IndicatorInput,
} from '../taxonomy/index'

/** The TAXONOMY §1 fields a label may state; a label states only those it is sure of. */
export const expectedSchema = z.strictObject({
  family: z.enum(FAMILIES).optional(),
  indicator_type: z.enum(INDICATOR_TYPES as [string, ...string[]]).optional(),
  temporal_aggregation: z.enum(TEMPORAL_AGGREGATIONS).optional(),
  heat_map_orientation: z.enum(HEAT_MAP_ORIENTATIONS).optional(),
  is_currency_denominated: z.boolean().optional(),
  detected_currency: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
  scale: z.enum(SCALES).optional(),
  scale_multiplier: z.number().positive().optional(),
  parsed_unit_type: z.enum(PARSED_UNIT_TYPES).optional(),
  reporting_frequency: z.enum(REPORTING_FREQUENCIES).optional(),
  time_basis: z.enum(TIME_BASES).optional(),
  is_cumulative: z.boolean().optional(),
  cumulative_pattern: z.enum(CUMULATIVE_PATTERNS).optional(),
})
export type Expected = z.infer<typeof expectedSchema>
export type ScoredField = keyof Expected
export const SCORED_FIELDS = Object.keys(expectedSchema.shape) as ScoredField[]

export interface LabelledCase {
  indicator: IndicatorInput
  expected: Expected
  notes?: string
  style?: string
  /** The file the case came from, for messages. */
  source: string
}

const labelledCaseSchema = z.object({
  indicator: indicatorInputSchema,
  expected: expectedSchema,
  notes: z.string().optional(),
  /** The catalogue style the case is written in (world-bank, fred, …): accuracy is reported per style. */
  style: z.string().optional(),
})

export const describeIssues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')

/** Validates one case in our shape, naming where it came from when it is malformed. */
export function toLabelledCase(raw: unknown, source: string, position: string): LabelledCase {
  const parsed = labelledCaseSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`${source} ${position}: ${describeIssues(parsed.error)}`)
  return { ...parsed.data, source }
}
