import type { ZodApi } from '../../llm/zod'
import { FAMILIES, type Family } from '../../taxonomy/enums'
import { isLlmStage } from '../../taxonomy/stages'
import { upstream } from '../graph'
import { consultLlm, type Consultation } from '../llm-consult'
import { withTaxonomy } from '../llm-prompts'
import type { LlmStageContext } from '../llm-context'
import { review, reviseReview } from '../review-record'
import type {
  Provenance,
  ReviewContext,
  ReviewedClassification,
  StageContext,
  StageDef,
  StageItem,
  StageOutcome,
  TimeResult,
} from '../types'
import { answerConfidence, typeAnswer, typeFields } from './shared'
import { timeSettledByRules } from './time'

const reviewAnswerSchema = (z: ZodApi) => z.object({ family: z.enum(FAMILIES), ...typeAnswer(z) })

/**
 * The whole record on one line: what the model is asked to confirm or correct, and the evidence beside it. The
 * currency code and magnitude are left to the units shown beside it, so members of one series (GDP in USD and in EUR)
 * ask the same question and signature de-duplication can ask it once; the frequency, which the review does not
 * answer, to the periodicity and sample dates.
 */
function reviewView(r: ReviewedClassification): string {
  return [
    `family=${r.family}`,
    `type=${r.indicator_type}`,
    `temporal=${r.temporal_aggregation}`,
    `orientation=${r.heat_map_orientation}`,
    `money=${r.is_currency_denominated}`,
    `cumulative=${r.is_cumulative ? r.cumulative_pattern : 'no'}`,
    r.conflicts.length > 0 ? `conflicts=${JSON.stringify(r.conflicts.join('; '))}` : '',
  ]
    .filter(Boolean)
    .join(' ')
}

function reviewConsultation(
  ctx: ReviewContext,
  llm: LlmStageContext | undefined,
): Consultation<ReviewedClassification> {
  return {
    stage: 'review',
    instructions: withTaxonomy(
      'Each item shows its current classification after "rules:". Review it against the taxonomy, using the name, units and sample values: ' +
        'answer every field, repeating a value you agree with and correcting one you do not. type must be a type of the family you give.',
    ),
    answerSchema: reviewAnswerSchema,
    schema_name: 'review_answers',
    // The description was read by the family and type questions; the review judges name, units and samples.
    shows: { periodicity: true, samples: 'dated' },
    // The threshold that decides what is asked (hybrid's), not the one that flags the record.
    settled: (record, item) =>
      record.review_status === 'passed' && answeredBefore(item, llm?.threshold ?? ctx.threshold),
    rulesView: reviewView,
    merge: (_record, answer, item) =>
      reviseReview(item, ctx, {
        family: answer.family as Family,
        ...typeFields(answer),
        confidence: answerConfidence(answer),
        ...(typeof answer.reason === 'string' ? { reason: answer.reason } : {}),
        // merge runs only after the review client answered, so it exists.
        provider: llm?.client('review')?.provider ?? 'LLM',
      }),
  }
}

/** The earlier stages that may have asked an LLM. */
const LLM_STAGES_BEFORE = upstream('review').filter(isLlmStage)

/**
 * Every earlier LLM stage has its answer from the model at or above the threshold, or from rules that settled it: with
 * §5 passing the record as it stands (no conflict, no repair), a review would ask the same questions a second time.
 */
function answeredBefore(item: StageItem, threshold: number): boolean {
  return LLM_STAGES_BEFORE.every((stage) => {
    const result = item.results[stage] as Provenance | undefined
    if (!result) return false
    if (stage === 'time' && timeSettledByRules(result as TimeResult)) return true
    return (result.source === 'llm' || result.source === 'cache') && (item.confidence[stage] ?? 0) >= threshold
  })
}

/** An earlier stage whose LLM answer could not be used: the indicator is flagged for a human with that reason already. */
const hasLlmError = (item: StageItem) =>
  LLM_STAGES_BEFORE.some((stage) => Boolean((item.results[stage] as Provenance | undefined)?.llm_error))

/**
 * The review stage: §5 on the stages' answers (the rules' record), then, for the indicators the mode selects, an
 * LLM review of the whole record that may correct it. A rejected or missing answer keeps the rules' record, flagged
 * with why. Indicators an earlier stage's LLM already failed on are not asked again: they are flagged either way.
 */
async function reviewStageRun(items: Map<string, StageItem>, ctx: StageContext): Promise<Map<string, StageOutcome>> {
  const rules = new Map<string, StageOutcome>()
  for (const [id, item] of items) {
    try {
      const result = review(item, ctx.review)
      rules.set(id, { ok: true, result, confidence: result.confidence })
    } catch (error) {
      rules.set(id, { ok: false, error: error instanceof Error ? error.message : String(error) })
    }
  }
  if (!ctx.llm) return rules

  const eligible = new Map([...rules].filter(([id, outcome]) => outcome.ok && !hasLlmError(items.get(id)!)))
  const consulted = await consultLlm<ReviewedClassification>(
    items,
    eligible,
    ctx.llm,
    reviewConsultation(ctx.review, ctx.llm),
  )
  const out = new Map(rules)
  for (const [id, outcome] of consulted) {
    const llmError = outcome.ok
      ? (outcome.result as ReviewedClassification & { llm_error?: string }).llm_error
      : undefined
    if (!llmError) {
      out.set(id, outcome)
      continue
    }
    const result = review(items.get(id)!, ctx.review, [llmError])
    out.set(id, { ok: true, result, confidence: result.confidence })
  }
  return out
}

export const reviewStage: StageDef = { name: 'review', run: reviewStageRun }
