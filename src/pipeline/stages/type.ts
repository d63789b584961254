import { decideType, explainType, nameFeaturesOf, stageProbability, typeFeatures } from '../../rules/index'
import { typeBelongsToFamily } from '../../taxonomy/type-facts'
import { consultLlm, RULES_PROVENANCE } from '../llm-consult'
import { withTaxonomy } from '../llm-prompts'
import type { FamilyResult, StageDef, TypeResult } from '../types'
import { answerConfidence, perIndicator, reasonOr, rulesInput, typeAnswer, typeFields } from './shared'

const typeRules = perIndicator((item) => {
  const { family, evidence } = item.results.family as FamilyResult
  const input = rulesInput(item)
  const d = decideType(input, family)
  const features = typeFeatures(input, family, d, nameFeaturesOf(evidence))
  const result: TypeResult = {
    indicator_type: d.indicator_type.value,
    temporal_aggregation: d.temporal_aggregation.value,
    heat_map_orientation: d.heat_map_orientation.value,
    is_currency_denominated: d.is_currency_denominated.value,
    reason: explainType(d),
    evidence: features,
    ...RULES_PROVENANCE,
  }
  return { result, confidence: stageProbability('type', features).probability }
})

export const typeStage: StageDef = {
  name: 'type',
  run: async (items, ctx) =>
    consultLlm<TypeResult>(items, await typeRules(items, ctx), ctx.llm, {
      stage: 'type',
      instructions: withTaxonomy(
        'Each item has a decided family (in the rules view). For each item give its type (indicator_type, within that family), temporal (temporal_aggregation), orientation (heat_map_orientation) and money (is_currency_denominated).',
      ),
      answerSchema: (z) => z.object(typeAnswer(z)),
      schema_name: 'type_answers',
      // The family question read the description; here it goes only where it adds to the name.
      shows: { samples: 'values', description: 'news' },
      rulesView: (r, item) =>
        `family=${(item.results.family as FamilyResult).family} type=${r.indicator_type} temporal=${r.temporal_aggregation} orientation=${r.heat_map_orientation} money=${r.is_currency_denominated}`,
      merge: (r, answer, item) => {
        const family = (item.results.family as FamilyResult).family
        const fields = typeFields(answer)
        if (!typeBelongsToFamily(family, fields.indicator_type))
          return { error: `indicator_type ${fields.indicator_type} is not a type of ${family}` }
        return {
          result: {
            ...r,
            ...fields,
            reason: reasonOr(
              answer,
              fields.indicator_type === r.indicator_type ? r.reason : `type ${fields.indicator_type} by the model`,
            ),
            evidence: {},
          },
          confidence: answerConfidence(answer),
        }
      },
    }),
}
