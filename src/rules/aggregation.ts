import type { TemporalAggregation } from '../taxonomy/enums'
import { CUMULABLE, type IndicatorType } from '../taxonomy/type-facts'
import * as L from './lexicon'
import { words } from './match'
import type { When } from './types'

export interface AggregationRule {
  id: string
  types: readonly IndicatorType[]
  when: When
  aggregation: TemporalAggregation
  confidence: number
  why: string
}

/** Ordered; the first rule that fits the type and the input overrides the usual aggregation. */
export const AGGREGATION_RULES: readonly AggregationRule[] = [
  // The time stage reads YTD names and yearly resets in the samples; a level never accumulates, so only these types.
  { id: 'year-to-date', types: CUMULABLE, when: { cumulative: true }, aggregation: 'period-cumulative', confidence: 0.85, why: 'a year-to-date or running total' },
  { id: 'described-average', types: ['price', 'yield', 'index', 'count', 'volume', 'stock', 'percentage'], when: { described_aggregation: 'period-average' }, aggregation: 'period-average', confidence: 0.7, why: 'the description says the value is a period average' },
  { id: 'per-time-volume', types: ['volume', 'flow', 'count'], when: { per_time: true }, aggregation: 'period-average', confidence: 0.85, why: 'a quantity per day averaged over the period' },
  // A moving average of a price or yield ("30-Day Average SOFR") averages the period; a rate over one stays period-rate (TAXONOMY §3).
  { id: 'moving-average', types: ['price', 'yield', 'percentage', 'index'], when: { name: words('\\d+[- ](day|week|month)s? (moving )?average', 'moving average') }, aggregation: 'period-average', confidence: 0.8, why: 'name says moving average over days, weeks or months' },
  // Spanish and Portuguese catalogues write the same ("promedio mensual", "promedio del periodo", "Média de período").
  // A change named with an average ("annual average change", "3-month moving average of median wage growth") compares
  // averages or averages changes, and stays period-rate (TAXONOMY §3), so rates are left out.
  { id: 'average-price', types: ['price', 'yield', 'percentage'], when: { name: words('(monthly|weekly|daily|quarterly|annual|period) average', 'average of', 'averaged', 'promedio (mensual|anual|trimestral|semanal|del per[ií]odo|del mes)', 'm[ée]dia (mensal|anual|trimestral|de per[ií]odo|do per[ií]odo|do m[eê]s)') }, aggregation: 'period-average', confidence: 0.8, why: 'name says period average' },
  // Catalogues qualify a series as an average after a separator ("Euro per US dollar, average"; "Inflation, average consumer prices").
  // A change stays period-rate (TAXONOMY §3), so rates are left out.
  { id: 'qualified-average', types: ['price', 'yield', 'index'], when: { name: /(?:[,;(]|\s[-–])\s*(?:period |monthly |annual )?average\b/i }, aggregation: 'period-average', confidence: 0.8, why: 'the name qualifies the series as a period average' },
  { id: 'monthly-average-index', types: ['index'], when: { name: words('(monthly|weekly|quarterly|annual) average') }, aggregation: 'period-average', confidence: 0.8, why: 'name says period average' },
  // TAXONOMY §3: an average of a stock ("average amounts outstanding") stays a stock, averaged over the period.
  { id: 'average-stock', types: ['stock'], when: { name: L.AVERAGE }, aggregation: 'period-average', confidence: 0.8, why: 'an average of a level over the period' },
  { id: 'average-count', types: ['count', 'volume'], when: { name: L.AVERAGE }, aggregation: 'period-average', confidence: 0.8, why: 'name says average' },
  // ONS writes "Level" on every LFS series; for redundancies or failures it is the number in the period.
  { id: 'count-level', types: ['count'], when: { name: L.COUNT_LEVEL, not_name: L.BAD_EVENTS }, aggregation: 'point-in-time', confidence: 0.8, why: 'a level of people at a moment' },
  { id: 'event-count', types: ['count'], when: { name_or_units: L.EVENT_COUNT }, aggregation: 'period-total', confidence: 0.8, why: 'events or net changes over the period' },
  // "Per 1,000 people" counts a level against the population; "per capita" divides a flow (energy use) and keeps its not-applicable.
  { id: 'per-people-ratio', types: ['ratio'], when: { per_people: true, currency: false, raw_units: /\bper\s+(?:\d|hundred|thousand|million)/i }, aggregation: 'point-in-time', confidence: 0.8, why: 'a level per N people' },
  // A vital or crime rate counts events per N people whatever the units say ("Birth Rate per 1,000 Population", units
  // "Rate"), as the type row name-rate-per-people reads it.
  { id: 'rate-per-people-ratio', types: ['ratio'], when: { name: L.RATE_PER_PEOPLE, currency: false }, aggregation: 'point-in-time', confidence: 0.8, why: 'a death, birth or crime rate per N people' },
  { id: 'prices-paid-index', types: ['index'], when: { name: L.PRICES_PAID }, aggregation: 'period-average', confidence: 0.75, why: 'a survey prices-paid or cost sub-index' },
  // Descriptions are evidence below the name (TAXONOMY §3), so this row comes last. Flows and rates keep their own aggregation.
  { id: 'described-average', types: ['price', 'yield', 'index', 'count', 'volume'], when: { description: L.DESCRIBED_AVERAGE }, aggregation: 'period-average', confidence: 0.7, why: 'the description says the values are period averages' },
]
