import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { loadLabelled, placedCases } from '../../src/eval/index'
import { extendSplit, splitFileText, splitIndex, type SplitFile } from '../../src/eval/split'

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))
const SPLIT_FILE = fileURLToPath(new URL('../fixtures/split.json', import.meta.url))

const ids = Array.from({ length: 2000 }, (_, k) => `case-${k}`)
const fresh: SplitFile = {
  seed: 'a',
  test_share: 0.5,
  test_fit_seed: 'b',
  test_fit_share: 0.4,
  dev: [],
  test: [],
}

test('test_fit is a seeded draw of the test side only: dev never moves, and the draw is the same every time', () => {
  const split = extendSplit(fresh, ids)
  const splitOf = splitIndex(split)
  const count = (s: string, among: readonly string[]) => among.filter((id) => splitOf(id) === s).length
  assert.equal(count('dev', split.dev), split.dev.length)
  assert.equal(count('test_fit', split.test) + count('test', split.test), split.test.length)
  const share = count('test_fit', split.test) / split.test.length
  assert.ok(Math.abs(share - 0.4) < 0.05, String(share))
  assert.deepEqual(ids.map(splitIndex(extendSplit(fresh, ids))), ids.map(splitOf))
  const other = splitIndex({ ...split, test_fit_seed: 'c' })
  assert.notDeepEqual(split.test.map(other), split.test.map(splitOf), 'another seed draws other cases')
})

test('extending a split keeps every placed case where it was', () => {
  const before = extendSplit(fresh, ids.slice(0, 1000))
  const after = extendSplit(before, ids)
  const [was, is] = [splitIndex(before), splitIndex(after)]
  assert.deepEqual(ids.slice(0, 1000).map(is), ids.slice(0, 1000).map(was))
})

test('the committed split draws test_fit with its own seed and about the declared share of the test side', () => {
  const split = JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) as SplitFile
  assert.equal(split.test_fit_seed, 'indicator-classify-test-fit-2026-12', 'chosen before any outcome; never rerolled')
  assert.notEqual(split.test_fit_seed, split.seed)
  const splitOf = splitIndex(split)
  const share = split.test.filter((id) => splitOf(id) === 'test_fit').length / split.test.length
  assert.ok(Math.abs(share - split.test_fit_share) < 0.06, String(share))
})

test('the committed split places every fixture outside the split folders, so npm run split would write it unchanged', async () => {
  const text = readFileSync(SPLIT_FILE, 'utf8')
  const placed = placedCases(await loadLabelled(FIXTURES))
  assert.equal(
    splitFileText(
      extendSplit(
        JSON.parse(text) as SplitFile,
        placed.map((c) => c.indicator.indicator_id),
      ),
    ),
    text,
  )
})
