import { createInterface } from 'node:readline'
import { StringDecoder } from 'node:string_decoder'
import { Readable, Transform, type Writable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { parse } from 'csv-parse'
import { BodyError, tooManyRecords } from './body-error'
import { csvRecords } from './csv-records'
import type { Issue } from './http'
import type { IntakeWarning } from './mapping'

/** The content types POST /classify/batch reads; declared once for the handler, the parser and the OpenAPI document. */
export const BATCH_CONTENT_TYPES = ['application/json', 'text/csv', 'application/x-ndjson'] as const
export type BatchContentType = (typeof BATCH_CONTENT_TYPES)[number]

export interface BodyLimits {
  /** Largest body after inflation, in bytes. */
  max_bytes: number
  /** Most records a CSV or NDJSON body may hold; reading stops past it. */
  max_records: number
}

/** Where the body reader leaves its warnings on the body it hands on (a symbol: invisible to JSON and to validation). */
export const BODY_WARNINGS = Symbol.for('indicator-classify.body-warnings')

export type BodyResult =
  { ok: true; body: unknown; warnings: IntakeWarning[] } | { ok: false; status: number; error: string; issues: Issue[] }

const tooLarge = (limit: number) =>
  new BodyError(413, `request body larger than ${limit} bytes`, [
    { path: '(body)', message: `at most ${limit} bytes after inflation (CLASSIFY_MAX_BODY_MB)` },
  ])

/** Counts bytes as they pass and fails the stream once there are more than the limit: a gzip bomb stops early. */
function byteCap(limit: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      done(seen > limit ? tooLarge(limit) : null, chunk)
    },
  })
}

export function contentTypeOf(header: string | undefined): BatchContentType | undefined {
  const type = (header ?? 'application/json').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json' || type.endsWith('+json')) return 'application/json'
  if (type === 'text/csv' || type === 'application/csv') return 'text/csv'
  if (
    type === 'application/x-ndjson' ||
    type === 'application/ndjson' ||
    type === 'application/jsonl' ||
    type === 'application/jsonlines'
  )
    return 'application/x-ndjson'
  return undefined
}

/**
 * Reads a batch body from the request stream. JSON is our shape or a bare array; CSV and NDJSON bodies are streamed
 * record by record into an array of indicators (the batch options then come from the query string), so only the
 * records, never the whole text, are held.
 */
export async function readBatchBody(
  stream: Readable,
  headers: Record<string, string | string[] | undefined>,
  limits: BodyLimits,
): Promise<BodyResult> {
  const type = contentTypeOf(headers['content-type'] as string | undefined)
  if (!type) {
    return fail(415, `unsupported content-type ${headers['content-type']}`, [
      { path: '(content-type)', message: `use one of ${BATCH_CONTENT_TYPES.join(', ')}` },
    ])
  }
  const encoding = String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase()
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return fail(415, `unsupported content-encoding ${encoding}`, [
      { path: '(content-encoding)', message: 'use gzip or none' },
    ])
  }
  const decoded = encoding === 'gzip' ? pipe(stream, createGunzip()) : stream
  const capped = pipe(decoded, byteCap(limits.max_bytes))
  try {
    if (type === 'application/json') return { ok: true, body: await readJson(capped), warnings: [] }
    if (type === 'application/x-ndjson')
      return { ok: true, body: await ndjsonRecords(capped, limits.max_records), warnings: [] }
    const csv = await csvRecords(
      pipe(capped, parse({ bom: true, columns: true, skip_empty_lines: true, trim: true })),
      limits.max_records,
    )
    return { ok: true, body: csv.records, warnings: csv.warnings }
  } catch (error) {
    if (error instanceof BodyError) return fail(error.status, error.message, error.issues)
    const message = error instanceof Error ? error.message : String(error)
    if ((error as { code?: string }).code?.startsWith('Z_'))
      return fail(400, 'request body is not valid gzip', [{ path: '(body)', message }])
    return fail(400, `request body is not valid ${type}`, [{ path: '(body)', message }])
  } finally {
    // A refused body is still read to its end, so that the client gets the answer instead of a broken connection.
    stream.unpipe()
    stream.resume()
  }
}

/** Pipes and hands a failure of the source on to the destination, where the reader awaits it. */
function pipe<T extends Writable>(from: Readable, to: T): T {
  from.on('error', (error) => to.destroy(error))
  return from.pipe(to)
}

const fail = (status: number, error: string, issues: Issue[]): BodyResult => ({ ok: false, status, error, issues })

async function readJson(stream: Readable): Promise<unknown> {
  // Decoded chunk by chunk into one string: no joined copy of the raw bytes beside the text (62 MiB for 100,000).
  const decoder = new StringDecoder('utf8')
  let text = ''
  for await (const chunk of stream) text += decoder.write(chunk as Buffer)
  text += decoder.end()
  if (text.trim() === '')
    throw new BodyError(400, 'request body is empty', [
      { path: '(body)', message: 'expected an object with an "indicators" array, or an array' },
    ])
  return JSON.parse(text)
}

async function ndjsonRecords(stream: Readable, max: number): Promise<unknown[]> {
  const records: unknown[] = []
  let line_no = 0
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    line_no++
    if (line.trim() === '') continue
    try {
      records.push(JSON.parse(line))
    } catch (error) {
      throw new BodyError(400, 'request body is not valid NDJSON', [
        { path: `(line ${line_no})`, message: (error as Error).message },
      ])
    }
    if (records.length > max) throw tooManyRecords(max)
  }
  return records
}
