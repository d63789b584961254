import { z } from 'zod'
import { BATCH_STATUSES, LLM_DELIVERIES } from '../taxonomy/index'

// The shapes the handlers answer with, for the OpenAPI document. Requests are validated with src/api/query.ts and
// src/taxonomy's batch request schema; these describe what comes back.

export const errorSchema = z.object({
  error: z.string(),
  issues: z
    .array(
      z.object({
        path: z.string().meta({ description: 'the field, e.g. indicators.3.name, or (body)' }),
        message: z.string(),
      }),
    )
    .optional(),
})

export const warningSchema = z.object({
  field: z.string(),
  count: z.int().meta({ description: 'indicators it applied to' }),
  message: z.string(),
  mapped_to: z.string().optional(),
  did_you_mean: z.string().optional(),
})

export const acceptedSchema = z.object({
  batch_id: z.string(),
  trace_id: z.string(),
  count: z.int(),
  units: z.int(),
  status_url: z.string(),
  warnings: z
    .array(warningSchema)
    .meta({ description: 'how catalogue field names were read, and unknown fields kept in extra' }),
})

const stageProgress = z.object({ indicators: z.int(), units: z.int() })

export const statusSchema = z.object({
  batch_id: z.string(),
  status: z.enum(BATCH_STATUSES),
  total: z.int(),
  completed: z.int(),
  failed: z.int(),
  flagged: z.int(),
  progress: z.object({
    fraction: z.number().min(0).max(1).meta({ description: 'indicator-stages done over all of them' }),
    eta_s: z.number().nullable(),
    stages: z
      .record(z.string(), stageProgress)
      .meta({ description: 'per stage, and complete: indicators with an outcome, units done' }),
  }),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number(),
  provider: z.string(),
  mode: z.string(),
  llm_delivery: z.enum(LLM_DELIVERIES),
  waiting: z
    .array(
      z.object({
        unit_no: z.int(),
        stage: z.string(),
        provider: z.string(),
        provider_batch_id: z.string(),
        submitted_at: z.string(),
        message: z.string().meta({ description: '`waiting for provider batch <id>`' }),
      }),
    )
    .meta({ description: 'the open provider batches units wait for (batch delivery)' }),
  chunk_size: z.int(),
  units: z.int(),
  llm: z.object({
    calls: z.int(),
    input_tokens: z.int(),
    output_tokens: z.int(),
    cost_usd: z.number(),
    retries: z.int(),
  }),
})

/** A result row: the indicator, its status and every taxonomy field (null when it failed), and the input columns. */
export const resultRowSchema = z
  .object({
    batch_id: z.string(),
    indicator_id: z.string(),
    name: z.string(),
    units: z.string().nullable(),
    status: z.enum(['completed', 'failed']),
    error: z.string().nullable(),
  })
  .catchall(z.unknown())

export const resultsPageSchema = z.object({
  batch_id: z.string(),
  status: z.enum(BATCH_STATUSES),
  total: z.int(),
  next_cursor: z.string().nullable(),
  results: z.array(resultRowSchema),
})
export const batchesPageSchema = z.object({ batches: z.array(statusSchema), next_cursor: z.string().nullable() })
export const retrySchema = z.object({ batch_id: z.string(), retried: z.int(), units: z.int(), status_url: z.string() })
export const indicatorSchema = resultRowSchema.extend({
  trail: z.array(
    z.object({
      stage: z.string(),
      result: z.unknown(),
      error: z.string().nullable(),
      confidence: z.number().nullable(),
      created_at: z.string(),
    }),
  ),
})
export const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), sqlite: z.boolean(), redis: z.boolean() })
