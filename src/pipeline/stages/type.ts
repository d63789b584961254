import { z } from 'zod'
import { decideType, explainType, stageProbability, typeFeatures } from '../../rules/index'
import {
  HEAT_MAP_ORIENTATIONS,
  INDICATOR_TYPES,
  TEMPORAL_AGGREGATIONS,
  typeBelongsToFamily,
  type HeatMapOrientation,
  type IndicatorType,
  type TemporalAggregation,
} from '../../taxonomy/index'
import { consultLlm, RULES_PROVENANCE } from '../llm-consult'
import { withTaxonomy } from '../llm-prompts'
import type { FamilyResult, StageDef, TypeResult } from '../types'
import { answerConfidence, answerReason, perIndicator, reasonOr, rulesInput } from './shared'

const typeRules = perIndicator((item) => {
  const family = (item.results.family as FamilyResult).family
  const input = rulesInput(item)
  const d = decideType(input, family)
  const features = typeFeatures(input, family, d)
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
        'Each item has a decided family (in the rules view). For each item give its indicator_type within that family, temporal_aggregation, heat_map_orientation and is_currency_denominated.',
      ),
      answerSchema: z.object({
        indicator_type: z.enum(INDICATOR_TYPES as [IndicatorType, ...IndicatorType[]]),
        temporal_aggregation: z.enum(TEMPORAL_AGGREGATIONS),
        heat_map_orientation: z.enum(HEAT_MAP_ORIENTATIONS),
        is_currency_denominated: z.boolean(),
        confidence: answerConfidence,
        reason: answerReason,
      }),
      schema_name: 'type_answers',
      // The family question read the description; here it goes only where it adds to the name.
      shows: { samples: 'values', description: 'news' },
      rulesView: (r, item) =>
        `family=${(item.results.family as FamilyResult).family} type=${r.indicator_type} temporal=${r.temporal_aggregation} orientation=${r.heat_map_orientation} money=${r.is_currency_denominated}`,
      merge: (r, answer, item) => {
        const family = (item.results.family as FamilyResult).family
        if (!typeBelongsToFamily(family, String(answer.indicator_type)))
          return { error: `indicator_type ${answer.indicator_type} is not a type of ${family}` }
        const c = Number(answer.confidence)
        return {
          result: {
            ...r,
            indicator_type: answer.indicator_type as IndicatorType,
            temporal_aggregation: answer.temporal_aggregation as TemporalAggregation,
            heat_map_orientation: answer.heat_map_orientation as HeatMapOrientation,
            is_currency_denominated: Boolean(answer.is_currency_denominated),
            reason: reasonOr(
              answer,
              answer.indicator_type === r.indicator_type
                ? r.reason
                : `type ${String(answer.indicator_type)} by the model`,
            ),
            evidence: {},
          },
          confidence: c,
        }
      },
    }),
}
