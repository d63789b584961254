import { z } from 'zod'
import { indicatorInputSchema, TAXONOMY_FIELDS, taxonomyFields, type IndicatorInput } from '../taxonomy/index'

/** The TAXONOMY §1 fields a label may state; a label states only those it is sure of. */
export const expectedSchema = z.strictObject(taxonomyFields).partial()
export type Expected = z.infer<typeof expectedSchema>
export type ScoredField = keyof Expected
export const SCORED_FIELDS: readonly ScoredField[] = TAXONOMY_FIELDS

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

export const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')

/** Validates one case in our shape, naming where it came from when it is malformed. */
export function toLabelledCase(raw: unknown, source: string, position: string): LabelledCase {
  const parsed = labelledCaseSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`${source} ${position}: ${describeIssues(parsed.error)}`)
  return { ...parsed.data, source }
}
