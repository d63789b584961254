import { z } from 'zod'
import { LLM_DELIVERIES, PROVIDERS } from './enums'

// Control characters (C0, DEL, C1) have no place in an id or a name and can forge lines in logs, CSV and prompts;
// longer texts may hold tabs and line breaks. A lone UTF-16 surrogate is not text at all.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * The longest text of each text field, after trimming, in UTF-16 code units. The two required ones are single
 * lines (no tab or line break); every other one may span lines. Read by the schema below and its fast check.
 */
export const TEXT_MAX = {
  indicator_id: 200,
  name: 500,
  units: 200,
  description: 5000,
  periodicity: 64,
  source_name: 500,
  long_name: 1000,
  category_group: 200,
  dataset: 200,
  topic: 200,
  aggregation_method: 200,
  scale: 64,
  currency_code: 16,
} as const
export const REQUIRED_LINES = ['indicator_id', 'name'] as const
export const MAX_SAMPLES = 1000
export const MAX_SAMPLE_DATE = 64

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
/** A sample's value as a number: NaN when it is neither a finite number nor a numeric string. */
export function sampleNumberOf(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC.test(value.trim())
        ? Number(value.trim())
        : NaN
  return Number.isFinite(number) ? number : NaN
}
const sampleNumber = z.unknown().transform((value, ctx) => {
  const number = sampleNumberOf(value)
  if (!Number.isNaN(number)) return number
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
  date: line(MAX_SAMPLE_DATE).min(1, 'date must not be empty'),
  value: sampleNumber,
})
export type SampleValue = z.infer<typeof sampleValueSchema>

/** One indicator as real catalogues carry it; only indicator_id and name are required. */
export const indicatorInputSchema = z.strictObject({
  indicator_id: line(TEXT_MAX.indicator_id).min(1, 'indicator_id must not be empty'),
  name: line(TEXT_MAX.name).min(1, 'name must not be empty'),
  units: absent(text(TEXT_MAX.units)),
  description: absent(text(TEXT_MAX.description)),
  periodicity: absent(text(TEXT_MAX.periodicity)),
  sample_values: absent(z.array(sampleValueSchema).max(MAX_SAMPLES)),
  source_name: absent(text(TEXT_MAX.source_name)),
  long_name: absent(text(TEXT_MAX.long_name)),
  category_group: absent(text(TEXT_MAX.category_group)),
  dataset: absent(text(TEXT_MAX.dataset)),
  topic: absent(text(TEXT_MAX.topic)),
  aggregation_method: absent(text(TEXT_MAX.aggregation_method)),
  scale: absent(text(TEXT_MAX.scale)),
  currency_code: absent(text(TEXT_MAX.currency_code)),
  /** Fields the catalogue carries that the taxonomy does not read, kept verbatim and returned with results. */
  extra: z.record(z.string(), z.unknown()).optional(),
})
export type IndicatorInput = z.infer<typeof indicatorInputSchema>

export const providerSchema = z.enum(PROVIDERS)

/** What a batch request carries besides its indicators. */
const batchOptionsShape = {
  llm_provider: providerSchema.optional(),
  batch_id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'batch_id: 1-128 characters of letters, digits, ".", "_", "-"')
    .optional(),
  refresh: z.boolean().optional(),
  llm_delivery: z.enum(LLM_DELIVERIES).optional(),
}
export const batchOptionsSchema = z.strictObject(batchOptionsShape)

export function batchRequestSchema(maxIndicators: number) {
  return z
    .strictObject({
      indicators: z.array(indicatorInputSchema).min(1, 'indicators must hold at least one indicator'),
      ...batchOptionsShape,
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
export type BatchRequest = z.output<ReturnType<typeof batchRequestSchema>>
