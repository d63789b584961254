// The answer shapes the LLM tests ask for: a family answer as the client validates it, and the JSON schema of a batch
// of answers as a provider receives it.
import { z } from 'zod'
import { FAMILIES } from '../../src/taxonomy/index'

export const familyAnswer = z.object({
  family: z.enum(FAMILIES),
  confidence: z.number().min(0).max(1),
  reasoning: z.string(),
})

/** `{ answers: [{ id, ...fields }] }`, strict: every field required, none other allowed. */
export const answersJsonSchema = (fields: Record<string, object>) => ({
  type: 'object',
  properties: {
    answers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, ...fields },
        required: ['id', ...Object.keys(fields)],
        additionalProperties: false,
      },
    },
  },
  required: ['answers'],
  additionalProperties: false,
})
