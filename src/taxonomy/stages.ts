/**
 * The classification stages in flow order, and the ones that may ask an LLM. They sit in the lowest layer because
 * layers below the pipeline name them too: llm (a provider per LLM stage, calls billed per stage), db (stage results
 * and the trail order) and the settings (LLM_PROVIDER_<STAGE>). How the stages connect (topics, needs, branches) is
 * the pipeline's business: src/pipeline/graph.ts.
 */
export const STAGES = ['normalize', 'time', 'scale', 'currency', 'family', 'type', 'review'] as const
export type StageName = (typeof STAGES)[number]

export const LLM_STAGES = ['time', 'family', 'type', 'review'] as const satisfies readonly StageName[]
export type LlmStage = (typeof LLM_STAGES)[number]

export const isLlmStage = (stage: StageName): stage is LlmStage => (LLM_STAGES as readonly StageName[]).includes(stage)

/** The unit of work: events carry only this; everything else is read from the database. */
export interface UnitRef {
  batch_id: string
  unit_no: number
}

/** What one stage decided for one indicator, or why it could not. */
export type StageOutcome<T = unknown> =
  { ok: true; result: T; confidence: number | null } | { ok: false; error: string }
