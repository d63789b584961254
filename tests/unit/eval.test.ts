import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { csvRecords } from '../../src/eval/csv'
import { loadLabelled, scoreResults, withoutContradictions } from '../../src/eval/index'

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
  assert.deepEqual(a!.expected, { family: 'physical-fundamental', is_currency_denominated: true, detected_currency: 'USD' })
  assert.equal(b!.indicator.sample_values, undefined)
  assert.equal(b!.expected.detected_currency, null)
})

test('maps the external-v1 format and rejects a label outside the taxonomy by name', async () => {
  const external = {
    category: 'x',
    indicators: [
      {
        indicator: { id: 'e1', name: 'Policy Rate', units: '%', periodicity: 'monthly', source: 'CB', sample_values: [] },
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
  await assert.rejects(loadLabelled(file('bad.json', JSON.stringify(external))), /bad\.json case 0: expected\.indicator_type/)
  await assert.rejects(loadLabelled(join(dir, 'missing.json')), /no such file/)
  await assert.rejects(loadLabelled(file('notes.txt', 'x')), /unsupported format/)
})

test('scores only the labelled fields, lists misses with reasoning, and drops contradicted fields', async () => {
  const cases = await loadLabelled(file('ours.json', JSON.stringify([
    { indicator: { indicator_id: 'a', name: 'A', units: '%' }, expected: { family: 'change-movement', indicator_type: 'rate' } },
    { indicator: { indicator_id: 'b', name: 'B' }, expected: { family: 'temporal' } },
  ])))
  const results = [
    { indicator_id: 'a', status: 'completed', family: 'change-movement', indicator_type: 'gap', reasoning: 'because' },
    { indicator_id: 'b', status: 'failed', error: 'boom' },
  ]
  const report = scoreResults(cases, results)
  assert.deepEqual(report.fields.map((f) => [f.field, f.correct, f.total]), [['family', 1, 2], ['indicator_type', 0, 1]])
  assert.deepEqual(report.misses.map((m) => [m.id, m.field, m.got, m.reasoning]), [['a', 'indicator_type', 'gap', 'because'], ['b', 'family', 'failed: boom', '']])

  const { scored, unknown } = withoutContradictions(cases, [
    { id: 'a', fields: ['indicator_type'], rule: '§2', reason: 'r' },
    { id: 'b', fields: ['family'], rule: '§2', reason: 'r' },
    { id: 'zz', fields: ['family'], rule: '§2', reason: 'r' },
  ])
  assert.deepEqual(scored.map((c) => [c.indicator.indicator_id, c.expected]), [['a', { family: 'change-movement' }]])
  assert.deepEqual(unknown, ['zz'])
})
