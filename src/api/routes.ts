import { z } from 'zod'
import { batchRequestSchema, indicatorInputSchema } from '../taxonomy/index'
import type { BatchContentType } from './body'
import { batchesQuerySchema, batchOptionsQuerySchema, resultsQuerySchema } from './query'
import {
  acceptedSchema,
  batchesPageSchema,
  errorSchema,
  healthSchema,
  indicatorSchema,
  resultsPageSchema,
  retrySchema,
  statusSchema,
} from './responses'

export interface RouteDoc {
  method: 'GET' | 'POST'
  /** Express style, `:name` for a path parameter. */
  path: string
  summary: string
  /** Served by express itself (motia.config.ts) because the answer is streamed; the rest are Motia plugin routes. */
  streamed?: boolean
  query?: z.ZodObject
  /** Request bodies by content type; null for a text format described in words. */
  body?: Record<string, z.ZodType | null>
  /** Status → what it answers: a schema (JSON), or content types with their schema when not only JSON. */
  responses: Record<number, { description: string; schema?: z.ZodType; content?: Record<string, z.ZodType | null> }>
}

const error = (description: string) => ({ description, schema: errorSchema })
const notFound = error('unknown id')
const badQuery = error('a query parameter is invalid; each is named in issues')

/** Every route the service serves: the plugin registers these and nothing else, and /openapi.json documents them. */
export const ROUTES = [
  {
    method: 'POST',
    path: '/classify/batch',
    summary:
      'Submit a catalogue: JSON (our shape or a bare array), CSV or NDJSON, optionally gzip; options of array, CSV and NDJSON bodies go in the query string',
    query: batchOptionsQuerySchema,
    body: {
      'application/json': z.union([batchRequestSchema(1), z.array(indicatorInputSchema)]),
      'text/csv': null,
      'application/x-ndjson': null,
    } satisfies Record<BatchContentType, z.ZodType | null>,
    responses: {
      202: { description: 'accepted and queued', schema: acceptedSchema },
      200: { description: 'the batch_id is known: its status, nothing queued', schema: statusSchema },
      400: error('the body or a field is invalid, or the provider cannot be used; each problem is named in issues'),
      413: error('more indicators than CLASSIFY_MAX_BATCH, or a body larger than CLASSIFY_MAX_BODY_MB once inflated'),
      415: error('a content-type or content-encoding it does not read'),
    },
  },
  {
    method: 'GET',
    path: '/classify/batches',
    summary: 'Batches, newest first, with status and counts',
    query: batchesQuerySchema,
    responses: { 200: { description: 'a page of batches', schema: batchesPageSchema }, 400: badQuery },
  },
  {
    method: 'GET',
    path: '/classify/batch/:batch_id',
    summary: 'Status of a batch, with progress per stage and the LLM bill',
    responses: { 200: { description: 'the status', schema: statusSchema }, 404: notFound },
  },
  {
    method: 'GET',
    path: '/classify/batch/:batch_id/results',
    summary:
      'Results of a batch, filtered, by page or whole, streamed; the next page is next_cursor (JSON) and the x-next-cursor header',
    streamed: true,
    query: resultsQuerySchema,
    responses: {
      200: {
        description: 'the rows in request order',
        content: { 'application/json': resultsPageSchema, 'text/csv': null, 'application/x-ndjson': null },
      },
      400: badQuery,
      404: notFound,
    },
  },
  {
    method: 'POST',
    path: '/classify/batch/:batch_id/retry',
    summary: 'Run the failed indicators of a finished batch again',
    responses: {
      202: { description: 'queued again', schema: retrySchema },
      200: { description: 'nothing failed', schema: retrySchema },
      404: notFound,
      409: error('the batch is still running'),
    },
  },
  {
    method: 'GET',
    path: '/classify/indicators/:indicator_id',
    summary: 'The latest classification of an indicator, with its per-stage trail',
    responses: { 200: { description: 'the classification', schema: indicatorSchema }, 404: notFound },
  },
  {
    method: 'GET',
    path: '/health',
    summary: 'Liveness, and whether Redis and SQLite answer',
    responses: {
      200: { description: 'healthy', schema: healthSchema },
      503: { description: 'degraded', schema: healthSchema },
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  },
] as const satisfies readonly RouteDoc[]

type Route = (typeof ROUTES)[number]
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never
/** Routes the Motia plugin serves, by "METHOD path". */
export type PluginRouteKey = KeyOf<Exclude<Route, { streamed: true }>>
export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`
