import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { ProviderBatchRow } from '../db/store'
import { askBatch, questionChunks, readBatchReplies, type QuestionOptions } from '../llm/batch'
import { errorMessage } from '../llm/errors'
import { loadZod, type ZodApi } from '../llm/zod'
import { taggedCustomId } from '../llm/transport'
import type { LlmCallRecord, LlmClient } from '../llm/types'
import { PROMPT_VERSION } from '../llm/version'
import { TAXONOMY_VERSION } from '../taxonomy/enums'
import type { LlmStage, StageOutcome } from '../taxonomy/stages'
import { wantsLlm, type LlmStageContext, type UnitProviderBatches } from './llm-context'
import { indicatorLine, SYSTEM_PROMPT, type LineFields } from './llm-prompts'
import { WaitingForProviderBatch } from './provider-wait'
import { digest, intakeSignature } from './signature'
import type { Provenance, StageItem } from './types'

export const RULES_PROVENANCE: Provenance = { source: 'rules', provider: 'rules', model: null, prompt_version: null }

export interface Consultation<R> {
  stage: LlmStage
  /** Sent once per call; stages that decide family or type start it with TAXONOMY_BRIEF. */
  instructions: string
  /** Built with the zod it is handed, which only a stage that asks an LLM loads (llm/zod.ts). */
  answerSchema: (z: ZodApi) => z.ZodObject
  schema_name: string
  /** What the item line shows besides name, units and the rules' view: only what the stage reads (default all). */
  shows?: LineFields
  /**
   * The rules settled the stage's fields beyond what the model would be shown to judge: not asked in any mode (the
   * issue's "no field the rules already settled"). Absent, the mode alone decides.
   */
  settled?: (result: R, item: StageItem) => boolean
  /** How the rules see the indicator, shown to the model as evidence (and part of what makes two indicators alike). */
  rulesView: (result: R, item: StageItem) => string
  /** The rules' result rewritten with a validated answer, or a reason the answer cannot be used. */
  merge: (
    result: R,
    answer: Record<string, unknown>,
    item: StageItem,
  ) => { result: R; confidence: number } | { error: string }
}

interface Group {
  /** Indicators that would be asked the same question; the first one's line is sent. */
  members: string[]
  cacheKey: string
}

/**
 * Overlays LLM answers on a stage's rules outcomes. Only the indicators the mode selects are considered; those that
 * ask the same question (same signature and same rules view) form one group, answered from the cache when it holds
 * the answer, else by one batched call for the group's first member. An answer that fails validation leaves the
 * rules' result in place, marked with why (review flags it).
 */
export async function consultLlm<R extends object>(
  items: Map<string, StageItem>,
  outcomes: Map<string, StageOutcome>,
  llm: LlmStageContext | undefined,
  c: Consultation<R>,
): Promise<Map<string, StageOutcome>> {
  let client: LlmClient | null = null
  const groups = new Map<string, Group>()
  for (const [id, outcome] of outcomes) {
    if (!outcome.ok) continue
    const chosen = wantsLlm(llm, c.stage, outcome.confidence ?? 0)
    if (!chosen) continue
    const item = items.get(id)!
    if (c.settled?.(outcome.result as R, item)) continue
    client = chosen
    const question = llm!.dedupe
      ? digest(c.stage, intakeSignature(item.input), c.rulesView(outcome.result as R, item))
      : id
    const group = groups.get(question) ?? {
      members: [],
      cacheKey: digest(question, c.stage, PROMPT_VERSION, TAXONOMY_VERSION, chosen.provider, chosen.model),
    }
    group.members.push(id)
    groups.set(question, group)
  }
  if (!client || groups.size === 0) return outcomes
  const ctx = llm!

  const answers = new Map<Group, { answer: Record<string, unknown>; source: 'llm' | 'cache' } | { error: string }>()
  const toAsk: Group[] = []
  for (const group of groups.values()) {
    const cached = ctx.refresh ? undefined : await ctx.cache?.get(group.cacheKey)
    if (cached !== undefined) answers.set(group, { answer: cached as Record<string, unknown>, source: 'cache' })
    else toAsk.push(group)
  }
  if (toAsk.length > 0) {
    const representative = (g: Group) => g.members[0]!
    const byRepresentative = new Map(toAsk.map((g) => [representative(g), g]))
    const cacheAnswers = async (found: Map<string, unknown>) => {
      for (const [id, answer] of found) {
        await ctx.cache?.put(byRepresentative.get(id)!.cacheKey, {
          stage: c.stage,
          provider: client.provider,
          model: client.model,
          prompt_version: PROMPT_VERSION,
          answer,
        })
      }
    }
    const questions: QuestionOptions<z.ZodObject> = {
      items: toAsk.map((g) => {
        const id = representative(g)
        return {
          indicator_id: id,
          line: indicatorLine(
            items.get(id)!,
            c.rulesView((outcomes.get(id) as Extract<StageOutcome, { ok: true }>).result as R, items.get(id)!),
            c.shows,
          ),
        }
      }),
      system: SYSTEM_PROMPT,
      instructions: c.instructions,
      answerSchema: c.answerSchema(await loadZod()),
      schema_name: c.schema_name,
      batch_size: ctx.batch_size,
    }
    const batched = ctx.provider_batches
      ? await viaProviderBatches(ctx.provider_batches, ctx, c.stage, client, questions)
      : new Map<string, unknown>()
    await cacheAnswers(batched)
    // Synchronously: everything in sync delivery; in batch delivery what the provider batches left unanswered.
    const rest = questions.items.filter((item) => !batched.has(item.indicator_id))
    const asked =
      rest.length === 0
        ? { answers: new Map(), failures: new Map<string, string>() }
        : await askBatch({
            ...questions,
            client,
            items: rest,
            onChunk: async ({ answers: chunkAnswers, calls }) => {
              await ctx.record(c.stage, calls)
              await cacheAnswers(chunkAnswers)
            },
          })
    for (const group of toAsk) {
      const id = representative(group)
      const answer = (batched.get(id) ?? asked.answers.get(id)) as Record<string, unknown> | undefined
      answers.set(group, answer ? { answer, source: 'llm' } : { error: asked.failures.get(id) ?? 'no answer' })
    }
  }

  const merged = new Map(outcomes)
  for (const [group, got] of answers) {
    for (const id of group.members) {
      const outcome = outcomes.get(id) as Extract<StageOutcome, { ok: true }>
      if ('error' in got) {
        merged.set(id, failedAnswer(outcome, `${client.provider} ${c.stage}: ${got.error}`))
        continue
      }
      // Each member merges the shared answer into its own result, keeping its own currency, scale and time fields.
      const verdict = c.merge(outcome.result as R, got.answer, items.get(id)!)
      merged.set(
        id,
        'error' in verdict
          ? failedAnswer(outcome, `${client.provider} ${c.stage}: ${verdict.error}`)
          : {
              ok: true,
              result: {
                ...verdict.result,
                source: got.source,
                provider: client.provider,
                model: client.model,
                prompt_version: PROMPT_VERSION,
              },
              confidence: verdict.confidence,
            },
      )
    }
  }
  return merged
}

/**
 * Batch delivery of one stage: questions not yet in a provider batch are submitted as one, and the stage waits
 * (WaitingForProviderBatch) until the poller has stored every provider batch of the stage as ended. Then the valid
 * answers they hold are returned; the caller asks the rest (lost, expired, failed or invalid) at once. A provider
 * without a batch API, or a refused submission, leaves everything to the caller.
 */
async function viaProviderBatches(
  batches: UnitProviderBatches,
  ctx: LlmStageContext,
  stage: LlmStage,
  client: LlmClient,
  questions: QuestionOptions<z.ZodObject>,
): Promise<Map<string, unknown>> {
  if (!client.batch) return new Map()
  const rows = await batches.list(stage)
  const open = rows.find((row) => row.ended_at === null)
  if (open) throw new WaitingForProviderBatch(open.provider_batch_id)
  const submitted = new Set(rows.flatMap((row) => row.requests.flatMap((request) => request.indicator_ids)))
  const unsent = questions.items.filter((item) => !submitted.has(item.indicator_id))
  if (unsent.length > 0) {
    // The claim's id tags the submission, so that the poller can find it at the provider if this run dies before it
    // stores the provider's id.
    const claimId = `claim-${randomUUID()}`
    const requests = questionChunks({ ...questions, items: unsent }).map((chunk, n) => ({
      custom_id: taggedCustomId(claimId, n),
      request: chunk.request,
      indicator_ids: chunk.items.map((item) => item.indicator_id),
    }))
    const claimed = await batches.claim(stage, {
      provider_batch_id: claimId,
      provider: client.provider,
      model: client.model,
      requests: requests.map(({ custom_id, indicator_ids }) => ({ custom_id, indicator_ids })),
    })
    if (!claimed) {
      // Another run of this stage (a redelivery, a resume next to the poller) claimed it first: wait for its batch.
      const other = (await batches.list(stage)).find((row) => row.ended_at === null)
      throw new WaitingForProviderBatch(other?.provider_batch_id ?? 'claimed by another run')
    }
    let provider_batch_id: string
    try {
      provider_batch_id = await client.batch.submit(claimId, requests)
    } catch (error) {
      // Refused (no batch API behind this URL, a quota): the stage is answered at once instead.
      await batches.release(claimId)
      await ctx.record(stage, [submissionFailure(client, unsent.length, error)])
      return readAnswers(client, questions, rows)
    }
    await batches.submitted(claimId, provider_batch_id)
    throw new WaitingForProviderBatch(provider_batch_id)
  }
  return readAnswers(client, questions, rows)
}

/** The valid answers of a stage's ended provider batches, for the items asked now. */
function readAnswers(client: LlmClient, questions: QuestionOptions<z.ZodObject>, rows: ProviderBatchRow[]) {
  const replies = rows.flatMap((row) =>
    row.requests.map(({ custom_id, indicator_ids }) => {
      const reply = row.replies?.find((r) => r.custom_id === custom_id)
      return { indicator_ids, text: reply?.text ?? null, error: reply ? reply.error : 'not returned by the provider' }
    }),
  )
  const wanted = new Set(questions.items.map((item) => item.indicator_id))
  const read = readBatchReplies(client, questions.answerSchema, replies)
  return new Map([...read.answers].filter(([id]) => wanted.has(id)))
}

function submissionFailure(client: LlmClient, items: number, error: unknown): LlmCallRecord {
  return {
    provider: client.provider,
    model: client.model,
    items,
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_tokens: 0,
    output_tokens: 0,
    latency_ms: 0,
    attempt: 1,
    status: 'error',
    error: `provider batch not submitted: ${errorMessage(error)}`,
    cost_usd: 0,
  }
}

function failedAnswer(outcome: Extract<StageOutcome, { ok: true }>, error: string): StageOutcome {
  return { ok: true, result: { ...(outcome.result as object), llm_error: error }, confidence: outcome.confidence }
}
