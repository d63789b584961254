// An LLM client that answers from a function instead of a provider, and the stage context that asks it: for unit tests
// of what the LLM stages ask and how they merge answers, with no server in between.
import { LLM_STAGES } from '../../src/llm/config'
import type { LlmCallRecord, LlmClient, LlmRequest, LlmResponse, LlmStage } from '../../src/llm/types'
import { RULES_CONTEXT } from '../../src/pipeline/in-process'
import { createLlmStageContext } from '../../src/pipeline/llm-context'
import type { ReviewedClassification, StageContext } from '../../src/pipeline/types'
import { indicatorIdsIn } from './fake-llm-server'

export type Answer = Record<string, unknown>

/** One successful provider call carrying `answers` for `items` indicators, as the real client reports it. */
export function answered<T>(answers: unknown[], items: number, cost_usd: number): LlmResponse<T> {
  const call: LlmCallRecord = {
    provider: 'openai',
    model: 'gpt-4o-mini',
    items,
    input_tokens: 100,
    cached_input_tokens: 0,
    cache_write_tokens: 0,
    output_tokens: 20,
    latency_ms: 1,
    attempt: 1,
    status: 'ok',
    error: null,
    cost_usd,
  }
  return {
    value: { answers } as T,
    usage: { input_tokens: 100, output_tokens: 20 },
    latency_ms: 1,
    attempts: 1,
    calls: [call],
  }
}

/** Answers each indicator of a question with `answer(schema, id)`, none where it returns undefined; keeps the questions. */
export function scriptedClient(answer: (schema: string, id: string) => Answer | undefined) {
  const requests: { schema_name: string; ids: string[]; user: string }[] = []
  const client: LlmClient = {
    provider: 'openai',
    model: 'gpt-4o-mini',
    async complete<T>(req: LlmRequest<T>): Promise<LlmResponse<T>> {
      const ids = indicatorIdsIn(req.user)
      requests.push({ schema_name: req.schema_name, ids, user: req.user })
      const answers = ids.flatMap((id) => {
        const a = answer(req.schema_name, id)
        return a === undefined ? [] : [{ id, ...a }]
      })
      return answered<T>(answers, ids.length, 0.0001)
    },
  }
  return {
    client,
    requests,
    asked: (schema: string) => requests.filter((r) => r.schema_name === schema).flatMap((r) => r.ids),
  }
}

/** The stage context that sends the questions of `stages` to `client` (the others stay with the rules). */
export function scriptedContext(
  client: LlmClient,
  stages: readonly LlmStage[] = LLM_STAGES,
  mode: 'llm' | 'hybrid' = 'llm',
  threshold = 0.75,
): StageContext {
  return {
    review: { ...RULES_CONTEXT.review, threshold },
    llm: createLlmStageContext(
      { mode, threshold, batch_size: 10, dedupe: false, refresh: false },
      (stage) => (stages.includes(stage) ? 'openai' : null),
      () => client,
    ),
  }
}

/** The review's answer fields (the type stage's too) agreeing with a record. */
export const agreeingReview = (r: ReviewedClassification) => ({
  family: r.family,
  type: r.indicator_type,
  temporal: r.temporal_aggregation,
  orientation: r.heat_map_orientation,
  money: r.is_currency_denominated,
})

/** Every stage's answer fields agreeing with a record; each stage reads the ones its schema names. */
export const agreeingAnswer = (r: ReviewedClassification) => ({
  frequency: r.reporting_frequency,
  cumulative: r.is_cumulative,
  pattern: r.cumulative_pattern,
  ...agreeingReview(r),
})
