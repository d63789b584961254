import { z } from 'zod'
import { PROVENANCE_FIELD_KINDS, REVIEW_FIELD_KINDS, TAXONOMY_FIELD_KINDS, type FieldKind } from './fields'
import { typeBelongsToFamily } from './type-facts'

const probability = z.number().min(0).max(1)

/** The schema of each kind of field that is not an enum. */
const SCHEMA_OF_KIND = {
  boolean: z.boolean(),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  multiplier: z.number().positive(),
  probability,
  probability_by_stage: z.record(z.string(), probability),
  text: z.string(),
  text_or_null: z.string().nullable(),
} satisfies Record<Exclude<FieldKind, readonly string[]>, z.ZodType>

type SchemaOf<K extends FieldKind> = K extends readonly string[]
  ? z.ZodEnum<{ [V in K[number]]: V }>
  : (typeof SCHEMA_OF_KIND)[Exclude<K, readonly string[]>]

const shapeOf = <T extends Record<string, FieldKind>>(kinds: T) =>
  Object.fromEntries(
    Object.entries(kinds).map(([field, kind]) => [
      field,
      typeof kind === 'string' ? SCHEMA_OF_KIND[kind] : z.enum(kind as readonly [string, ...string[]]),
    ]),
  ) as { [F in keyof T]: SchemaOf<T[F]> }

/** The TAXONOMY §1 fields a classifier decides about an indicator: what labels state and evals score. */
export const taxonomyFields = shapeOf(TAXONOMY_FIELD_KINDS)
const reviewFields = shapeOf(REVIEW_FIELD_KINDS)
const provenanceFields = shapeOf(PROVENANCE_FIELD_KINDS)

/** Every TAXONOMY §1 field of one classified indicator, with provenance. */
export const classificationSchema = z
  .object({ ...taxonomyFields, ...reviewFields, ...provenanceFields })
  .refine((c) => typeBelongsToFamily(c.family, c.indicator_type), {
    path: ['indicator_type'],
    message: 'indicator_type does not belong to family (TAXONOMY §2)',
  })
export type Classification = z.infer<typeof classificationSchema>
