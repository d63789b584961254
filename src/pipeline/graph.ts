import { STAGES, type StageName } from '../taxonomy/stages'

/**
 * The classification flow, declared once: each stage's event topic, the stages it needs directly, whether it is one
 * of the parallel branches that meet at the join, and the step that runs it. Which stages may ask an LLM is declared
 * beside the stage names (taxonomy/stages.ts) because the llm layer needs it too. Everything else about the flow is
 * derived: the topics, the branches, what each stage reads, what each step emits and subscribes to (topics.ts),
 * and resume's choice of the next step.
 */
export const FLOW = 'classify-indicator'

interface StageNode {
  topic: string
  needs: readonly StageName[]
  branch: boolean
  /** The Motia step that runs the stage: its name in the Workbench and logs, and what it does. */
  step: { name: string; description: string }
}

export const STAGE_GRAPH = {
  normalize: {
    topic: 'classify.normalize',
    needs: [],
    branch: false,
    step: {
      name: 'Normalize',
      description: "Parses units and reconciles the request's currency_code and scale for a unit of indicators",
    },
  },
  time: {
    topic: 'classify.infer-time',
    needs: ['normalize'],
    branch: true,
    step: {
      name: 'InferTime',
      description: 'Reporting frequency from units, periodicity and sample dates; year-to-date detection',
    },
  },
  scale: {
    topic: 'classify.infer-scale',
    needs: ['normalize'],
    branch: true,
    step: { name: 'InferScale', description: 'Scale, multiplier and unit type from the parsed units' },
  },
  currency: {
    topic: 'classify.check-currency',
    needs: ['normalize'],
    branch: true,
    step: { name: 'CheckCurrency', description: "ISO 4217 currency from units and the request's currency_code" },
  },
  family: {
    topic: 'classify.assign-family',
    needs: ['time', 'scale', 'currency'],
    branch: false,
    step: { name: 'AssignFamily', description: 'Family of TAXONOMY §2 for each indicator of the unit' },
  },
  type: {
    topic: 'classify.classify-type',
    needs: ['family'],
    branch: false,
    step: {
      name: 'ClassifyType',
      description: 'Indicator type, temporal aggregation, orientation and currency flag within the family',
    },
  },
  review: {
    topic: 'classify.review',
    needs: ['type'],
    branch: false,
    step: {
      name: 'Review',
      description:
        'Checks the TAXONOMY §5 invariants, corrects what is derivable and flags low confidence or conflicts',
    },
  },
} as const satisfies Record<StageName, StageNode>

/** Where a unit goes after its last stage. */
export const COMPLETE_TOPIC = 'classify.complete'

type Graph = typeof STAGE_GRAPH
export type BranchStage = { [S in StageName]: Graph[S]['branch'] extends true ? S : never }[StageName]

/** The branches that run in parallel after normalize and meet at the join. */
export const BRANCH_STAGES = STAGES.filter((stage) => STAGE_GRAPH[stage].branch) as BranchStage[]
export const isBranch = (stage: StageName): stage is BranchStage => STAGE_GRAPH[stage].branch

/** A stage that needs nothing: where a unit enters the flow. */
export const isEntry = (stage: StageName): boolean => STAGE_GRAPH[stage].needs.length === 0

/** Everything upstream of a stage, in flow order: the results it reads (the review's "stages before me"). */
export function upstream(stage: StageName): StageName[] {
  const seen = new Set<StageName>()
  const visit = (s: StageName) =>
    STAGE_GRAPH[s].needs.forEach((need) => seen.has(need) || (seen.add(need), visit(need)))
  visit(stage)
  return STAGES.filter((s) => seen.has(s))
}

/** The stages that need `stage` directly. */
const downstream = (stage: StageName): StageName[] =>
  STAGES.filter((s) => (STAGE_GRAPH[s].needs as readonly StageName[]).includes(stage))

/** Stages that wait for the branches: the branch whose join claim succeeds emits them, once per unit (stage-step.ts). */
export const AFTER_JOIN: StageName[] = STAGES.filter((s) => STAGE_GRAPH[s].needs.some(isBranch))

/** What a stage's step emits when it is done (a branch only when it completes the join); the last stage hands the unit on to complete. */
export function nextTopics(stage: StageName): string[] {
  const next = downstream(stage)
  return next.length === 0 ? [COMPLETE_TOPIC] : next.map((s) => STAGE_GRAPH[s].topic)
}

/**
 * The stages in levels: a stage's level is one more than the highest level it needs (STAGES is in flow order, so
 * a stage's needs come before it). Stages of one level run in parallel.
 */
export const LEVELS: StageName[][] = (() => {
  const level = new Map<StageName, number>()
  for (const s of STAGES) level.set(s, Math.max(-1, ...STAGE_GRAPH[s].needs.map((n) => level.get(n)!)) + 1)
  const levels: StageName[][] = []
  for (const s of STAGES) (levels[level.get(s)!] ??= []).push(s)
  return levels
})()
