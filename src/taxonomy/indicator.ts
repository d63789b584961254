import { z } from 'zod'
import { PROVIDERS } from './enums'

const text = (max: number) => z.string().trim().max(max)

export const sampleValueSchema = z.object({
  date: z.string().trim().min(1, 'date must not be empty').max(64),
  value: z.number({ error: 'value must be a number' }).finite(),
})
export type SampleValue = z.infer<typeof sampleValueSchema>

/** One indicator as real catalogues carry it; only indicator_id and name are required. */
export const indicatorInputSchema = z.strictObject({
  indicator_id: text(200).min(1, 'indicator_id must not be empty'),
  name: text(500).min(1, 'name must not be empty'),
  units: text(200).optional(),
  description: text(5000).optional(),
  periodicity: text(64).optional(),
  sample_values: z.array(sampleValueSchema).max(1000).optional(),
  source_name: text(500).optional(),
  long_name: text(1000).optional(),
  category_group: text(200).optional(),
  dataset: text(200).optional(),
  topic: text(200).optional(),
  aggregation_method: text(200).optional(),
  scale: text(64).optional(),
  currency_code: text(16).optional(),
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
