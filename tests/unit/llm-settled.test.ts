// llm mode asks no question the rules already settled: a time the periodicity and dates agree on with a certain
// cumulative verdict, a review of a record every earlier answer settled and §5 passes as it stands.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyInProcess } from '../../src/pipeline/in-process'
import type { ReviewedClassification } from '../../src/pipeline/types'
import type { IndicatorInput, SampleValue } from '../../src/taxonomy/index'
import { agreeingAnswer, scriptedClient, scriptedContext, type Answer } from '../support/scripted-llm'

const quarterEnds = (from: number, count: number): SampleValue[] =>
  Array.from({ length: count }, (_, i) => {
    const year = from + Math.floor(i / 4)
    const date = ['03-31', '06-30', '09-30', '12-31'][i % 4]!
    return { date: `${year}-${date}`, value: 250 + i }
  })

// Quarterly, eight quarter ends over two years: the rules are certain of frequency and of no year-to-date reset.
const CERTAIN: IndicatorInput = {
  indicator_id: 'certain',
  name: 'Natural Rubber Stocks',
  units: 'Thousand Tonnes',
  periodicity: 'Quarterly',
  sample_values: quarterEnds(2023, 8),
}
// Three quarter ends in one year: a reset could not have shown, so the rules are not certain.
const SHORT: IndicatorInput = { ...CERTAIN, indicator_id: 'short', sample_values: quarterEnds(2024, 3) }
// The periodicity says monthly but the dates are quarterly: a conflict the model is asked about.
const CONFLICT: IndicatorInput = { ...CERTAIN, indicator_id: 'conflict', periodicity: 'Monthly' }
const GDP: IndicatorInput = { ...CERTAIN, indicator_id: 'gdp', name: 'GDP', units: 'USD Billion' }
// A title sharing no word with those the rules were tuned on: its unfamiliarity speaks of the rules' answers only.
const NOVEL: IndicatorInput = { ...CERTAIN, indicator_id: 'novel', name: 'Zorblat Frobnication' }

/** Answers every question with the rules' own record, changed where `override` says; records what was asked. */
async function classifyAgreeing(
  indicators: IndicatorInput[],
  override: (schema: string, id: string) => Answer = () => ({}),
) {
  const rules = new Map(
    (await classifyInProcess(indicators)).map((row) => [row.indicator_id, row as ReviewedClassification]),
  )
  const fake = scriptedClient((schema, id) => ({
    ...agreeingAnswer(rules.get(id)!),
    conf: 0.95,
    ...override(schema, id),
  }))
  const rows = await classifyInProcess(indicators, scriptedContext(fake.client))
  const row = (id: string) => rows.find((r) => r.indicator_id === id) as ReviewedClassification & { status: string }
  return { asked: fake.asked, row }
}

test('the time stage asks only where the rules are not certain', async () => {
  const { asked, row } = await classifyAgreeing([CERTAIN, SHORT, CONFLICT])
  assert.deepEqual(asked('time_answers'), ['short', 'conflict'])
  assert.deepEqual(asked('family_answers'), ['certain', 'short', 'conflict'])
  const certain = row('certain')
  assert.equal(certain.status, 'completed')
  assert.equal(certain.reporting_frequency, 'quarterly')
  assert.match(certain.reasoning, /periodicity and sample dates agree on quarterly/i)
})

test('the review asks only about records an earlier answer left in doubt or §5 had to repair', async () => {
  const agreed = await classifyAgreeing([CERTAIN, SHORT])
  assert.deepEqual(agreed.asked('review_answers'), [])
  assert.equal(agreed.row('certain').review_status, 'passed')
  assert.equal(agreed.row('certain').source, 'llm')

  // Unsure of one family; a type answer §5.3 must repair (a flow in money that is not currency-denominated).
  const doubted = await classifyAgreeing([CERTAIN, SHORT, GDP], (schema, id) =>
    schema === 'family_answers' && id === 'short'
      ? { conf: 0.5 }
      : schema === 'type_answers' && id === 'gdp'
        ? { money: false }
        : {},
  )
  assert.deepEqual(doubted.asked('review_answers'), ['short', 'gdp'])
})

test('an unfamiliar title the LLM answered with confidence is not reviewed for the rules’ unfamiliarity', async () => {
  const agreed = await classifyAgreeing([NOVEL])
  assert.deepEqual(agreed.asked('review_answers'), [])
  assert.equal(agreed.row('novel').review_status, 'passed')
})
