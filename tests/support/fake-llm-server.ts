/**
 * A fake LLM provider on loopback, driven through the real OpenAI and Anthropic SDKs via their base URL.
 *
 * It answers from the JSON schema in the request (OpenAI `response_format.json_schema.schema`,
 * Anthropic forced tool `input_schema`), so it needs no knowledge of the prompts. Batch requests are
 * recognised by their item lines (src/llm/batch.ts `formatItemLine`): every line of the last user
 * message that starts with `id="<JSON string>"` names one indicator, and an `answers` array of
 * objects with an `id` property gets one entry per such id, in order.
 *
 * It speaks the providers' rate-limit headers (OpenAI `x-ratelimit-*`, Anthropic `anthropic-ratelimit-*`) when a
 * rate limit is set, and reports cached prompt tokens as the providers do: OpenAI caches any repeated prompt prefix of
 * at least `promptCacheMinTokens`, in 128-token steps (schema, then messages in order); Anthropic caches tools, system
 * and messages up to the last block marked `cache_control`, writing it the first time and reading it after.
 * The cache never expires (the real ones keep a prefix for minutes while it is in use).
 *
 * It runs provider batches too: OpenAI's `/v1/files` (JSONL upload, content download) and `/v1/batches`, Anthropic's
 * `/v1/messages/batches` with its JSONL results. A batch ends `batchDelayMs` after it is created (checked when it is
 * retrieved); scripted faults make some of its requests fail, or make it expire with only its first half answered.
 * Both lists of batches answer newest first, a page at a time (OpenAI's keep their `metadata`).
 *
 * Standalone: `tsx tests/support/fake-llm-server.ts --port 8787 [--latency 50|20-200] [--rpm N] [--tpm N]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

type Json = Record<string, unknown>

/** Chooses a value for `field` of the answer about `indicatorId`; undefined falls back to the default. */
export type AnswerFn = (indicatorId: string | null, field: string, enumValues: readonly unknown[] | null) => unknown

/** Per indicator_id, field values to return verbatim, even ones the schema forbids (to test validation). */
export type ScriptedAnswers = Record<string, Record<string, unknown>>

export interface FakeLlmServerOptions {
  port?: number
  host?: string
  /** Fixed delay, or a uniform range [min, max], before every response. */
  latencyMs?: number | [number, number]
  answer?: AnswerFn
  answers?: ScriptedAnswers
  /** Sliding one-minute window; exceeding it answers 429 with the wait until the window frees up. */
  rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number }
  rateLimitProbability?: number
  serverErrorProbability?: number
  /** Advertised on injected (not window) 429s. */
  retryAfterMs?: number
  random?: () => number
  /** How many received requests `requests()` keeps, oldest dropped first. */
  keepRequests?: number
  /** Shortest prefix either provider caches; 1,024 tokens as OpenAI and the larger Anthropic models. */
  promptCacheMinTokens?: number
  /** How long a provider batch runs before it ends (0: it has ended by the first retrieve). */
  batchDelayMs?: number
  /** Most batches on one page of a list, whatever larger `limit` the client asks for (the providers' default: 20). */
  batchPageSize?: number
}

/** Faults for the next N requests; counts add up across calls and are cleared by `reset()`. */
export interface FakeScript {
  rateLimited?: number
  /** Retry delay advertised by the scripted 429s, sent as both `retry-after` (s) and `retry-after-ms`. */
  retryAfterMs?: number
  /** Send only `retry-after` in seconds, as Anthropic does. */
  retryAfterSecondsOnly?: boolean
  serverErrors?: number
  serverErrorStatus?: number
  /** Answer 400 invalid_request, which must not be retried. */
  clientErrors?: number
  /** Answer 401 echoing the credential the request carried, as providers do ("Incorrect API key provided: sk-…")
   * and with the Authorization header as sent: what must never reach a log, the database or a response. */
  unauthorized?: number
  /** Hold the response `stallMs` (default 60 s) so the client times out. */
  stall?: number
  stallMs?: number
  garbled?: number
  dropAnswer?: number
  extraAnswer?: number
  duplicateAnswer?: number
  answers?: ScriptedAnswers
  /** Requests of provider batches that end in an error result instead of an answer, first requests first. */
  batchFailures?: number
  /** The next N provider batches expire: only the first half of their requests are answered. */
  batchExpiries?: number
  batchDelayMs?: number
}

export type FakeEndpoint = 'openai' | 'anthropic'

export interface ReceivedRequest {
  endpoint: FakeEndpoint
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Json
  /** The JSON schema the answer was generated from. */
  schema: Json | null
  /** Anthropic's system or OpenAI's system messages, as text. */
  system: string
  user: string
  indicator_ids: string[]
  /** Date.now() on arrival, to check that a client waited as long as a 429 told it to. */
  received_at: number
}

export interface FakeStats {
  requests: number
  by_status: Record<string, number>
  by_endpoint: Record<string, number>
  input_tokens: number
  /** Prompt tokens read from the prompt cache (part of input_tokens). */
  cached_input_tokens: number
  output_tokens: number
  rate_limited: number
  server_errors: number
  garbled: number
  in_flight: number
  max_in_flight: number
  /** Provider batches created, and the requests they carried. */
  batches: number
  batch_requests: number
}

export interface FakeLlmServer {
  url: string
  port: number
  openaiBaseUrl: string
  anthropicBaseUrl: string
  stats(): FakeStats
  requests(): ReceivedRequest[]
  script(script: FakeScript): void
  /** Every provider batch still running ends now (at its next retrieve), whatever its delay. */
  endBatches(): void
  reset(): void
  close(): Promise<void>
}

type BatchOutcome = 'succeeded' | 'errored' | 'expired'

interface FakeBatch {
  endpoint: FakeEndpoint
  id: string
  requests: { custom_id: string; body: Json }[]
  created_at: number
  due_at: number
  expires: boolean
  /** How many of the first requests end in an error. */
  failures: number
  /** Set once the batch has ended. */
  results: { custom_id: string; outcome: BatchOutcome; body?: Json; error?: string }[] | null
  input_file_id: string | undefined
  /** OpenAI's batch metadata, as created. */
  metadata: Json | null
  output_file_id: string | null
  error_file_id: string | null
}

/** Output tokens of a reply, as the provider reports them. */
function outputTokensOf(endpoint: FakeEndpoint, body: Json): number {
  const usage = isObject(body.usage) ? body.usage : {}
  const tokens = endpoint === 'openai' ? usage.completion_tokens : usage.output_tokens
  return typeof tokens === 'number' ? tokens : 0
}

const ITEM_ID = /^id=("(?:[^"\\]|\\.)*")/

export function indicatorIdsIn(user: string): string[] {
  const ids: string[] = []
  for (const line of user.split('\n')) {
    const match = ITEM_ID.exec(line.trim())
    if (match?.[1]) ids.push(JSON.parse(match[1]) as string)
  }
  return ids
}

/** Roughly what real tokenizers give for English and JSON; good enough for rate limits and cost tests. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

interface Generator {
  root: Json
  ids: string[]
  answer?: AnswerFn
  scripted: ScriptedAnswers
}

function resolve(schema: Json, gen: Generator): Json {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  if (ref === '#') return gen.root
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), gen.root)
  return isObject(target) ? target : {}
}

function pick(schema: Json, gen: Generator, id: string | null, field: string): unknown {
  const node = resolve(schema, gen)
  const scripted = id === null ? undefined : gen.scripted[id]
  if (scripted && field in scripted) return scripted[field]
  const variants = (node.anyOf ?? node.oneOf) as Json[] | undefined
  if (Array.isArray(variants)) {
    const chosen = variants.find((v) => resolve(v, gen).type !== 'null') ?? variants[0] ?? {}
    return pick(chosen, gen, id, field)
  }
  if ('const' in node) return node.const
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type
  if (type === 'object') return generateObject(node, gen, id)
  if (type === 'array') return generateArray(node, gen, id, field)
  const enumValues = Array.isArray(node.enum) ? (node.enum as unknown[]) : null
  const custom = gen.answer?.(id, field, enumValues)
  if (custom !== undefined) return custom
  if (enumValues) return enumValues[0]
  switch (type) {
    case 'string':
      return `fake ${field}`
    case 'integer':
    case 'number': {
      const min = typeof node.minimum === 'number' ? node.minimum : 0
      const max = typeof node.maximum === 'number' ? node.maximum : min + 1
      // Near the top of the range: a confidence of 0.9 passes the usual 0.75 threshold.
      const value = min + 0.9 * (max - min)
      return type === 'integer' ? Math.round(value) : value
    }
    case 'boolean':
      return false
    default:
      return null
  }
}

function generateObject(schema: Json, gen: Generator, id: string | null): Json {
  const out: Json = {}
  const properties = isObject(schema.properties) ? schema.properties : {}
  for (const [key, child] of Object.entries(properties)) {
    out[key] = key === 'id' && id !== null ? id : pick(isObject(child) ? child : {}, gen, id, key)
  }
  return out
}

function generateArray(schema: Json, gen: Generator, id: string | null, field: string): unknown[] {
  const items = isObject(schema.items) ? resolve(schema.items, gen) : {}
  const perIndicator = isObject(items.properties) && 'id' in items.properties
  if (perIndicator) return gen.ids.map((itemId) => generateObject(items, gen, itemId))
  const count = typeof schema.minItems === 'number' ? schema.minItems : 0
  return Array.from({ length: count }, () => pick(items, gen, id, field))
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('')
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return ''
  const user = [...messages].reverse().find((m) => isObject(m) && m.role === 'user')
  return isObject(user) ? textOf(user.content) : ''
}

function systemText(endpoint: FakeEndpoint, body: Json): string {
  if (endpoint === 'anthropic') return textOf(body.system)
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : []
  return messages
    .filter((m) => m.role === 'system')
    .map((m) => textOf(m.content))
    .join('\n')
}

function schemaOf(endpoint: FakeEndpoint, body: Json): { schema: Json | null; toolName: string | null } {
  if (endpoint === 'openai') {
    const format = body.response_format
    const schema = isObject(format) && isObject(format.json_schema) ? format.json_schema.schema : null
    return { schema: isObject(schema) ? schema : null, toolName: null }
  }
  const choice = body.tool_choice
  const name = isObject(choice) && typeof choice.name === 'string' ? choice.name : null
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : []
  const tool = tools.find((t) => t.name === name) ?? tools[0]
  return {
    schema: tool && isObject(tool.input_schema) ? tool.input_schema : null,
    toolName: tool && typeof tool.name === 'string' ? tool.name : null,
  }
}

/** A piece of the prompt in the order the provider caches it; `marked` is Anthropic's `cache_control`. */
interface Segment {
  text: string
  marked: boolean
}

const marked = (block: unknown): boolean => isObject(block) && isObject(block.cache_control)

function blocksOf(content: unknown): Segment[] {
  if (typeof content === 'string') return [{ text: content, marked: false }]
  if (!Array.isArray(content)) return []
  return content.map((part) => ({
    text: isObject(part) && typeof part.text === 'string' ? part.text : '',
    marked: marked(part),
  }))
}

/** OpenAI: the response schema, then every message; Anthropic: tools, system, then every message. */
function promptSegments(endpoint: FakeEndpoint, body: Json, schema: Json | null): Segment[] {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : []
  const fromMessages = messages.flatMap((m) => blocksOf(m.content))
  if (endpoint === 'openai') return [{ text: schema ? JSON.stringify(schema) : '', marked: false }, ...fromMessages]
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : []
  return [
    ...tools.map((tool) => ({ text: JSON.stringify(tool.input_schema ?? {}), marked: marked(tool) })),
    ...blocksOf(body.system),
    ...fromMessages,
  ]
}

/** OpenAI's cache granularity: a hit covers a whole number of these. */
const CACHE_STEP_TOKENS = 128
const CACHE_STEP_CHARS = CACHE_STEP_TOKENS * 4

/** Prompt-cache usage of one request; `read` and `written` are parts of the request's prompt tokens. */
interface CacheUsage {
  read: number
  written: number
}

function promptCache(minTokens: number) {
  const seen = new Set<string>()
  const key = (text: string) => createHash('sha256').update(text).digest('base64')
  return {
    /** The longest repeated prefix at a 128-token boundary; the prompt's own boundaries are remembered for the next. */
    openai(prompt: string): CacheUsage {
      let read = 0
      for (let end = CACHE_STEP_CHARS; end <= prompt.length; end += CACHE_STEP_CHARS) {
        const k = key(prompt.slice(0, end))
        if (seen.has(k) && end / 4 >= minTokens) read = end / 4
        seen.add(k)
      }
      return { read, written: 0 }
    },
    /** The prefix through the last marked block, read when seen before, else written. */
    anthropic(segments: Segment[]): CacheUsage {
      const last = segments.map((segment) => segment.marked).lastIndexOf(true)
      if (last < 0) return { read: 0, written: 0 }
      const prefix = segments
        .slice(0, last + 1)
        .map((segment) => segment.text)
        .join('')
      const tokens = estimateTokens(prefix)
      if (tokens < minTokens) return { read: 0, written: 0 }
      const k = key(prefix)
      if (seen.has(k)) return { read: tokens, written: 0 }
      seen.add(k)
      return { read: 0, written: tokens }
    },
  }
}

/** OpenAI writes a reset as a duration, `6m0s`, `1.5s` or `20ms`. */
export function openAiDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms - minutes * 60_000) / 10) / 100
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`
}

const GARBLED = '{"answers": [{"indicator_id": oops, truncated'

interface Counters {
  rateLimited: number
  serverErrors: number
  clientErrors: number
  unauthorized: number
  stall: number
  garbled: number
  dropAnswer: number
  extraAnswer: number
  duplicateAnswer: number
  batchFailures: number
  batchExpiries: number
}

const emptyCounters = (): Counters => ({
  rateLimited: 0,
  serverErrors: 0,
  clientErrors: 0,
  unauthorized: 0,
  stall: 0,
  garbled: 0,
  dropAnswer: 0,
  extraAnswer: 0,
  duplicateAnswer: 0,
  batchFailures: 0,
  batchExpiries: 0,
})

const emptyStats = (): FakeStats => ({
  requests: 0,
  by_status: {},
  by_endpoint: {},
  input_tokens: 0,
  cached_input_tokens: 0,
  output_tokens: 0,
  rate_limited: 0,
  server_errors: 0,
  garbled: 0,
  in_flight: 0,
  max_in_flight: 0,
  batches: 0,
  batch_requests: 0,
})

export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const random = options.random ?? Math.random
  const keep = options.keepRequests ?? 1000
  let counters = emptyCounters()
  let scripted: ScriptedAnswers = {}
  let retryAfterMs = options.retryAfterMs ?? 1000
  let retryAfterSecondsOnly = false
  let serverErrorStatus = 500
  let stallMs = 60_000
  let stats = emptyStats()
  let received: ReceivedRequest[] = []
  let window: { at: number; tokens: number }[] = []
  let sequence = 0
  let cache = promptCache(options.promptCacheMinTokens ?? 1024)
  let batchDelayMs = options.batchDelayMs ?? 0
  const batchPageSize = options.batchPageSize ?? 20

  const take = (key: keyof Counters): boolean => {
    if (counters[key] <= 0) return false
    counters[key]--
    return true
  }

  function latency(): number {
    const setting = options.latencyMs ?? 0
    if (typeof setting === 'number') return setting
    const [min, max] = setting
    return min + random() * (max - min)
  }

  /** Resolves early when the client gives up, so stalled responses do not pile up. */
  function wait(ms: number, res: ServerResponse): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((done) => {
      const timer = setTimeout(done, ms)
      res.once('close', () => {
        clearTimeout(timer)
        done()
      })
    })
  }

  /**
   * Admits a request of `tokens` prompt tokens into the window, or answers how many milliseconds until it fits. The
   * admitted entry is charged its output tokens too once the answer is written: TPM counts prompt and completion
   * tokens, as OpenAI's does.
   */
  function admit(tokens: number, now: number): { wait_ms: number; entry?: { at: number; tokens: number } } {
    const limits = options.rateLimit
    if (!limits) return { wait_ms: 0 }
    window = window.filter((entry) => entry.at > now - 60_000)
    const used = window.reduce((sum, entry) => sum + entry.tokens, 0)
    const overRequests = limits.requestsPerMinute !== undefined && window.length >= limits.requestsPerMinute
    const overTokens =
      limits.tokensPerMinute !== undefined && window.length > 0 && used + tokens > limits.tokensPerMinute
    if (!overRequests && !overTokens) {
      const entry = { at: now, tokens }
      window.push(entry)
      return { wait_ms: 0, entry }
    }
    return { wait_ms: Math.max(1, (window[0]?.at ?? now) + 60_000 - now) }
  }

  /** The window as the provider reports it: limits, what is left of them, and when the oldest entry frees. */
  function limitHeaders(endpoint: FakeEndpoint, now: number): Record<string, string> {
    const limits = options.rateLimit
    if (!limits) return {}
    window = window.filter((entry) => entry.at > now - 60_000)
    const used = window.reduce((sum, entry) => sum + entry.tokens, 0)
    const resetMs = window.length === 0 ? 0 : Math.max(0, (window[0]?.at ?? now) + 60_000 - now)
    const headers: Record<string, string> = {}
    const report = (kind: 'requests' | 'tokens', limit: number | undefined, inUse: number) => {
      if (limit === undefined) return
      const remaining = String(Math.max(0, Math.floor(limit - inUse)))
      if (endpoint === 'openai') {
        headers[`x-ratelimit-limit-${kind}`] = String(limit)
        headers[`x-ratelimit-remaining-${kind}`] = remaining
        headers[`x-ratelimit-reset-${kind}`] = openAiDuration(resetMs)
      } else {
        headers[`anthropic-ratelimit-${kind}-limit`] = String(limit)
        headers[`anthropic-ratelimit-${kind}-remaining`] = remaining
        headers[`anthropic-ratelimit-${kind}-reset`] = new Date(Math.ceil((now + resetMs) / 1000) * 1000)
          .toISOString()
          .replace(/\.000Z$/, 'Z')
      }
    }
    report('requests', limits.requestsPerMinute, window.length)
    report('tokens', limits.tokensPerMinute, used)
    return headers
  }

  function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
    stats.by_status[status] = (stats.by_status[status] ?? 0) + 1
    if (res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

  type ErrorKind = 'rate_limit' | 'server' | 'invalid_request' | 'authentication'
  function errorBody(endpoint: FakeEndpoint, kind: ErrorKind, message: string): Json {
    if (endpoint === 'anthropic') {
      const type = {
        rate_limit: 'rate_limit_error',
        server: 'api_error',
        invalid_request: 'invalid_request_error',
        authentication: 'authentication_error',
      }[kind]
      return { type: 'error', error: { type, message } }
    }
    const type = {
      rate_limit: 'rate_limit_exceeded',
      server: 'server_error',
      invalid_request: 'invalid_request_error',
      authentication: 'invalid_api_key',
    }[kind]
    return { error: { message, type, code: type, param: null } }
  }

  function rateLimited(res: ServerResponse, endpoint: FakeEndpoint, waitMs: number, secondsOnly: boolean): void {
    stats.rate_limited++
    const headers: Record<string, string> = { 'retry-after': String(Math.ceil(waitMs / 1000)) }
    if (!secondsOnly) headers['retry-after-ms'] = String(Math.ceil(waitMs))
    send(res, 429, errorBody(endpoint, 'rate_limit', 'Rate limit reached (fake)'), {
      ...limitHeaders(endpoint, Date.now()),
      ...headers,
    })
  }

  function answerText(schema: Json, ids: string[]): string {
    const gen: Generator = {
      root: schema,
      ids,
      scripted: { ...options.answers, ...scripted },
      ...(options.answer ? { answer: options.answer } : {}),
    }
    const value = pick(schema, gen, ids.length === 1 ? (ids[0] ?? null) : null, 'root')
    const answers = isObject(value) ? value.answers : undefined
    if (Array.isArray(answers) && answers.length > 0) {
      if (take('dropAnswer')) answers.pop()
      if (take('duplicateAnswer')) answers.push(structuredClone(answers[0]))
      if (take('extraAnswer')) {
        const items =
          isObject(schema.properties) && isObject(schema.properties.answers) ? schema.properties.answers.items : null
        const extraId = `unknown-${++sequence}`
        answers.push(isObject(items) ? generateObject(resolve(items, gen), gen, extraId) : { id: extraId })
      }
    }
    return JSON.stringify(value)
  }

  function receive(endpoint: FakeEndpoint, path: string, headers: ReceivedRequest['headers'], body: Json): void {
    const user = lastUserText(body.messages)
    received.push({
      endpoint,
      path,
      headers,
      body,
      schema: schemaOf(endpoint, body).schema,
      system: systemText(endpoint, body),
      user,
      indicator_ids: indicatorIdsIn(user),
      received_at: Date.now(),
    })
    if (received.length > keep) received = received.slice(-keep)
  }

  /** The model's reply to one admitted request, shaped as `endpoint` shapes it, with its usage counted. */
  function completion(endpoint: FakeEndpoint, body: Json, garbled: boolean): { status: number; body: Json } {
    const { schema, toolName } = schemaOf(endpoint, body)
    if (!schema) {
      const message = 'fake LLM server answers only requests with a JSON schema'
      return { status: 400, body: errorBody(endpoint, 'invalid_request', message) }
    }
    const segments = promptSegments(endpoint, body, schema)
    const prompt = segments.map((segment) => segment.text).join('')
    const inputTokens = estimateTokens(prompt)
    if (garbled) stats.garbled++
    const text = garbled ? GARBLED : answerText(schema, indicatorIdsIn(lastUserText(body.messages)))
    const outputTokens = estimateTokens(text)
    const cached = endpoint === 'openai' ? cache.openai(prompt) : cache.anthropic(segments)
    stats.input_tokens += inputTokens
    stats.cached_input_tokens += cached.read
    stats.output_tokens += outputTokens
    const model = typeof body.model === 'string' ? body.model : 'fake-model'
    sequence++
    if (endpoint === 'openai') {
      return {
        status: 200,
        body: {
          id: `chatcmpl-fake-${sequence}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage: {
            prompt_tokens: inputTokens,
            completion_tokens: outputTokens,
            total_tokens: inputTokens + outputTokens,
            prompt_tokens_details: { cached_tokens: cached.read },
          },
        },
      }
    }
    // Garbled Anthropic output is what a model does when it ignores the forced tool: plain text.
    const content = garbled
      ? [{ type: 'text', text }]
      : [{ type: 'tool_use', id: `toolu_fake_${sequence}`, name: toolName, input: JSON.parse(text) as unknown }]
    return {
      status: 200,
      body: {
        id: `msg_fake_${sequence}`,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: garbled ? 'end_turn' : 'tool_use',
        stop_sequence: null,
        // Anthropic's input_tokens counts only what follows the cached prefix.
        usage: {
          input_tokens: inputTokens - cached.read - cached.written,
          cache_read_input_tokens: cached.read,
          cache_creation_input_tokens: cached.written,
          output_tokens: outputTokens,
        },
      },
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? ''
    const endpoint: FakeEndpoint | null =
      req.method === 'POST' && path === '/v1/chat/completions'
        ? 'openai'
        : req.method === 'POST' && path === '/v1/messages'
          ? 'anthropic'
          : null
    if (!endpoint) return batchRoute(req, res, path, raw)
    stats.requests++
    stats.by_endpoint[path] = (stats.by_endpoint[path] ?? 0) + 1
    let body: Json
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'))
      body = isObject(parsed) ? parsed : {}
    } catch {
      send(res, 400, errorBody(endpoint, 'invalid_request', 'body is not JSON'))
      return
    }
    receive(endpoint, path, req.headers, body)

    const inputTokens = estimateTokens(
      promptSegments(endpoint, body, schemaOf(endpoint, body).schema)
        .map((segment) => segment.text)
        .join(''),
    )
    const admitted = admit(inputTokens, Date.now())
    await wait(latency(), res)
    if (admitted.wait_ms > 0) return rateLimited(res, endpoint, admitted.wait_ms, false)
    if (take('rateLimited')) return rateLimited(res, endpoint, retryAfterMs, retryAfterSecondsOnly)
    if (options.rateLimitProbability && random() < options.rateLimitProbability)
      return rateLimited(res, endpoint, retryAfterMs, false)
    const scriptedError = take('serverErrors')
    if (scriptedError || (options.serverErrorProbability && random() < options.serverErrorProbability)) {
      stats.server_errors++
      return send(
        res,
        scriptedError ? serverErrorStatus : 500,
        errorBody(endpoint, 'server', 'The server had an error (fake)'),
      )
    }
    if (take('clientErrors')) return send(res, 400, errorBody(endpoint, 'invalid_request', 'Invalid request (fake)'))
    if (take('unauthorized')) {
      const key = String(req.headers['x-api-key'] ?? req.headers.authorization ?? '').replace(/^Bearer /, '')
      const message = `Incorrect API key provided: ${key}. Request header was "Authorization: Bearer ${key}".`
      return send(res, 401, errorBody(endpoint, 'authentication', message))
    }
    if (take('stall')) {
      await wait(stallMs, res)
      if (res.destroyed) {
        stats.by_status.aborted = (stats.by_status.aborted ?? 0) + 1
        return
      }
    }
    const reply = completion(endpoint, body, take('garbled'))
    if (admitted.entry && reply.status === 200) admitted.entry.tokens += outputTokensOf(endpoint, reply.body)
    return send(res, reply.status, reply.body, limitHeaders(endpoint, Date.now()))
  }

  // Provider batches: files and batches of OpenAI, message batches of Anthropic.

  const files = new Map<string, { filename: string; purpose: string; content: string; created_at: number }>()
  const batches = new Map<string, FakeBatch>()

  function fileObject(id: string): Json | null {
    const file = files.get(id)
    if (!file) return null
    return {
      id,
      object: 'file',
      bytes: Buffer.byteLength(file.content),
      created_at: Math.floor(file.created_at / 1000),
      filename: file.filename,
      purpose: file.purpose,
      status: 'processed',
    }
  }

  function addFile(filename: string, purpose: string, content: string): string {
    const id = `file-fake-${++sequence}`
    files.set(id, { filename, purpose, content, created_at: Date.now() })
    return id
  }

  function createBatch(
    endpoint: FakeEndpoint,
    requests: FakeBatch['requests'],
    openai?: { input_file_id: string; metadata: Json | null },
  ): FakeBatch {
    const created_at = Date.now()
    const batch: FakeBatch = {
      endpoint,
      id: endpoint === 'openai' ? `batch_fake_${++sequence}` : `msgbatch_fake_${++sequence}`,
      requests,
      created_at,
      due_at: created_at + batchDelayMs,
      expires: take('batchExpiries'),
      failures: 0,
      results: null,
      input_file_id: openai?.input_file_id,
      metadata: openai?.metadata ?? null,
      output_file_id: null,
      error_file_id: null,
    }
    while (batch.failures < requests.length && take('batchFailures')) batch.failures++
    stats.batches++
    stats.batch_requests += requests.length
    for (const request of requests)
      receive(endpoint, endpoint === 'openai' ? '/v1/batches' : '/v1/messages/batches', {}, request.body)
    batches.set(batch.id, batch)
    return batch
  }

  /** Runs a batch that is due: its first `failures` requests error, an expiring batch answers only its first half. */
  function settle(batch: FakeBatch): void {
    if (batch.results || Date.now() < batch.due_at) return
    const answered = batch.expires ? Math.floor(batch.requests.length / 2) : batch.requests.length
    batch.results = batch.requests.map(({ custom_id, body }, index) => {
      if (index >= answered) return { custom_id, outcome: 'expired' }
      if (index < batch.failures) return { custom_id, outcome: 'errored', error: 'The server had an error (fake)' }
      const reply = completion(batch.endpoint, body, false)
      return reply.status === 200
        ? { custom_id, outcome: 'succeeded', body: reply.body }
        : { custom_id, outcome: 'errored', error: JSON.stringify(reply.body) }
    })
    if (batch.endpoint !== 'openai') return
    const lines = (outcome: 'succeeded' | 'failed') =>
      batch
        .results!.filter((r) => (r.outcome === 'succeeded') === (outcome === 'succeeded'))
        .map((r) =>
          JSON.stringify({
            id: `batch_req_fake_${++sequence}`,
            custom_id: r.custom_id,
            response:
              r.outcome === 'succeeded'
                ? { status_code: 200, request_id: `req_fake_${sequence}`, body: r.body }
                : r.outcome === 'errored'
                  ? {
                      status_code: 500,
                      request_id: `req_fake_${sequence}`,
                      body: errorBody('openai', 'server', r.error ?? ''),
                    }
                  : null,
            error:
              r.outcome === 'expired'
                ? {
                    code: 'batch_expired',
                    message: 'This request could not be executed before the completion window expired.',
                  }
                : null,
          }),
        )
    const ok = lines('succeeded')
    const failed = lines('failed')
    if (ok.length > 0) batch.output_file_id = addFile(`${batch.id}_output.jsonl`, 'batch_output', ok.join('\n') + '\n')
    if (failed.length > 0)
      batch.error_file_id = addFile(`${batch.id}_error.jsonl`, 'batch_output', failed.join('\n') + '\n')
  }

  function count(batch: FakeBatch, outcome: BatchOutcome): number {
    return batch.results ? batch.results.filter((r) => r.outcome === outcome).length : 0
  }

  function openAiBatch(batch: FakeBatch): Json {
    settle(batch)
    const ended = batch.results !== null
    const at = (ms: number) => Math.floor(ms / 1000)
    const status = !ended ? 'in_progress' : batch.expires ? 'expired' : 'completed'
    return {
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: batch.input_file_id,
      completion_window: '24h',
      status,
      output_file_id: batch.output_file_id,
      error_file_id: batch.error_file_id,
      created_at: at(batch.created_at),
      in_progress_at: at(batch.created_at),
      expires_at: at(batch.created_at + 86_400_000),
      finalizing_at: ended ? at(batch.due_at) : null,
      completed_at: status === 'completed' ? at(batch.due_at) : null,
      failed_at: null,
      expired_at: status === 'expired' ? at(batch.due_at) : null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: {
        total: batch.requests.length,
        completed: count(batch, 'succeeded'),
        failed: count(batch, 'errored') + count(batch, 'expired'),
      },
      metadata: batch.metadata,
    }
  }

  function anthropicBatch(batch: FakeBatch): Json {
    settle(batch)
    const ended = batch.results !== null
    const iso = (ms: number) => new Date(ms).toISOString()
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : batch.requests.length,
        succeeded: count(batch, 'succeeded'),
        errored: count(batch, 'errored'),
        canceled: 0,
        expired: count(batch, 'expired'),
      },
      ended_at: ended ? iso(batch.due_at) : null,
      created_at: iso(batch.created_at),
      expires_at: iso(batch.created_at + 86_400_000),
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    }
  }

  function anthropicResults(batch: FakeBatch): string {
    return batch
      .results!.map(({ custom_id, outcome, body, error }) =>
        JSON.stringify({
          custom_id,
          result:
            outcome === 'succeeded'
              ? { type: 'succeeded', message: body }
              : outcome === 'errored'
                ? { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: error } } }
                : { type: 'expired' },
        }),
      )
      .map((line) => `${line}\n`)
      .join('')
  }

  async function batchRoute(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): Promise<void> {
    const route = `${req.method} ${path}`
    const query = new URL(req.url ?? '', 'http://fake').searchParams
    /** One page of an endpoint's batches, newest first, after the batch whose id the `cursor` parameter names. */
    const listPage = (endpoint: FakeEndpoint, cursor: string) => {
      const newestFirst = [...batches.values()].filter((b) => b.endpoint === endpoint).reverse()
      const after = query.get(cursor)
      const start = after === null ? 0 : newestFirst.findIndex((b) => b.id === after) + 1
      const size = Math.min(Number(query.get('limit') ?? batchPageSize), batchPageSize)
      const data = newestFirst.slice(start, start + size)
      return {
        data,
        has_more: start + size < newestFirst.length,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      }
    }
    stats.by_endpoint[route] = (stats.by_endpoint[route] ?? 0) + 1
    const notFound = () => send(res, 404, { error: { message: `fake LLM server has no route ${route}` } })
    const sendText = (text: string, type: string) => {
      stats.by_status[200] = (stats.by_status[200] ?? 0) + 1
      res.writeHead(200, { 'content-type': type })
      res.end(text)
    }
    const json = (): Json => {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'))
        return isObject(parsed) ? parsed : {}
      } catch {
        return {}
      }
    }
    let match: RegExpExecArray | null
    if (route === 'POST /v1/files') {
      const form = await new Response(raw, {
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
      }).formData()
      const file = form.get('file')
      if (!(file instanceof Blob)) return send(res, 400, errorBody('openai', 'invalid_request', 'no file'))
      const name = 'name' in file && typeof file.name === 'string' ? file.name : 'upload.jsonl'
      const id = addFile(name, String(form.get('purpose') ?? ''), await file.text())
      return send(res, 200, fileObject(id)!)
    }
    if ((match = /^GET \/v1\/files\/([^/]+)(\/content)?$/.exec(route))) {
      const file = files.get(match[1] ?? '')
      if (!file) return notFound()
      return match[2] ? sendText(file.content, 'application/octet-stream') : send(res, 200, fileObject(match[1]!)!)
    }
    if (route === 'POST /v1/batches') {
      const body = json()
      const file = files.get(String(body.input_file_id))
      if (!file) return send(res, 400, errorBody('openai', 'invalid_request', 'unknown input_file_id'))
      const fileId = String(body.input_file_id)
      const requests: FakeBatch['requests'] = []
      for (const line of file.content.split('\n').filter((l) => l.trim() !== '')) {
        const parsed = JSON.parse(line) as { custom_id?: unknown; body?: unknown }
        if (typeof parsed.custom_id !== 'string' || !isObject(parsed.body))
          return send(res, 400, errorBody('openai', 'invalid_request', 'input line without custom_id or body'))
        requests.push({ custom_id: parsed.custom_id, body: parsed.body })
      }
      const metadata = isObject(body.metadata) ? body.metadata : null
      return send(res, 200, openAiBatch(createBatch('openai', requests, { input_file_id: fileId, metadata })))
    }
    if (route === 'GET /v1/batches') {
      const page = listPage('openai', 'after')
      return send(res, 200, { object: 'list', ...page, data: page.data.map(openAiBatch) })
    }
    if ((match = /^GET \/v1\/batches\/([^/]+)$/.exec(route))) {
      const batch = batches.get(match[1] ?? '')
      return batch?.endpoint === 'openai' ? send(res, 200, openAiBatch(batch)) : notFound()
    }
    if (route === 'POST /v1/messages/batches') {
      const body = json()
      const requests = (Array.isArray(body.requests) ? body.requests : []).filter(isObject).map((r) => ({
        custom_id: String(r.custom_id),
        body: isObject(r.params) ? r.params : {},
      }))
      if (requests.length === 0) return send(res, 400, errorBody('anthropic', 'invalid_request', 'no requests'))
      return send(res, 200, anthropicBatch(createBatch('anthropic', requests)))
    }
    if (route === 'GET /v1/messages/batches') {
      const page = listPage('anthropic', 'after_id')
      return send(res, 200, { ...page, data: page.data.map(anthropicBatch) })
    }
    if ((match = /^GET \/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(route))) {
      const batch = batches.get(match[1] ?? '')
      if (batch?.endpoint !== 'anthropic') return notFound()
      if (!match[2]) return send(res, 200, anthropicBatch(batch))
      settle(batch)
      if (!batch.results) return send(res, 400, errorBody('anthropic', 'invalid_request', 'batch still processing'))
      return sendText(anthropicResults(batch), 'application/binary')
    }
    return notFound()
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      stats.in_flight++
      stats.max_in_flight = Math.max(stats.max_in_flight, stats.in_flight)
      handle(req, res, Buffer.concat(chunks))
        .catch((error: unknown) => send(res, 500, { error: { message: `fake LLM server bug: ${String(error)}` } }))
        .finally(() => stats.in_flight--)
    })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done())
  })
  const { port, address } = server.address() as AddressInfo
  const url = `http://${address}:${port}`

  return {
    url,
    port,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    stats: () => structuredClone(stats),
    requests: () => [...received],
    script(s) {
      counters.rateLimited += s.rateLimited ?? 0
      counters.serverErrors += s.serverErrors ?? 0
      counters.clientErrors += s.clientErrors ?? 0
      counters.unauthorized += s.unauthorized ?? 0
      counters.stall += s.stall ?? 0
      counters.garbled += s.garbled ?? 0
      counters.dropAnswer += s.dropAnswer ?? 0
      counters.extraAnswer += s.extraAnswer ?? 0
      counters.duplicateAnswer += s.duplicateAnswer ?? 0
      if (s.retryAfterMs !== undefined) retryAfterMs = s.retryAfterMs
      if (s.retryAfterSecondsOnly !== undefined) retryAfterSecondsOnly = s.retryAfterSecondsOnly
      if (s.serverErrorStatus !== undefined) serverErrorStatus = s.serverErrorStatus
      if (s.stallMs !== undefined) stallMs = s.stallMs
      if (s.answers) scripted = { ...scripted, ...s.answers }
      counters.batchFailures += s.batchFailures ?? 0
      counters.batchExpiries += s.batchExpiries ?? 0
      if (s.batchDelayMs !== undefined) batchDelayMs = s.batchDelayMs
    },
    endBatches() {
      for (const batch of batches.values()) batch.due_at = Math.min(batch.due_at, Date.now())
    },
    reset() {
      counters = emptyCounters()
      scripted = {}
      retryAfterMs = options.retryAfterMs ?? 1000
      retryAfterSecondsOnly = false
      serverErrorStatus = 500
      stallMs = 60_000
      stats = { ...emptyStats(), in_flight: stats.in_flight }
      received = []
      window = []
      cache = promptCache(options.promptCacheMinTokens ?? 1024)
      batchDelayMs = options.batchDelayMs ?? 0
      files.clear()
      batches.clear()
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()))
        server.closeAllConnections()
      }),
  }
}

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

async function main(args: string[]): Promise<void> {
  const latency = flag(args, '--latency')
  const range = latency?.split('-').map(Number)
  const rpm = flag(args, '--rpm')
  const tpm = flag(args, '--tpm')
  const server = await startFakeLlmServer({
    port: Number(flag(args, '--port') ?? 8787),
    ...(range ? { latencyMs: range.length === 2 ? [range[0] ?? 0, range[1] ?? 0] : (range[0] ?? 0) } : {}),
    ...(rpm || tpm
      ? {
          rateLimit: {
            ...(rpm ? { requestsPerMinute: Number(rpm) } : {}),
            ...(tpm ? { tokensPerMinute: Number(tpm) } : {}),
          },
        }
      : {}),
  })
  console.log(`fake LLM server on ${server.url}`)
  console.log(
    `  OPENAI_BASE_URL=${server.openaiBaseUrl}  LOCAL_LLM_URL=${server.openaiBaseUrl}  ANTHROPIC_BASE_URL=${server.anthropicBaseUrl}`,
  )
  const stop = () => {
    console.log(JSON.stringify(server.stats()))
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2))
}
