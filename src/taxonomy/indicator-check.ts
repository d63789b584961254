// Validating 100,000 indicators with zod takes seconds of CPU: it allocates a result, an issue list and closures per
// field. This hand check of the same rules accepts only what the schema accepts and builds the output the schema
// would (same keys, same order, trimmed texts, null as absent, numeric strings as numbers); anything it is not sure
// of goes to the schema, which stays the declared contract and the source of every error message.
import type { z } from 'zod'
import {
  batchOptionsSchema,
  batchRequestSchema,
  CONTROL,
  CONTROL_BUT_BREAKS,
  indicatorInputSchema,
  LONE_SURROGATE,
  MAX_SAMPLE_DATE,
  MAX_SAMPLES,
  REQUIRED_LINES,
  sampleNumberOf,
  TEXT_MAX,
  type BatchRequest,
  type IndicatorInput,
  type SampleValue,
} from './indicator'

const SHAPE_KEYS = Object.keys(indicatorInputSchema.shape)
const KNOWN: ReadonlySet<string> = new Set(SHAPE_KEYS)
const TEXT_LIMITS: Readonly<Record<string, number>> = TEXT_MAX
const LINES: ReadonlySet<string> = new Set(REQUIRED_LINES)

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** The trimmed text when the schema accepts it as is, else undefined. */
function checkedText(value: unknown, max: number, oneLine: boolean): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  if (trimmed.length > max || (oneLine ? CONTROL : CONTROL_BUT_BREAKS).test(trimmed)) return undefined
  return LONE_SURROGATE.test(trimmed) ? undefined : trimmed
}

/** Already the schema's output: `{date, value}` in that order, the date trimmed, the value a number. */
function isCanonicalSample(sample: Record<string, unknown>, date: string, value: number): boolean {
  if (sample.date !== date || sample.value !== value || Object.getPrototypeOf(sample) !== Object.prototype) return false
  let i = 0
  for (const key in sample) if (key !== (i++ === 0 ? 'date' : 'value')) return false
  return i === 2
}

function checkedSamples(value: unknown): SampleValue[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_SAMPLES) return undefined
  // Samples already in the schema's form are kept as they are: a large catalogue holds millions of them.
  let samples: SampleValue[] = value
  for (let i = 0; i < value.length; i++) {
    const sample: unknown = value[i]
    if (!isPlainObject(sample)) return undefined
    let keys = 0
    for (const key in sample) if (key === 'date' || key === 'value') keys++
    if (keys !== Object.keys(sample).length || !('date' in sample)) return undefined
    const date = checkedText(sample.date, MAX_SAMPLE_DATE, true)
    const number = sampleNumberOf(sample.value)
    if (!date || Number.isNaN(number)) return undefined
    if (samples === value && isCanonicalSample(sample, date, number)) continue
    if (samples === value) samples = value.slice(0, i) as SampleValue[]
    samples.push({ date, value: number })
  }
  return samples
}

/** The schema's output for one indicator, or undefined when the schema must decide (and maybe explain). */
function checkedIndicator(input: unknown): IndicatorInput | undefined {
  if (!isPlainObject(input)) return undefined
  for (const key in input) if (!KNOWN.has(key)) return undefined
  const out: Record<string, unknown> = {}
  for (const key of SHAPE_KEYS) {
    if (!(key in input)) continue
    const value = input[key]
    if (key === 'extra') {
      // A "__proto__" key is a corner the schema handles its own way.
      if (value === undefined) out.extra = undefined
      else if (isPlainObject(value) && !Object.hasOwn(value, '__proto__')) out.extra = { ...value }
      else return undefined
      continue
    }
    const required = LINES.has(key)
    if (!required && (value === null || value === undefined)) {
      out[key] = undefined
      continue
    }
    const checked = key === 'sample_values' ? checkedSamples(value) : checkedText(value, TEXT_LIMITS[key]!, required)
    if (checked === undefined || (required && checked === '')) return undefined
    out[key] = checked
  }
  return 'indicator_id' in out && 'name' in out ? (out as IndicatorInput) : undefined
}

/**
 * `batchRequestSchema(maxIndicators).safeParse(body)`, fast when every indicator passes the hand check; otherwise the
 * schema itself answers, with all its issues.
 */
export function parseBatchRequest(body: unknown, maxIndicators: number): z.ZodSafeParseResult<BatchRequest> {
  const fast = isPlainObject(body) ? fastBatchRequest(body, maxIndicators) : undefined
  return fast ? { success: true, data: fast } : batchRequestSchema(maxIndicators).safeParse(body)
}

/** The schema's output when the hand check accepts every part of the body, else undefined. */
export function fastBatchRequest(body: Record<string, unknown>, maxIndicators: number): BatchRequest | undefined {
  const { indicators: records, ...options } = body
  if (!Array.isArray(records) || records.length === 0 || records.length > maxIndicators) return undefined
  const parsedOptions = batchOptionsSchema.safeParse(options)
  if (!parsedOptions.success) return undefined
  const indicators = new Array<IndicatorInput>(records.length)
  for (let i = 0; i < records.length; i++) {
    const indicator = checkedIndicator(records[i])
    if (!indicator) return undefined
    indicators[i] = indicator
  }
  return { indicators, ...parsedOptions.data }
}
