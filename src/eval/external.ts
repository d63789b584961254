import { z } from 'zod'
import { describeIssues } from './labelled'

// The external-v1 format (../shared/fixtures/README.md). Only the fields we map are read; the rest is ignored.
const externalIndicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  units: z.string().optional(),
  periodicity: z.string().optional(),
  source: z.string().optional(),
  description: z.string().optional(),
  currency_code: z.string().optional(),
  sample_values: z.array(z.object({ date: z.string(), value: z.number() })).optional(),
})
const externalCaseSchema = z.object({
  indicator: externalIndicatorSchema,
  expected_classification: z.object({
    indicator_category: z.string().optional(),
    indicator_type: z.string().optional(),
    temporal_aggregation: z.string().optional(),
    is_monetary: z.boolean().optional(),
    heat_map_orientation: z.string().optional(),
  }),
  notes: z.string().optional(),
})
const externalFileSchema = z.object({ indicators: z.array(z.unknown()) })

export const isExternalFile = (data: unknown) => externalFileSchema.safeParse(data).success

const dropUndefined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** One external case in our labelled shape, still to be validated against our enums. */
export function fromExternal(raw: unknown, where: string): unknown {
  const parsed = externalCaseSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`${where}: ${describeIssues(parsed.error)}`)
  const { indicator: i, expected_classification: e, notes } = parsed.data
  return {
    indicator: dropUndefined({
      indicator_id: i.id,
      name: i.name,
      units: i.units,
      periodicity: i.periodicity,
      source_name: i.source,
      description: i.description,
      currency_code: i.currency_code,
      sample_values: i.sample_values,
    }),
    expected: dropUndefined({
      family: e.indicator_category,
      indicator_type: e.indicator_type,
      temporal_aggregation: e.temporal_aggregation,
      is_currency_denominated: e.is_monetary,
      heat_map_orientation: e.heat_map_orientation,
    }),
    notes,
  }
}
