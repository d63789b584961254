import assert from 'node:assert/strict'
import { test } from 'node:test'
import { describedAggregation } from '../../src/normalize/description'
import { parseUnits } from '../../src/normalize/units'
import { decideType, type RulesInput } from '../../src/rules/index'

// Look-alike descriptions (not fixture descriptions): [description, aggregation or null]
const ROWS: Array<[string | undefined, string | null]> = [
  ['Silver, 99.9% fine, New York, average of daily quotes.', 'period-average'],
  ['Prices are monthly averages of weekly observations.', 'period-average'],
  ['Averages for the quarter; not seasonally adjusted.', 'period-average'],
  ['Stock of loans outstanding at the end of each month.', 'point-in-time'],
  ['End-of-period rate, units of national currency per euro.', 'point-in-time'],
  ['Quarterly averages, not end-of-quarter data.', 'period-average'],
  ['Value of shipments during the month, in current dollars.', null],
  ['', null],
  [undefined, null],
]

test('describedAggregation reads how a description says the value aggregates, earliest cue first', () => {
  for (const [description, aggregation] of ROWS) {
    assert.equal(describedAggregation(description)?.aggregation ?? null, aggregation, String(description))
  }
})

test('the rules take a described period average below units and name (row described-average)', () => {
  const input = (described?: RulesInput['described_aggregation']): RulesInput => ({
    name: 'Silver',
    units: parseUnits('USD per troy ounce'),
    reporting_frequency: 'monthly',
    is_cumulative: false,
    cumulative_pattern: 'none',
    described_aggregation: described,
  })
  const averaged = decideType(input('period-average'), 'price-value').temporal_aggregation
  assert.deepEqual([averaged.value, averaged.rule], ['period-average', 'described-average'])
  assert.equal(decideType(input(), 'price-value').temporal_aggregation.value, 'point-in-time')
})
