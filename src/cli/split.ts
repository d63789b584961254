// `npm run split`: places every labelled case of tests/fixtures that is not yet in tests/fixtures/split.json.
// Existing placements never change, so a test case can never drift into dev. Cases of a split's own folder
// (calibration, blind) are never placed: they are that split.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadLabelled, placedCases, SPLIT_FILE as SPLIT_NAME } from '../eval/load'
import { extendSplit, splitFileText, type SplitFile } from '../eval/split'
import { PROJECT_ROOT } from './service-process'

const FIXTURES = join(PROJECT_ROOT, 'tests/fixtures')
const SPLIT_FILE = join(FIXTURES, SPLIT_NAME)
const FRESH: SplitFile = {
  seed: 'indicator-classify-split-2026-11',
  test_share: 0.5,
  test_fit_seed: 'indicator-classify-test-fit-2026-12',
  test_fit_share: 0.4,
  dev: [],
  test: [],
}

const before: SplitFile = existsSync(SPLIT_FILE) ? JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) : FRESH
const cases = placedCases(await loadLabelled(FIXTURES))
const after = extendSplit(
  before,
  cases.map((c) => c.indicator.indicator_id),
)
writeFileSync(SPLIT_FILE, splitFileText(after))
console.log(
  `split: ${after.dev.length} dev, ${after.test.length} test (${after.dev.length + after.test.length - before.dev.length - before.test.length} newly placed)`,
)
