import { z } from 'zod'
import { PROVIDERS } from './enums'

const text = (max: number) => z.string().trim().max(max)
/** Catalogue exports (pandas, databases) write an absent field as null: null means absent, as if omitted. */
const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined).optional()

export const sampleValueSchema = z.object({
  date: z.string().trim().min(1, 'date must not be empty').max(64),
  value: z.number({ error: 'value must be a number' }).finite(),
})
export type SampleValue = z.infer<typeof sampleValueSchema>

/** One indicator as real catalogues carry it; only indicator_id and name are required. */
export const indicatorInputSchema = z.strictObject({
  indicator_id: text(200).min(1, 'indicator_id must not be empty'),
  name: text(500).min(1, 'name must not be empty'),
  units: absent(text(200)),
  description: absent(text(5000)),
  periodicity: absent(text(64)),
  sample_values: absent(z.array(sampleValueSchema).max(1000)),
  source_name: absent(text(500)),
  long_name: absent(text(1000)),
  category_group: absent(text(200)),
  dataset: absent(text(200)),
  topic: absent(text(200)),
  aggregation_method: absent(text(200)),
  scale: absent(text(64)),
  currency_code: absent(text(16)),
  /** Fields the catalogue carries that the taxonomy does not read, kept verbatim and returned with results. */
  extra: z.record(z.string(), z.unknown()).optional(),
})
export type IndicatorInput = z.infer<typeof indicatorInputSchema>

export const providerSchema = z.enum(PROVIDERS)

export function batchRequestSchema(maxIndicators: number) {
  return z.strictObject({
    indicators: z.array(indicatorInputSchema).min(1, 'indicators must hold at least one indicator'),
    llm_provider: providerSchema.optional(),
    batch_id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'batch_id: 1-128 characters of letters, digits, ".", "_", "-"')
      .optional(),
    refresh: z.boolean().optional(),
  }).superRefine((body, ctx) => {
    if (body.indicators.length > maxIndicators) {
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: `too_many: at most ${maxIndicators} indicators per batch` })
    }
  })
}
export type BatchRequest = z.infer<ReturnType<typeof batchRequestSchema>>
