import type { z } from 'zod'
import { askBatch } from '../llm/batch'
import type { LlmClient } from '../llm/types'
import { PROMPT_VERSION } from '../llm/version'
import { TAXONOMY_VERSION } from '../taxonomy/index'
import type { LlmStage, StageOutcome } from '../taxonomy/stages'
import { wantsLlm, type LlmStageContext } from './llm-context'
import { indicatorLine, SYSTEM_PROMPT, type LineFields } from './llm-prompts'
import { digest, intakeSignature } from './signature'
import type { Provenance, StageItem } from './types'

export const RULES_PROVENANCE: Provenance = { source: 'rules', provider: 'rules', model: null, prompt_version: null }

export interface Consultation<R> {
  stage: LlmStage
  /** Sent once per call; stages that decide family or type start it with TAXONOMY_BRIEF. */
  instructions: string
  answerSchema: z.ZodObject
  schema_name: string
  /** What the item line shows besides name, units and the rules' view: only what the stage reads (default all). */
  shows?: LineFields
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
    client = chosen
    const item = items.get(id)!
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
    const asked = await askBatch({
      client,
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
      answerSchema: c.answerSchema,
      schema_name: c.schema_name,
      batch_size: ctx.batch_size,
      onChunk: async ({ answers: chunkAnswers, calls }) => {
        await ctx.record(c.stage, calls)
        for (const [id, answer] of chunkAnswers) {
          await ctx.cache?.put(byRepresentative.get(id)!.cacheKey, {
            stage: c.stage,
            provider: client.provider,
            model: client.model,
            prompt_version: PROMPT_VERSION,
            answer,
          })
        }
      },
    })
    for (const group of toAsk) {
      const answer = asked.answers.get(representative(group)) as Record<string, unknown> | undefined
      answers.set(
        group,
        answer ? { answer, source: 'llm' } : { error: asked.failures.get(representative(group)) ?? 'no answer' },
      )
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

function failedAnswer(outcome: Extract<StageOutcome, { ok: true }>, error: string): StageOutcome {
  return { ok: true, result: { ...(outcome.result as object), llm_error: error }, confidence: outcome.confidence }
}
