import pLimit from 'p-limit'
import type { z } from 'zod'
import { LLM_BATCH_SIZE_DEFAULT } from '../settings/plain-defaults'
import { errorMessage, LlmInvalidOutputError, LlmRequestError } from './errors'
import type { LlmCallRecord, LlmClient, LlmRequest } from './types'
import { loadZod, zod } from './zod'

export interface BatchItem {
  indicator_id: string
  /** Compact description of the indicator; whitespace is collapsed so it stays on one line. */
  line: string
}

export interface AskBatchOptions<S extends z.ZodObject> {
  client: LlmClient
  items: BatchItem[]
  system: string
  instructions: string
  /** Fields of one answer, without its `id`, which askBatch adds. */
  answerSchema: S
  schema_name: string
  batch_size?: number
  /** Chunks in flight at once. */
  concurrency?: number
  max_output_tokens_per_item?: number
  /**
   * Called as each chunk settles, with its valid answers and the calls it made: a caller can store them at once, so
   * a process killed mid-batch loses neither paid answers nor their accounting.
   */
  onChunk?: (settled: { answers: Map<string, z.output<S>>; calls: LlmCallRecord[] }) => void | Promise<void>
}

export type BatchIssueKind = 'missing' | 'extra' | 'duplicate' | 'invalid'

/** Something the model did wrong with one answer; kept for observability even when a re-ask fixed it. */
export interface BatchIssue {
  indicator_id: string | null
  kind: BatchIssueKind
  detail: string
}

export interface BatchResult<T> {
  answers: Map<string, T>
  failures: Map<string, string>
  calls: LlmCallRecord[]
  issues: BatchIssue[]
}

/**
 * One item per line, `id=<JSON string> | <line>`: quoting keeps ids with spaces or `|` unambiguous,
 * and tests/support/fake-llm-server.ts finds the ids it must answer by this prefix. Each answer gives the id back
 * under the same short key, `id`: the key is paid again in every answer.
 */
export function formatItemLine(item: BatchItem): string {
  return `id=${JSON.stringify(item.indicator_id)} | ${item.line.replace(/\s+/g, ' ').trim()}`
}

/**
 * What every call of a stage shares, sent first so the providers serve it from their prompt caches: the system prompt
 * and the stage's instructions (the answer schema is static too, and both providers put it before the messages).
 */
function staticPrompt(system: string, instructions: string): string {
  return `${system.trim()}\n\n${instructions.trim()}`
}

/** The part that differs per call, last. */
function userPrompt(items: BatchItem[]): string {
  return [
    `Answer every item below with exactly one entry in "answers", copying its id. Items (${items.length}):`,
    ...items.map(formatItemLine),
  ].join('\n')
}

/** The envelope is checked loosely so each answer can be validated, and rejected, on its own. */
const buildEnvelope = () => zod().object({ answers: zod().array(zod().unknown()) })
let envelope: ReturnType<typeof buildEnvelope> | undefined
const envelopeSchema = () => (envelope ??= buildEnvelope())
type Envelope = z.output<ReturnType<typeof buildEnvelope>>

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

interface Round<T> {
  answers: Map<string, T>
  /** Ids still without a valid answer, with why. */
  pending: Map<string, string>
  calls: LlmCallRecord[]
  issues: BatchIssue[]
}

/** `retryable` is false when the call itself failed: asking again would only repeat spent retries and the repair. */
type Outcome<T> = Round<T> & { retryable: boolean }

/** Pairs answers with asked ids; every id ends either answered or pending with a reason. */
function matchAnswers<S extends z.ZodObject>(
  answers: unknown[],
  wanted: Set<string>,
  answerSchema: S,
): Omit<Round<z.output<S>>, 'calls'> {
  const round: Omit<Round<z.output<S>>, 'calls'> = { answers: new Map(), pending: new Map(), issues: [] }
  for (const answer of answers) {
    const id = typeof answer === 'object' && answer !== null ? (answer as { id?: unknown }).id : undefined
    if (typeof id !== 'string') {
      round.issues.push({ indicator_id: null, kind: 'extra', detail: 'answer without an id' })
      continue
    }
    if (!wanted.has(id)) {
      round.issues.push({ indicator_id: id, kind: 'extra', detail: 'answer for an id that was not asked' })
      continue
    }
    if (round.answers.has(id)) {
      round.issues.push({
        indicator_id: id,
        kind: 'duplicate',
        detail: 'second answer ignored; the first valid one is kept',
      })
      continue
    }
    const { id: _id, ...fields } = answer as Record<string, unknown>
    const parsed = answerSchema.safeParse(fields)
    if (parsed.success) {
      round.answers.set(id, parsed.data)
      round.pending.delete(id)
    } else {
      const detail = zod().prettifyError(parsed.error)
      round.issues.push({ indicator_id: id, kind: 'invalid', detail })
      round.pending.set(id, `invalid answer: ${detail}`)
    }
  }
  for (const id of wanted) {
    if (round.answers.has(id) || round.pending.has(id)) continue
    round.issues.push({ indicator_id: id, kind: 'missing', detail: 'no answer returned' })
    round.pending.set(id, 'no answer returned')
  }
  return round
}

/** What the questions about some items are made of; askBatch and a provider batch build them alike. */
export type QuestionOptions<S extends z.ZodObject> = Pick<
  AskBatchOptions<S>,
  'items' | 'system' | 'instructions' | 'answerSchema' | 'schema_name' | 'batch_size' | 'max_output_tokens_per_item'
>

/** The envelope that validates a reply, and the stricter schema the model is shown. */
function replySchemas<S extends z.ZodObject>(answerSchema: S) {
  const z = zod()
  return {
    schema: envelopeSchema(),
    wire_schema: z.object({ answers: z.array(z.object({ id: z.string(), ...answerSchema.shape })) }),
  }
}

/** One request asking about `items`. */
function questionRequest<S extends z.ZodObject>(options: QuestionOptions<S>, items: BatchItem[]): LlmRequest<Envelope> {
  return {
    system: staticPrompt(options.system, options.instructions),
    user: userPrompt(items),
    ...replySchemas(options.answerSchema),
    schema_name: options.schema_name,
    items: items.length,
    max_output_tokens: 256 + (options.max_output_tokens_per_item ?? 200) * items.length,
  }
}

/** The requests for every item, one per chunk of `batch_size`; refuses a bad size or an id asked twice. */
export function questionChunks<S extends z.ZodObject>(
  options: QuestionOptions<S>,
): { items: BatchItem[]; request: LlmRequest<Envelope> }[] {
  const batchSize = options.batch_size ?? LLM_BATCH_SIZE_DEFAULT
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`askBatch: batch_size must be a positive integer, got ${batchSize}`)
  const seen = new Set<string>()
  for (const item of options.items) {
    if (seen.has(item.indicator_id)) throw new Error(`askBatch: indicator_id ${item.indicator_id} appears twice`)
    seen.add(item.indicator_id)
  }
  return chunk(options.items, batchSize).map((items) => ({ items, request: questionRequest(options, items) }))
}

/** One request of an ended provider batch: the ids it asked about and what came back for it (nothing when lost). */
export interface BatchReply {
  indicator_ids: string[]
  text: string | null
  error: string | null
}

/**
 * The answers an ended provider batch holds, checked as askBatch checks a reply; every asked id ends answered or
 * pending with why (an error, an expiry, a lost request or an invalid answer), for a sync call to settle.
 */
export function readBatchReplies<S extends z.ZodObject>(
  client: LlmClient,
  answerSchema: S,
  replies: BatchReply[],
): Omit<Round<z.output<S>>, 'calls'> {
  const read: Omit<Round<z.output<S>>, 'calls'> = { answers: new Map(), pending: new Map(), issues: [] }
  const request = { system: '', user: '', schema_name: 'answers', ...replySchemas(answerSchema) }
  for (const reply of replies) {
    const wanted = new Set(reply.indicator_ids)
    const checked =
      reply.text === null
        ? ({ ok: false, reason: `provider batch: ${reply.error ?? 'no result'}` } as const)
        : client.batch!.read(reply.text, request)
    const round = checked.ok
      ? matchAnswers(checked.value.answers, wanted, answerSchema)
      : { answers: new Map(), pending: new Map([...wanted].map((id) => [id, checked.reason])), issues: [] }
    for (const [id, value] of round.answers) if (!read.answers.has(id)) read.answers.set(id, value)
    for (const [id, reason] of round.pending) if (!read.answers.has(id)) read.pending.set(id, reason)
    read.issues.push(...round.issues)
  }
  for (const id of read.answers.keys()) read.pending.delete(id)
  return read
}

export async function askBatch<S extends z.ZodObject>(options: AskBatchOptions<S>): Promise<BatchResult<z.output<S>>> {
  type T = z.output<S>
  await loadZod()
  const { client, answerSchema } = options
  const chunks = questionChunks(options)

  async function ask(chunkItems: BatchItem[]): Promise<Outcome<T>> {
    const wanted = new Set(chunkItems.map((item) => item.indicator_id))
    try {
      const response = await client.complete(questionRequest(options, chunkItems))
      return { ...matchAnswers(response.value.answers, wanted, answerSchema), calls: response.calls, retryable: true }
    } catch (error) {
      if (!(error instanceof LlmRequestError || error instanceof LlmInvalidOutputError)) throw error
      const reason = error instanceof LlmInvalidOutputError ? `invalid output: ${error.reason}` : errorMessage(error)
      const pending = new Map([...wanted].map((id) => [id, reason]))
      return { answers: new Map(), pending, issues: [], calls: error.calls, retryable: false }
    }
  }

  async function askChunk(chunkItems: BatchItem[]): Promise<Round<T>> {
    const first = await ask(chunkItems)
    if (first.pending.size === 0 || !first.retryable) return first
    const second = await ask(chunkItems.filter((item) => first.pending.has(item.indicator_id)))
    for (const [id, value] of second.answers) first.answers.set(id, value)
    return {
      answers: first.answers,
      pending: second.pending,
      calls: [...first.calls, ...second.calls],
      issues: [...first.issues, ...second.issues],
    }
  }

  const limit = pLimit(options.concurrency ?? 4)
  const rounds = await Promise.all(
    chunks.map((c) =>
      limit(async () => {
        const round = await askChunk(c.items)
        await options.onChunk?.({ answers: round.answers, calls: round.calls })
        return round
      }),
    ),
  )
  const result: BatchResult<T> = { answers: new Map(), failures: new Map(), calls: [], issues: [] }
  for (const round of rounds) {
    for (const [id, value] of round.answers) result.answers.set(id, value)
    for (const [id, reason] of round.pending) result.failures.set(id, reason)
    result.calls.push(...round.calls)
    result.issues.push(...round.issues)
  }
  return result
}
