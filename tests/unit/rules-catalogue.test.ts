import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyInProcess } from '../../src/pipeline/in-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

// General rules for catalogue styles (issue 9.2), each shown on look-alike titles (not fixture titles), with
// neighbours it must not fire on. [name, units, expected fields]
type Row = [name: string, units: string | undefined, expected: Record<string, unknown>]

const monthly = Array.from({ length: 12 }, (_, i) => ({
  date: new Date(Date.UTC(2024, i + 1, 0)).toISOString().slice(0, 10),
  value: 50 + (i % 3),
}))

async function check(rows: Row[]) {
  const inputs: IndicatorInput[] = rows.map(([name, units], i) => ({
    indicator_id: `r${i}`,
    name,
    units,
    periodicity: 'Monthly',
    sample_values: monthly,
  }))
  const results = await classifyInProcess(inputs)
  const wrong = rows.flatMap(([name, units, expected], i) =>
    Object.entries(expected)
      .filter(([field, value]) => (results[i] as unknown as Record<string, unknown>)[field] !== value)
      .map(
        ([field, value]) =>
          `${name} [${units ?? ''}] ${field}: expected ${String(value)}, got ${String((results[i] as unknown as Record<string, unknown>)[field])}`,
      ),
  )
  assert.deepEqual(wrong, [])
}

test('money per kilowatt-hour is a price; energy in watt-hours stays a volume', () =>
  check([
    [
      'Gas prices for non-household consumers',
      'Euro per kilowatt-hour',
      { indicator_type: 'price', is_currency_denominated: true },
    ],
    ['Retail electricity tariff', 'Cents per kilowatt hour', { indicator_type: 'price' }],
    ['Electricity supplied to the grid', 'Gigawatt-hours', { indicator_type: 'volume' }],
  ]))
