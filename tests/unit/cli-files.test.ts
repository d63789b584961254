// The CLI's file reading: the streaming JSON element scanner, CSV/NDJSON records and the grouping into batches.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { readCatalogue } from '../../src/cli/catalogue-file'
import { jsonArrayElements } from '../../src/cli/json-elements'
import { partId, partsOf } from '../../src/cli/parts'

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** The text cut into pieces at the given offsets, as a stream delivers it. */
async function* pieces(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0
  for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
    yield text.slice(at, cut)
    at = cut
  }
  yield text.slice(at)
}

test('jsonArrayElements yields what JSON.parse reads, for a bare array or an indicators array, however the text is cut', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue()),
      fc.array(fc.nat()),
      fc.boolean(),
      fc.constantFrom(undefined, 2),
      async (values, cuts, wrapped, indent) => {
        const doc = wrapped ? { before: { indicators: ['not these'] }, indicators: values, after: '[' } : values
        const got = await collect(jsonArrayElements(pieces(JSON.stringify(doc, null, indent), cuts)))
        assert.deepEqual(got, JSON.parse(JSON.stringify(values)))
      },
    ),
    { numRuns: 300 },
  )
})

test('jsonArrayElements names the element that is not JSON, and refuses a document without the array', async () => {
  await assert.rejects(collect(jsonArrayElements(pieces('[{"a":1},{"a":tru}]', []))), /element 2/)
  await assert.rejects(collect(jsonArrayElements(pieces('{"rows":[{"a":1}]}', []))), /"indicators" array/)
  await assert.rejects(collect(jsonArrayElements(pieces('[{"a":1},', []))), /ends inside it/)
})

const dir = mkdtempSync(join(tmpdir(), 'cli-files-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('readCatalogue reads CSV (empty cells absent, sample_values as JSON), NDJSON and JSON alike', async () => {
  const expected = [
    { indicator_id: 'A', name: 'GDP, real', units: 'USD', sample_values: [{ date: '2024', value: 1 }] },
    { indicator_id: 'B', name: 'CPI "core"' },
  ]
  writeFileSync(
    join(dir, 'c.csv'),
    '\ufeffindicator_id,name,units,sample_values\nA,"GDP, real",USD,"[{""date"":""2024"",""value"":1}]"\r\nB,"CPI ""core""",,\n\n',
  )
  writeFileSync(join(dir, 'c.ndjson'), expected.map((r) => JSON.stringify(r)).join('\n') + '\n\n')
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ indicators: expected }))
  for (const name of ['c.csv', 'c.ndjson', 'c.json'])
    assert.deepEqual(await collect(readCatalogue(join(dir, name))), expected, name)
  writeFileSync(join(dir, 'bad.ndjson'), '{"indicator_id":"A"}\n[1]\n')
  await assert.rejects(collect(readCatalogue(join(dir, 'bad.ndjson'))), /bad\.ndjson: record 2 is not an object/)
  await assert.rejects(readCatalogue(join(dir, 'c.xlsx')).next(), /unknown format/)
})

test('partsOf cuts at the record limit and before the byte limit; part ids extend the run id', async () => {
  async function* records(n: number) {
    for (let i = 0; i < n; i++) yield { indicator_id: `I${i}`, name: 'x' }
  }
  const bySize = await collect(partsOf(records(7), { records: 3, bytes: 1e9 }))
  assert.deepEqual(
    bySize.map((p) => p.length),
    [3, 3, 1],
  )
  assert.deepEqual(JSON.parse(`[${bySize[2]!.join(',')}]`), [{ indicator_id: 'I6', name: 'x' }])
  const line = JSON.stringify({ indicator_id: 'I0', name: 'x' }).length + 1
  assert.deepEqual(
    (await collect(partsOf(records(5), { records: 100, bytes: 2 * line }))).map((p) => p.length),
    [2, 2, 1],
  )
  assert.deepEqual(
    [0, 1, 2].map((k) => partId('run', k)),
    ['run', 'run.2', 'run.3'],
  )
})
