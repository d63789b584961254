import assert from 'node:assert/strict'
import { test } from 'node:test'
import { costUsd, DEFAULT_PRICES, loadPrices, priceOf, PROMPT_VERSION } from '../../src/llm/index'

const u = (input_tokens: number, output_tokens: number, cached_input_tokens = 0, cache_write_tokens = 0) => ({
  input_tokens,
  output_tokens,
  cached_input_tokens,
  cache_write_tokens,
})
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`)

test('cost is USD per million tokens, input and output priced separately', () => {
  close(costUsd('gpt-4o-mini', u(1_000_000, 1_000_000)), 0.75)
  close(costUsd('gpt-4o', u(2000, 500)), (2000 * 2.5 + 500 * 10) / 1e6)
  close(costUsd('gpt-4.1-mini', u(1000, 1000)), (400 + 1600) / 1e6)
  close(costUsd('claude-3-5-haiku', u(1000, 1000)), (800 + 4000) / 1e6)
  close(costUsd('claude-sonnet-4', u(1000, 1000)), (3000 + 15000) / 1e6)
})

test('dated and aliased model names take the longest matching price', () => {
  assert.deepEqual(priceOf('gpt-4o-mini-2024-07-18'), DEFAULT_PRICES['gpt-4o-mini'])
  assert.deepEqual(priceOf('gpt-4o-2024-08-06'), DEFAULT_PRICES['gpt-4o'])
  assert.deepEqual(priceOf('claude-3-5-haiku-latest'), DEFAULT_PRICES['claude-3-5-haiku'])
  assert.deepEqual(priceOf('claude-sonnet-4-20250514'), DEFAULT_PRICES['claude-sonnet-4'])
})

test('cached prompt tokens are priced at the cached rate, cache writes at the write rate, batch calls at the batch share', () => {
  // gpt-4o-mini: 1M prompt tokens of which 600k cached: 400k × 0.15 + 600k × 0.075.
  close(costUsd('gpt-4o-mini', u(1_000_000, 0, 600_000)), 0.06 + 0.045)
  // claude-haiku-4-5: 100k plain × 1 + 300k read × 0.1 + 600k written × 1.25, plus 1M output × 5.
  close(costUsd('claude-haiku-4-5', u(1_000_000, 1_000_000, 300_000, 600_000)), 0.1 + 0.03 + 0.75 + 5)
  close(costUsd('gpt-4o-mini', u(1_000_000, 1_000_000), DEFAULT_PRICES, 'batch'), 0.375)
  close(costUsd('gpt-4o-mini', u(1_000_000, 0, 1_000_000), DEFAULT_PRICES, 'batch'), 0.0375)
  for (const [model, price] of Object.entries(DEFAULT_PRICES)) {
    assert.ok(price.cached_input !== undefined && price.cached_input < price.input, model)
    assert.equal(price.batch, 0.5, model)
  }
})

test('unknown and local models cost nothing', () => {
  assert.equal(costUsd('local-model', u(5000, 5000)), 0)
  assert.equal(priceOf('mystery'), null)
})

test('LLM_PRICES_JSON overrides and extends the defaults', () => {
  const prices = loadPrices({
    LLM_PRICES_JSON: '{"gpt-4o-mini": {"input": 1, "output": 2}, "llama3": {"input": 0.1, "output": 0.1}}',
  })
  close(costUsd('gpt-4o-mini', u(1_000_000, 1_000_000), prices), 3)
  close(costUsd('llama3', u(1_000_000, 0), prices), 0.1)
  close(costUsd('gpt-4o', u(1_000_000, 0), prices), 2.5)
  // A price without cached or batch rates charges the full input price for cached tokens and no batch discount.
  close(costUsd('llama3', u(1_000_000, 0, 1_000_000), prices, 'batch'), 0.1)
})

test('the prompt version is exported for provenance and cache keys', () => {
  assert.match(PROMPT_VERSION, /^v\d+/)
})
