import type { JSONSchema } from 'zod/v4/core'
import type { UnitRef } from '../taxonomy/stages'

// Written as JSON Schema, which Motia reads as it is (a zod schema it converts to one), and checked by hand below:
// every step process loads this file, and zod would be a third of what the complete step loads.

/** Every pipeline event names a unit, never its indicators (Motia passes event data on a command line). */
export const unitEventSchema: JSONSchema.ObjectSchema & { required: string[] } = {
  type: 'object',
  properties: {
    batch_id: { type: 'string', minLength: 1 },
    // "number", not "integer": Motia's type generator reads JSON Schema's "integer" as unknown. parseUnitRef checks it.
    unit_no: { type: 'number', minimum: 0 },
  },
  required: ['batch_id', 'unit_no'],
}

export type UnitEvent = UnitRef

type Fields = Record<string, unknown>

/** What is wrong with each field of a unit reference, if anything. */
function unitProblems(event: Fields): string[] {
  const problems: string[] = []
  if (typeof event.batch_id !== 'string' || event.batch_id === '')
    problems.push('batch_id: expected a non-empty string')
  if (typeof event.unit_no !== 'number' || !Number.isInteger(event.unit_no) || event.unit_no < 0)
    problems.push('unit_no: expected an integer ≥ 0')
  return problems
}

const fieldsOf = (event: unknown): Fields | undefined =>
  typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Fields) : undefined

const refOf = (fields: Fields): UnitRef => ({ batch_id: fields.batch_id as string, unit_no: fields.unit_no as number })

// Motia checks an event against its step's `input` schema only to print a warning, then runs the handler anyway:
// the handler glue parses it itself and refuses a malformed event with what was wrong.
export function parseUnitRef(event: unknown): UnitRef {
  const fields = fieldsOf(event)
  const problems = fields ? unitProblems(fields) : ['(event): expected an object']
  if (fields && problems.length === 0) return refOf(fields)
  throw new Error(`malformed unit event ${JSON.stringify(event)}: ${problems.join('; ')}`)
}

/** The unit an event names, or undefined when it names none. */
export function unitRefIn(event: unknown): UnitRef | undefined {
  const fields = fieldsOf(event)
  return fields && unitProblems(fields).length === 0 ? refOf(fields) : undefined
}
