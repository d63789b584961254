import { z } from 'zod'
import type { UnitRef } from '../taxonomy/stages'
import { BRANCH_STAGES, type BranchStage } from './graph'

/** Every pipeline event names a unit, never its indicators (Motia passes event data on a command line). */
export const unitEventSchema = z.object({
  batch_id: z.string().min(1),
  // An integer, checked by a refinement: Motia's type generator reads JSON Schema's "integer" as unknown.
  unit_no: z.number().min(0).refine(Number.isInteger, 'expected an integer'),
})

/** A branch reporting to the join. */
export const branchDoneEventSchema = unitEventSchema.extend({
  branch: z.enum(BRANCH_STAGES as [BranchStage, ...BranchStage[]]),
})

export type UnitEvent = z.infer<typeof unitEventSchema>
export type BranchDoneEvent = z.infer<typeof branchDoneEventSchema>

// Motia checks an event against its step's `input` schema only to print a warning, then runs the handler anyway:
// the handler glue parses it itself and refuses a malformed event with what was wrong.
function parseEvent<S extends z.ZodType>(schema: S, what: string, event: unknown): z.infer<S> {
  const parsed = schema.safeParse(event)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
    .join('; ')
  throw new Error(`malformed ${what} event ${JSON.stringify(event)}: ${problems}`)
}

export const parseUnitRef = (event: unknown): UnitRef => parseEvent(unitEventSchema, 'unit', event)
export const parseBranchDone = (event: unknown): BranchDoneEvent => parseEvent(branchDoneEventSchema, 'branch', event)
