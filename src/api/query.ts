import { z } from 'zod'
import { batchRequestSchema, classificationSchema } from '../taxonomy/index'
import { decodeCursor } from './cursor'

// Query strings of the GET routes: the handlers validate with these and the OpenAPI document is generated from them.

const cursorOf = <T extends z.ZodType>(value: T) =>
  z
    .string()
    .transform((cursor, ctx) => {
      const parsed = value.safeParse(decodeCursor(cursor))
      if (parsed.success) return parsed.data as z.infer<T>
      ctx.addIssue({ code: 'custom', message: 'not a cursor of this listing: pass next_cursor as it was returned' })
      return z.NEVER
    })
    .meta({ description: 'next_cursor of the previous page, as returned' })

const confidence = z.coerce.number().min(0).max(1)

export const RESULT_FORMATS = ['json', 'csv', 'ndjson'] as const
export const MAX_RESULTS_PAGE = 10_000

export const resultsQuerySchema = z.strictObject({
  format: z
    .enum(RESULT_FORMATS)
    .default('json')
    .meta({ description: 'json (one document), csv (with a header row) or ndjson; each streamed' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_RESULTS_PAGE)
    .optional()
    .meta({ description: `rows per page, at most ${MAX_RESULTS_PAGE}; every row when absent` }),
  cursor: cursorOf(z.number().int().min(-1)).optional(),
  status: z.enum(['completed', 'failed']).optional(),
  review_status: classificationSchema.shape.review_status.optional(),
  family: classificationSchema.shape.family.optional(),
  indicator_type: classificationSchema.shape.indicator_type.optional(),
  source: classificationSchema.shape.source.optional(),
  min_confidence: confidence.optional(),
  max_confidence: confidence.optional(),
})
export type ResultsQuery = z.infer<typeof resultsQuerySchema>

/** Options of a POST whose body has no room for them (a bare array, CSV, NDJSON). */
export const batchOptionsQuerySchema = z.object({
  batch_id: batchRequestSchema(1).shape.batch_id,
  llm_provider: batchRequestSchema(1).shape.llm_provider,
  refresh: z.enum(['true', 'false']).optional(),
  llm_delivery: batchRequestSchema(1).shape.llm_delivery,
})

export const batchesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(50).meta({ description: 'batches per page, at most 1000' }),
  cursor: cursorOf(z.object({ created_at: z.string(), batch_id: z.string() })).optional(),
})
