import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createLlmClient } from '../../src/llm/client'
import { loadLlmConfig } from '../../src/llm/config'
import { createLlmStageContext, type AnswerCache } from '../../src/pipeline/llm-context'
import { classifyInProcess, RULES_CONTEXT } from '../../src/pipeline/in-process'
import { intakeSignature, unitAssignment } from '../../src/pipeline/signature'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const gdp = (country: string, currency: string, scale = 'Billion'): IndicatorInput => ({
  indicator_id: `${country}-GDP`,
  name: 'GDP',
  units: `${currency} ${scale}`,
  periodicity: 'Quarterly',
  description: 'Gross domestic product at current prices',
})

test('members of one series across countries share a signature: currency and magnitude are their own', () => {
  assert.equal(intakeSignature(gdp('US', 'USD')), intakeSignature(gdp('DE', 'EUR')))
  assert.equal(intakeSignature(gdp('JP', 'JPY')), intakeSignature(gdp('CN', 'CNY', 'Hundred Million')))
})

test('country names in the name or description are abstracted like currencies', () => {
  const de = {
    ...gdp('DE', 'EUR'),
    name: 'Germany GDP',
    description: 'Gross domestic product of Germany at current prices',
  }
  const us = {
    ...gdp('US', 'USD'),
    name: 'United States GDP',
    description: 'Gross domestic product of the United States at current prices',
  }
  const kr = {
    ...gdp('KR', 'KRW'),
    name: 'South Korea GDP',
    description: 'Gross domestic product of South Korea at current prices',
  }
  const uk = {
    ...gdp('GB', 'GBP'),
    name: 'United Kingdom GDP',
    description: 'Gross domestic product of the United Kingdom at current prices',
  }
  assert.equal(intakeSignature(us), intakeSignature(uk))
  assert.equal(intakeSignature(kr), intakeSignature(de))
  // A word that merely contains a country name is left alone.
  assert.notEqual(
    intakeSignature({ ...de, name: 'Germanium output' }),
    intakeSignature({ ...de, name: 'Japan output' }),
  )
})

test('indicators that should be classified apart never collapse', () => {
  const base = gdp('US', 'USD')
  const variants: [string, IndicatorInput][] = [
    ['another name', { ...base, name: 'GDP Growth Rate' }],
    ['percent instead of money', { ...base, units: '%' }],
    ['points instead of money', { ...base, units: 'points' }],
    ['per capita', { ...base, units: 'USD per capita' }],
    ['a physical flow per day', { ...base, units: 'BBL/D' }],
    ['money per physical unit', { ...base, units: 'USD/Barrel' }],
    ['another frequency', { ...base, periodicity: 'Annual' }],
    ['another description', { ...base, description: 'Gross domestic product, year-to-date' }],
    ['a national-currency count', { ...base, units: 'Thousand' }],
  ]
  const signature = intakeSignature(base)
  for (const [label, variant] of variants) assert.notEqual(intakeSignature(variant), signature, label)
  assert.equal(new Set(variants.map(([, v]) => intakeSignature(v))).size, variants.length)
})

test('unit assignment puts members of a signature side by side; off, it keeps the posted order', () => {
  const indicators = [
    gdp('US', 'USD'),
    { ...gdp('US', 'USD'), indicator_id: 'US-UNEMP', name: 'Unemployment Rate', units: '%' },
    gdp('DE', 'EUR'),
    gdp('JP', 'JPY'),
  ]
  const grouped = unitAssignment(indicators, 3, true)
  assert.equal(new Set([grouped[0], grouped[2], grouped[3]]).size, 1)
  assert.deepEqual(unitAssignment(indicators, 3, false), [0, 0, 0, 1])
})

describe_llm()

function describe_llm() {
  let fake: FakeLlmServer
  before(async () => {
    fake = await startFakeLlmServer({ answers: {} })
  })
  after(async () => fake?.close())

  const catalogue: IndicatorInput[] = [
    gdp('US', 'USD'),
    gdp('DE', 'EUR'),
    gdp('JP', 'JPY'),
    { indicator_id: 'US-LMI', name: 'Lmi Inventory Costs', units: 'points', periodicity: 'Monthly' },
    { indicator_id: 'DE-LMI', name: 'Lmi Inventory Costs', units: 'points', periodicity: 'Monthly' },
    { indicator_id: 'US-CFNAI', name: 'CFNAI Production Index', units: '', periodicity: 'Monthly' },
  ]

  function context(cache: AnswerCache | undefined, refresh = false, dedupe = true) {
    const config = loadLlmConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.openaiBaseUrl,
      LLM_BATCH_SIZE: '10',
    })
    return {
      ...RULES_CONTEXT,
      llm: createLlmStageContext(
        { mode: 'llm', threshold: 0.75, batch_size: 10, dedupe, cache, refresh },
        (stage) => (stage === 'family' ? 'openai' : null),
        (p) => createLlmClient(config, p),
      ),
    }
  }

  test('one question per signature, the answer fanned out; the cache answers a re-submission with no call', async () => {
    const store = new Map<string, unknown>()
    const cache: AnswerCache = { get: async (k) => store.get(k), put: async (k, e) => void store.set(k, e.answer) }
    fake.reset()
    const first = await classifyInProcess(catalogue, context(cache))
    const asked = fake.requests().flatMap((r) => r.indicator_ids)
    assert.deepEqual(asked.sort(), ['US-CFNAI', 'US-GDP', 'US-LMI'])
    for (const r of first) {
      assert.equal(r.status, 'completed')
      if (r.status === 'completed') assert.equal(r.source, 'llm', r.indicator_id)
    }
    const de = first.find((r) => r.indicator_id === 'DE-GDP')!
    assert.equal(de.status === 'completed' && de.detected_currency, 'EUR', 'a member keeps its own currency')

    fake.reset()
    const again = await classifyInProcess(catalogue, context(cache))
    assert.equal(fake.stats().requests, 0)
    for (const r of again)
      if (r.status === 'completed') assert.equal(r.source, 'cache', `${r.indicator_id}: ${r.reasoning}`)

    fake.reset()
    await classifyInProcess(catalogue, context(cache, true))
    assert.equal(fake.requests().flatMap((r) => r.indicator_ids).length, 3, 'refresh bypasses the cache')
  })

  test('with de-duplication off every indicator is asked', async () => {
    fake.reset()
    await classifyInProcess(catalogue, context(undefined, false, false))
    assert.equal(fake.requests().flatMap((r) => r.indicator_ids).length, catalogue.length)
  })
}
