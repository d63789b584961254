import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { csvRecords } from '../../src/eval/csv'
import { runEval } from '../../src/cli/eval'
import {
  loadLabelled,
  metricsOf,
  rankedQueue,
  scoreResults,
  withoutContradictions,
  type LabelledCase,
} from '../../src/eval/index'

const dir = mkdtempSync(join(tmpdir(), 'eval-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

test('CSV: quoted commas, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
  const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n'
  assert.deepEqual(csvRecords(text), [
    { a: '1', b: 'x, y', c: 'say "hi"' },
    { a: '2', b: 'two\nlines', c: '' },
  ])
  assert.throws(() => csvRecords('a,b\n1\n'), /row 2: 1 fields, header has 2/)
  assert.throws(() => csvRecords('a\n"open\n'), /unterminated/)
})

test('loads a labelled CSV: indicator columns, sample_values as JSON, expected_ columns typed', async () => {
  const path = file(
    'cases.csv',
    'indicator_id,name,units,periodicity,sample_values,expected_family,expected_is_currency_denominated,expected_detected_currency\n' +
      'x1,Government Debt,USD Million,Quarterly,"[{""date"":""2024-Q1"",""value"":1}]",physical-fundamental,true,USD\n' +
      'x2,Unemployment Rate,%,Monthly,,numeric-measurement,false,null\n',
  )
  const [a, b] = await loadLabelled(path)
  assert.deepEqual(a!.indicator.sample_values, [{ date: '2024-Q1', value: 1 }])
  assert.deepEqual(a!.expected, {
    family: 'physical-fundamental',
    is_currency_denominated: true,
    detected_currency: 'USD',
  })
  assert.equal(b!.indicator.sample_values, undefined)
  assert.equal(b!.expected.detected_currency, null)
})

test('maps the external-v1 format and rejects a label outside the taxonomy by name', async () => {
  const external = {
    category: 'x',
    indicators: [
      {
        indicator: {
          id: 'e1',
          name: 'Policy Rate',
          units: '%',
          periodicity: 'monthly',
          source: 'CB',
          sample_values: [],
        },
        expected_classification: { indicator_category: 'price-value', indicator_type: 'price', is_monetary: false },
        notes: 'n',
      },
    ],
  }
  const [c] = await loadLabelled(file('external.json', JSON.stringify(external)))
  assert.equal(c!.indicator.indicator_id, 'e1')
  assert.equal(c!.indicator.source_name, 'CB')
  assert.deepEqual(c!.expected, { family: 'price-value', indicator_type: 'price', is_currency_denominated: false })

  external.indicators[0]!.expected_classification.indicator_type = 'widget'
  await assert.rejects(
    loadLabelled(file('bad.json', JSON.stringify(external))),
    /bad\.json case 0: expected\.indicator_type/,
  )
  await assert.rejects(loadLabelled(join(dir, 'missing.json')), /no such file/)
  await assert.rejects(loadLabelled(file('notes.txt', 'x')), /unsupported format/)
})

test('scores only the labelled fields, lists misses with reasoning, and drops contradicted fields', async () => {
  const cases = await loadLabelled(
    file(
      'ours.json',
      JSON.stringify([
        {
          indicator: { indicator_id: 'a', name: 'A', units: '%' },
          expected: { family: 'change-movement', indicator_type: 'rate' },
        },
        { indicator: { indicator_id: 'b', name: 'B' }, expected: { family: 'temporal' } },
      ]),
    ),
  )
  const results = [
    { indicator_id: 'a', status: 'completed', family: 'change-movement', indicator_type: 'gap', reasoning: 'because' },
    { indicator_id: 'b', status: 'failed', error: 'boom' },
  ]
  const report = scoreResults(cases, results)
  assert.deepEqual(
    report.fields.map((f) => [f.field, f.correct, f.total]),
    [
      ['family', 1, 2],
      ['indicator_type', 0, 1],
    ],
  )
  assert.deepEqual(
    report.misses.map((m) => [m.id, m.field, m.got, m.reasoning]),
    [
      ['a', 'indicator_type', 'gap', 'because'],
      ['b', 'family', 'failed: boom', ''],
    ],
  )

  const { scored, unknown } = withoutContradictions(cases, [
    { id: 'a', fields: ['indicator_type'], rule: '§2', reason: 'r' },
    { id: 'b', fields: ['family'], rule: '§2', reason: 'r' },
    { id: 'zz', fields: ['family'], rule: '§2', reason: 'r' },
  ])
  assert.deepEqual(
    scored.map((c) => [c.indicator.indicator_id, c.expected]),
    [['a', { family: 'change-movement' }]],
  )
  assert.deepEqual(unknown, ['zz'])
})

test('metrics: all-right needs every labelled field, flag precision and recall, reliability bins and ECE', () => {
  const cases = [
    {
      indicator: { indicator_id: 'a', name: 'A' },
      expected: { family: 'temporal', indicator_type: 'duration' },
      source: 'x',
    },
    { indicator: { indicator_id: 'b', name: 'B' }, expected: { family: 'temporal' }, source: 'x' },
    { indicator: { indicator_id: 'c', name: 'C' }, expected: { family: 'temporal' }, source: 'x' },
    { indicator: { indicator_id: 'd', name: 'D' }, expected: { family: 'temporal' }, source: 'x' },
  ] as LabelledCase[]
  const results = [
    {
      indicator_id: 'a',
      status: 'completed',
      family: 'temporal',
      indicator_type: 'probability',
      confidence: 0.15,
      review_status: 'flagged',
    },
    { indicator_id: 'b', status: 'completed', family: 'temporal', confidence: 0.95, review_status: 'passed' },
    { indicator_id: 'c', status: 'completed', family: 'qualitative', confidence: 0.9, review_status: 'passed' },
    { indicator_id: 'd', status: 'completed', family: 'temporal', confidence: 1, review_status: 'flagged' },
  ]
  const m = metricsOf(cases, results)
  assert.deepEqual([m.all_right, m.flagged_share, m.flag_precision, m.flag_recall], [0.5, 0.5, 0.5, 0.5])
  assert.deepEqual(
    m.reliability
      .filter((b) => b.count > 0)
      .map((b) => [b.lo, b.count, b.mean_confidence, b.all_right_rate].map((v) => Number(v!.toFixed(9)))),
    [
      [0.1, 1, 0.15, 0],
      [0.9, 3, 0.95, Number((2 / 3).toFixed(9))],
    ],
  )
  assert.ok(Math.abs(m.ece - (0.25 * 0.15 + 0.75 * (0.95 - 2 / 3))) < 1e-9)
  // Wrong: a (0.15) and c (0.9); right: b (0.95) and d (1). Every right record outranks both wrong ones.
  assert.equal(m.auc, 1)
  // A queue of at most 20 % of four records holds none; 0.8 of the wrong needs both, the two least confident.
  assert.deepEqual(m.ranked, { recall_at_max_share: 0, share_for_min_recall: 0.5 })
})

test('rankedQueue: a threshold takes a tie whole, so the queue ends only after the last of equal confidences', () => {
  const outcome = (id: string, confidence: number, all_right: boolean) => ({
    id,
    confidence,
    all_right,
    flagged: false,
  })
  const tens = Array.from({ length: 10 }, (_, k) => outcome(`r${k}`, 0.5 + k / 20, true))
  // Two wrong records tied with a right one at the bottom: the 20 % queue (2 of 13) cannot hold them without it.
  const tied = [outcome('w1', 0.1, false), outcome('w2', 0.1, false), outcome('r', 0.1, true), ...tens]
  assert.deepEqual(rankedQueue(tied), { recall_at_max_share: 0, share_for_min_recall: 3 / 13 })
  const apart = [outcome('w1', 0.05, false), outcome('w2', 0.1, false), outcome('r', 0.2, true), ...tens]
  assert.deepEqual(rankedQueue(apart), { recall_at_max_share: 1, share_for_min_recall: 2 / 13 })
  assert.deepEqual(rankedQueue(tens), { recall_at_max_share: null, share_for_min_recall: null })
})

test('npm run eval on a folder with a split.json prints dev, calibration, test_fit, test and blind side by side, per style, and no held-out misses', async () => {
  const folder = join(dir, 'split-folder')
  const split = (placed: { dev: string[]; test: string[] }) => ({
    seed: 's',
    test_share: 0.5,
    test_fit_seed: 'f',
    test_fit_share: 0.5,
    ...placed,
  })
  mkdirSync(join(folder, 'calibration'), { recursive: true })
  mkdirSync(join(folder, 'blind'), { recursive: true })
  const cases = (prefix: string) => [
    {
      indicator: { indicator_id: `${prefix}1`, name: 'Unemployment Rate', units: '%', periodicity: 'Monthly' },
      expected: { family: 'numeric-measurement' },
    },
    {
      indicator: { indicator_id: `${prefix}2`, name: 'Gold Price', units: 'USD/Troy Ounce', periodicity: 'Daily' },
      expected: { family: 'temporal' },
    },
  ]
  writeFileSync(join(folder, 'alpha.json'), JSON.stringify(cases('a')))
  writeFileSync(join(folder, 'beta.json'), JSON.stringify(cases('b')))
  // Calibration cases sit in their own folder, whatever split.json says, and are never placed by it.
  writeFileSync(join(folder, 'calibration', 'alpha.json'), JSON.stringify(cases('c')))
  // So do blind cases, in theirs.
  writeFileSync(join(folder, 'blind', 'beta.json'), JSON.stringify(cases('x')))
  writeFileSync(
    join(folder, 'split.json'),
    // The second seeded draw moves b2 (and not a2) of the test side into test_fit.
    JSON.stringify(split({ dev: ['a1', 'b1'], test: ['a2', 'b2'] })),
  )
  const { groups, text } = await runEval([folder], {})
  assert.deepEqual(
    groups.map((g) => [g.group, g.metrics.cases, g.byStyle.map((s) => s.style)]),
    [
      ['dev', 2, ['alpha', 'beta']],
      ['calibration', 2, ['alpha']],
      ['test_fit', 1, ['beta']],
      ['test', 1, ['alpha']],
      ['blind', 2, ['beta']],
    ],
  )
  assert.equal(groups.find((g) => g.group === 'test')!.metrics.all_right, 0, 'a gold price is not temporal')
  assert.match(text, /dev is training data/)
  assert.match(text, /^measure\s+dev\s+calibration\s+test_fit\s+test\s+blind$/m)
  assert.match(text, /^alpha\s+1\s+/m)
  assert.match(text, /^0\.9–1\.0\s/m)
  assert.match(text, /calibration, test_fit, test and blind misses are not printed/)
  for (const id of ['a2', 'b2', 'c2', 'x2']) assert.doesNotMatch(text, new RegExp(`${id} \\| Gold Price`))

  const calibrationOnly = await runEval([join(folder, 'calibration', 'alpha.json')], {})
  assert.deepEqual(
    calibrationOnly.groups.map((g) => g.group),
    ['calibration'],
  )
  const blindOnly = await runEval([join(folder, 'blind')], {})
  assert.deepEqual(
    blindOnly.groups.map((g) => g.group),
    ['blind'],
  )
  writeFileSync(join(folder, 'split.json'), JSON.stringify(split({ dev: ['a1', 'b1', 'c1'], test: ['a2', 'b2'] })))
  await assert.rejects(runEval([folder], {}), /"c1" is a calibration case and also in the dev split/)
  writeFileSync(join(folder, 'split.json'), JSON.stringify(split({ dev: ['a1', 'b1'], test: ['a2', 'b2', 'x1'] })))
  await assert.rejects(runEval([folder], {}), /"x1" is a blind case and also in the test_fit split/)
})
