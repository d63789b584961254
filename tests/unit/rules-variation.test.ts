import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyInProcess } from '../../src/pipeline/in-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

// Catalogues write the same series in many ways (TAXONOMY §3 "Catalogue styles beyond one vendor"): the answer
// must not change with the casing of the title, the spelling of the units, units moved into the title, or a
// missing periodicity when the sample dates tell it. Look-alike series, not fixture titles.
const BASE: Array<[name: string, units: string, respelt: string]> = [
  ['Gross domestic product at market prices', 'EUR Million', 'Million euro'],
  ['Exports of goods', 'USD Million', 'usd mn'],
  ['Government debt', 'Percent of GDP', 'Percentage of gross domestic product (GDP)'],
  ['Harmonised unemployment rate', '%', 'Per cent'],
  ['Consumer price index', 'Index, 2015=100', '2015=100'],
  ['Consumer price index', 'Percent change from year ago', '% y/y'],
  ['Registered unemployed persons', 'Thousand persons', 'Persons, thousands'],
  ['Money market rate', 'Percent per annum', 'Per cent'],
  ['Crude oil price', 'USD per barrel', 'US$/bbl'],
  ['Urban population', '% of total population', 'Percent of total population'],
  ['Hospital beds', 'per 1,000 people', 'Per 1000 people'],
  ['Official reserve assets', 'USD Billion', 'Billions of US dollars'],
]

const monthly = Array.from({ length: 12 }, (_, i) => ({
  date: new Date(Date.UTC(2023, i + 1, 0)).toISOString().slice(0, 10),
  value: 100 + i,
}))

const FIELDS = [
  'family',
  'indicator_type',
  'temporal_aggregation',
  'heat_map_orientation',
  'is_currency_denominated',
  'detected_currency',
  'reporting_frequency',
] as const

const variants = (name: string, units: string, respelt: string): Record<string, Partial<IndicatorInput>> => ({
  upper: { name: name.toUpperCase(), units },
  respelt: { name, units: respelt },
  'units in the name': { name: `${name} (${units})`, units: undefined },
  'no periodicity': { name, units, periodicity: undefined },
})

test('property: casing, unit spelling, units in the name and a missing periodicity leave the answer unchanged', async () => {
  const inputs: IndicatorInput[] = []
  const cases: Array<{ base: string; variant: string; id: string }> = []
  for (const [i, [name, units, respelt]] of BASE.entries()) {
    const base = `b${i}`
    inputs.push({ indicator_id: base, name, units, periodicity: 'Monthly', sample_values: monthly })
    for (const [variant, change] of Object.entries(variants(name, units, respelt))) {
      const id = `${base}-${variant}`
      inputs.push({ indicator_id: id, name, units, periodicity: 'Monthly', sample_values: monthly, ...change })
      cases.push({ base, variant, id })
    }
  }
  const byId = new Map((await classifyInProcess(inputs)).map((r) => [r.indicator_id, r as Record<string, unknown>]))
  const changed = cases.flatMap(({ base, variant, id }) =>
    FIELDS.filter((f) => byId.get(base)![f] !== byId.get(id)![f]).map(
      (f) =>
        `${inputs.find((x) => x.indicator_id === base)!.name} (${variant}): ${f} ${byId.get(base)![f]} -> ${byId.get(id)![f]}`,
    ),
  )
  assert.deepEqual(changed, [])
})
