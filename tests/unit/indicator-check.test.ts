import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import { batchRequestSchema, fastBatchRequest, parseBatchRequest, TEXT_MAX } from '../../src/taxonomy/index'

const MAX = 50

/** Texts at and around every rule of a text field: padding, breaks, controls, lone surrogates, length limits. */
const textish = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('GDP', '  padded  ', 'two\nlines', 'tab\there', 'nul\u0000', 'c1\u0085', 'emoji 📈', 'lone \ud800'),
    fc.constantFrom('x'.repeat(max), ` ${'x'.repeat(max)} `, 'x'.repeat(max + 1), '', '   '),
    fc.constantFrom(null, undefined, 7, true, ['a'], { a: 1 }),
  )

const sample = fc.record(
  {
    date: fc.oneof(fc.constantFrom('2024-03-31', ' 2024Q1 ', '', 'a\nb', 'x'.repeat(65)), fc.string({ maxLength: 8 })),
    value: fc.oneof(fc.double(), fc.constantFrom('1.5', ' -2e3 ', 'abc', '', null, Infinity), fc.integer()),
    other: fc.constant(1),
  },
  { requiredKeys: [] },
)

const indicator = fc.record(
  {
    ...Object.fromEntries(Object.entries(TEXT_MAX).map(([field, max]) => [field, textish(max)])),
    sample_values: fc.oneof(fc.array(sample, { maxLength: 4 }), fc.constantFrom(null, undefined, 'x', {})),
    extra: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })),
      fc.constantFrom(null, undefined, [], 'x'),
    ),
    unknown_field: fc.constant('x'),
  },
  { requiredKeys: [] },
)

/** Usually `usual`, sometimes anything at all: mostly valid indicators with one fault at a time. */
const mostly = <T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 20, arbitrary: usual }, { weight: 1, arbitrary: other })

const validIndicator = fc.record({
  indicator_id: mostly(fc.constantFrom('US-GDP', ' de-cpi ', 'id.3'), textish(TEXT_MAX.indicator_id)),
  name: mostly(fc.constantFrom('GDP', ' Inflation Rate YoY ', 'Manufacturing PMI'), textish(TEXT_MAX.name)),
  units: mostly(fc.constantFrom('USD Billion', '%', null, undefined, ''), textish(TEXT_MAX.units)),
  description: mostly(fc.constantFrom(undefined, 'Line one\nline two'), textish(TEXT_MAX.description)),
  sample_values: mostly(
    fc.array(
      fc
        .record({
          date: mostly(
            fc.constantFrom('2024', '2024-Q1'),
            sample.map((s) => s.date),
          ),
          value: mostly(
            fc.constantFrom(1, '2.5'),
            sample.map((s) => s.value),
          ),
        })
        // As JSON.parse makes them (fast-check's records have no prototype).
        .map((s) => ({ ...s })),
      { maxLength: 3 },
    ),
    fc.oneof(fc.array(sample, { maxLength: 2 }), fc.constantFrom(null, 'x')),
  ),
  extra: mostly(
    fc.constantFrom(undefined, { country: 'DE' }),
    indicator.map((i) => i.extra),
  ),
})

const body = fc
  .record(
    {
      indicators: fc.array(fc.oneof({ weight: 20, arbitrary: validIndicator }, { weight: 1, arbitrary: indicator }), {
        maxLength: 4,
      }),
      batch_id: mostly(fc.constantFrom('b-1', ' b-2 '), fc.constantFrom('bad id', '', 3)),
      llm_provider: mostly(fc.constantFrom('rules', 'openai', 'anthropic'), fc.constantFrom('nope', null)),
      refresh: mostly(fc.constantFrom(true, false, undefined), fc.constantFrom('yes', 1)),
      llm_delivery: mostly(fc.constantFrom('sync', 'batch'), fc.constantFrom('later', null)),
      unknown_option: mostly(fc.constant(false), fc.constant(true)),
    },
    { requiredKeys: ['indicators', 'unknown_option'] },
  )
  .map(({ unknown_option, ...options }) => (unknown_option ? { ...options, other: 1 } : options))

test('the fast check accepts only what the schema accepts, with the very output of the schema', () => {
  let fast = 0
  fc.assert(
    fc.property(body, (input) => {
      const zod = batchRequestSchema(MAX).safeParse(input)
      const checked = fastBatchRequest(input, MAX)
      if (checked === undefined) return
      fast++
      assert.ok(zod.success, 'the schema refuses what the fast check accepted')
      assert.deepStrictEqual(checked, zod.data)
      // Same keys in the same order: the stored input_json is the same text.
      assert.equal(JSON.stringify(checked), JSON.stringify(zod.data))
    }),
    { numRuns: 2000 },
  )
  assert.ok(fast > 400, `the fast path was taken in only ${fast} of 2000 bodies`)
})

test('refused bodies get the schema’s own issues', () => {
  const input = { indicators: [{ indicator_id: 'a', name: 'GDP', units: 'x'.repeat(201) }], refresh: 'yes' }
  const parsed = parseBatchRequest(input, MAX)
  assert.equal(parsed.success, false)
  assert.deepStrictEqual(parsed.error?.issues, batchRequestSchema(MAX).safeParse(input).error?.issues)
  assert.equal(
    parseBatchRequest({ indicators: new Array(MAX + 1).fill({ indicator_id: 'a', name: 'b' }) }, MAX).success,
    false,
  )
})

test('every fixture, and an indicator with every field, takes the fast path', () => {
  const dir = new URL('../fixtures/', import.meta.url)
  const indicators = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'split.json')
    .flatMap((f) =>
      (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { indicator: unknown }[]).map((r) => r.indicator),
    )
  const every = {
    ...Object.fromEntries(Object.keys(TEXT_MAX).map((field) => [field, ` ${field}\u00e9 `])),
    sample_values: [
      { date: '2024-Q1', value: '1.5' },
      { value: 2, date: '2024-06-30' },
      Object.assign(Object.create(null) as object, { date: '2024-12-31', value: 3 }),
    ],
    extra: { country: 'DE', nested: { a: [1] } },
  }
  const input = { indicators: [...indicators, every], batch_id: 'b', llm_provider: 'rules', refresh: false }
  const fast = fastBatchRequest(input, indicators.length + 1)
  assert.ok(fast, 'a fixture or a field left the fast path')
  assert.deepStrictEqual(fast, batchRequestSchema(indicators.length + 1).parse(input))
})
