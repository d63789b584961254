import type { z } from 'zod'
import { askBatch } from '../llm/batch'
import type { LlmStage } from '../llm/types'
import { PROMPT_VERSION } from '../llm/version'
import { wantsLlm, type LlmStageContext } from './llm-context'
import { indicatorLine, SYSTEM_PROMPT, TAXONOMY_BRIEF } from './llm-prompts'
import type { StageItem, StageOutcome } from './types'

/** Who answered a stage for one indicator; an LLM answer that could not be used is kept as `llm_error`. */
export interface Provenance {
  source: 'rules' | 'llm'
  provider: string
  model: string | null
  prompt_version: string | null
  llm_error?: string
}

export const RULES_PROVENANCE: Provenance = { source: 'rules', provider: 'rules', model: null, prompt_version: null }

export interface Consultation<R> {
  stage: LlmStage
  instructions: string
  answerSchema: z.ZodObject
  schema_name: string
  /** How the rules see the indicator, shown to the model as evidence. */
  rulesView: (result: R) => string
  /** The rules' result rewritten with a validated answer, or a reason the answer cannot be used. */
  merge: (result: R, answer: Record<string, unknown>, item: StageItem) => { result: R; confidence: number } | { error: string }
}

/**
 * Overlays LLM answers on a stage's rules outcomes: only the indicators the mode selects are asked, all in batched
 * calls; an answer that fails validation leaves the rules' result in place, marked with why (review flags it).
 */
export async function consultLlm<R extends object>(
  items: Map<string, StageItem>,
  outcomes: Map<string, StageOutcome>,
  llm: LlmStageContext | undefined,
  c: Consultation<R>,
): Promise<Map<string, StageOutcome>> {
  const asked: { indicator_id: string; line: string }[] = []
  let client = null
  for (const [id, outcome] of outcomes) {
    if (!outcome.ok) continue
    const chosen = wantsLlm(llm, c.stage, outcome.confidence ?? 0)
    if (!chosen) continue
    client = chosen
    asked.push({ indicator_id: id, line: indicatorLine(items.get(id)!, c.rulesView(outcome.result as R)) })
  }
  if (!client || asked.length === 0) return outcomes

  const answered = await askBatch({
    client,
    items: asked,
    system: SYSTEM_PROMPT,
    instructions: `${TAXONOMY_BRIEF}\n\n${c.instructions}`,
    answerSchema: c.answerSchema,
    schema_name: c.schema_name,
    batch_size: llm!.batch_size,
  })
  llm!.record(c.stage, answered.calls)
  const provenance: Provenance = { source: 'llm', provider: client.provider, model: client.model, prompt_version: PROMPT_VERSION }
  const merged = new Map(outcomes)
  for (const { indicator_id: id } of asked) {
    const outcome = outcomes.get(id) as Extract<StageOutcome, { ok: true }>
    const answer = answered.answers.get(id)
    const verdict = answer ? c.merge(outcome.result as R, answer as Record<string, unknown>, items.get(id)!) : { error: answered.failures.get(id) ?? 'no answer' }
    merged.set(
      id,
      'error' in verdict
        ? { ok: true, result: { ...outcome.result as R, llm_error: `${client.provider} ${c.stage}: ${verdict.error}` }, confidence: outcome.confidence }
        : { ok: true, result: { ...verdict.result, ...provenance }, confidence: verdict.confidence },
    )
  }
  return merged
}
