import assert from 'node:assert/strict'
import { test } from 'node:test'
import { costUsd, DEFAULT_PRICES, loadPrices, priceOf, PROMPT_VERSION } from '../../src/llm/index'

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`)

test('cost is USD per million tokens, input and output priced separately', () => {
  close(costUsd('gpt-4o-mini', 1_000_000, 1_000_000), 0.75)
  close(costUsd('gpt-4o', 2000, 500), (2000 * 2.5 + 500 * 10) / 1e6)
  close(costUsd('gpt-4.1-mini', 1000, 1000), (400 + 1600) / 1e6)
  close(costUsd('claude-3-5-haiku', 1000, 1000), (800 + 4000) / 1e6)
  close(costUsd('claude-sonnet-4', 1000, 1000), (3000 + 15000) / 1e6)
})

test('dated and aliased model names take the longest matching price', () => {
  assert.deepEqual(priceOf('gpt-4o-mini-2024-07-18'), DEFAULT_PRICES['gpt-4o-mini'])
  assert.deepEqual(priceOf('gpt-4o-2024-08-06'), DEFAULT_PRICES['gpt-4o'])
  assert.deepEqual(priceOf('claude-3-5-haiku-latest'), DEFAULT_PRICES['claude-3-5-haiku'])
  assert.deepEqual(priceOf('claude-sonnet-4-20250514'), DEFAULT_PRICES['claude-sonnet-4'])
})

test('unknown and local models cost nothing', () => {
  assert.equal(costUsd('local-model', 5000, 5000), 0)
  assert.equal(priceOf('mystery'), null)
})

test('LLM_PRICES_JSON overrides and extends the defaults', () => {
  const prices = loadPrices({ LLM_PRICES_JSON: '{"gpt-4o-mini": {"input": 1, "output": 2}, "llama3": {"input": 0.1, "output": 0.1}}' })
  close(costUsd('gpt-4o-mini', 1_000_000, 1_000_000, prices), 3)
  close(costUsd('llama3', 1_000_000, 0, prices), 0.1)
  close(costUsd('gpt-4o', 1_000_000, 0, prices), 2.5)
})

test('the prompt version is exported for provenance and cache keys', () => {
  assert.match(PROMPT_VERSION, /^v\d+/)
})
