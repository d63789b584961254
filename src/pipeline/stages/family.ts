import { decideFamily, familyFeatures, stageProbability } from '../../rules/index'
import { FAMILIES, type Family } from '../../taxonomy/enums'
import { consultLlm, RULES_PROVENANCE } from '../llm-consult'
import { withTaxonomy } from '../llm-prompts'
import type { FamilyResult, StageDef } from '../types'
import { answerConfidence, answerTail, perIndicator, reasonOr, rulesInput } from './shared'

const familyRules = perIndicator((item) => {
  const input = rulesInput(item)
  const decision = decideFamily(input)
  const features = familyFeatures(input, decision)
  const result: FamilyResult = {
    family: decision.value,
    rule: decision.rule,
    reason: decision.reason,
    evidence: features,
    ...RULES_PROVENANCE,
  }
  return { result, confidence: stageProbability('family', features).probability }
})

export const familyStage: StageDef = {
  name: 'family',
  run: async (items, ctx) =>
    consultLlm<FamilyResult>(items, await familyRules(items, ctx), ctx.llm, {
      stage: 'family',
      instructions: withTaxonomy('For each item give its family.'),
      answerSchema: (z) => z.object({ family: z.enum(FAMILIES), ...answerTail(z) }),
      schema_name: 'family_answers',
      shows: { description: true },
      rulesView: (r) => `family=${r.family}`,
      merge: (r, answer) => ({
        result: {
          ...r,
          family: answer.family as Family,
          rule: 'llm',
          reason: reasonOr(
            answer,
            answer.family === r.family ? r.reason : `family ${String(answer.family)} by the model`,
          ),
          evidence: {},
        },
        confidence: answerConfidence(answer),
      }),
    }),
}
