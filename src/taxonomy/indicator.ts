import { z } from 'zod'
import { LLM_DELIVERIES, PROVIDERS } from './enums'

// Control characters (C0, DEL, C1) have no place in an id or a name and can forge lines in logs, CSV and prompts;
// longer texts may hold tabs and line breaks. A lone UTF-16 surrogate is not text at all.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const text = (max: number, controls = CONTROL_BUT_BREAKS) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(
      (value) => !controls.test(value),
      controls === CONTROL
        ? 'must not contain control characters (incl. NUL, tab, line breaks)'
        : 'must not contain control characters (incl. NUL)',
    )
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode (lone surrogate)')
const line = (max: number) => text(max, CONTROL)

// A value is a finite number, or a string holding one as catalogue exports often write it ("1.5", "-2e3").
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
const sampleNumber = z.unknown().transform((value, ctx) => {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC.test(value.trim())
        ? Number(value.trim())
        : NaN
  if (Number.isFinite(number)) return number
  ctx.addIssue({ code: 'custom', message: 'value must be a finite number or a numeric string' })
  return z.NEVER
})
/** Catalogue exports (pandas, databases) write an absent field as null: null means absent, as if omitted. */
const absent = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional()

export const sampleValueSchema = z.strictObject({
  date: line(64).min(1, 'date must not be empty'),
  value: sampleNumber,
})
export type SampleValue = z.infer<typeof sampleValueSchema>

/** One indicator as real catalogues carry it; only indicator_id and name are required. */
export const indicatorInputSchema = z.strictObject({
  indicator_id: line(200).min(1, 'indicator_id must not be empty'),
  name: line(500).min(1, 'name must not be empty'),
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
  return z
    .strictObject({
      indicators: z.array(indicatorInputSchema).min(1, 'indicators must hold at least one indicator'),
      llm_provider: providerSchema.optional(),
      batch_id: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'batch_id: 1-128 characters of letters, digits, ".", "_", "-"')
        .optional(),
      refresh: z.boolean().optional(),
      llm_delivery: z.enum(LLM_DELIVERIES).optional(),
    })
    .superRefine((body, ctx) => {
      if (body.indicators.length > maxIndicators) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators'],
          message: `too_many: at most ${maxIndicators} indicators per batch`,
        })
      }
    })
}
