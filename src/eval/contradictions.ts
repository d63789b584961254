import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { describeIssues, expectedSchema, type LabelledCase } from './labelled'

/** A label that contradicts TAXONOMY: scored against neither the classifier nor the floors, but reported. */
const contradictionSchema = z.strictObject({
  id: z.string().min(1),
  fields: z.array(expectedSchema.keyof()).min(1),
  rule: z.string().min(1),
  reason: z.string().min(1),
})
export type Contradiction = z.infer<typeof contradictionSchema>

export async function loadContradictions(path: string): Promise<Contradiction[]> {
  const parsed = z.array(contradictionSchema).safeParse(JSON.parse(await readFile(path, 'utf8')))
  if (!parsed.success) throw new Error(`${path}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** The cases with the contradicted fields taken out of their labels; a case left with no label is dropped. */
export function withoutContradictions(cases: readonly LabelledCase[], contradictions: readonly Contradiction[]) {
  const byId = new Map(contradictions.map((c) => [c.id, c]))
  const unknown = contradictions.filter((c) => !cases.some((k) => k.indicator.indicator_id === c.id)).map((c) => c.id)
  const scored: LabelledCase[] = []
  for (const c of cases) {
    const contradiction = byId.get(c.indicator.indicator_id)
    if (!contradiction) {
      scored.push(c)
      continue
    }
    const expected = Object.fromEntries(
      Object.entries(c.expected).filter(([field]) => !(contradiction.fields as string[]).includes(field)),
    )
    if (Object.keys(expected).length > 0) scored.push({ ...c, expected })
  }
  return { scored, unknown }
}
