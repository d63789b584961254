import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { PROJECT_ROOT } from '../../src/cli/service-process'
import {
  CLASSIFICATION_COLUMNS,
  ENUM_FIELDS,
  FAMILIES,
  TYPE_TABLE,
  TYPES_BY_FAMILY,
  USUAL_AGGREGATION,
} from '../../src/taxonomy/index'

const DOC = readFileSync(join(PROJECT_ROOT, 'docs/TAXONOMY.md'), 'utf8')
const SHARED = join(PROJECT_ROOT, '../shared/TAXONOMY.md')

/** The cells of the table in section `n` of the document, header and separator left out. */
function tableOf(n: number): string[][] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(`${n}.`))
  assert.ok(section, `docs/TAXONOMY.md has no section ${n}`)
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)
const ENUM_VALUES = new Set(Object.values(ENUM_FIELDS).flat())
const FIELDS = new Set<string>(CLASSIFICATION_COLUMNS)
// The one backticked token of §1 that is neither a field nor a value: a units string quoted as an example.
const EXAMPLES = new Set(['USD Hundred Million'])

/** §1's backticked values, attributed to the field named last before them in the row. */
function valuesByField(): Map<string, string[]> {
  const values = new Map<string, string[]>()
  for (const row of tableOf(1)) {
    let field: string | undefined
    for (const token of backticked(row.join(' | '))) {
      if (FIELDS.has(token)) values.set((field = token), [])
      else if (EXAMPLES.has(token)) continue
      else {
        assert.ok(
          ENUM_VALUES.has(token),
          `§1 names \`${token}\`, which is neither a field nor an enum value of src/taxonomy`,
        )
        assert.ok(field, `§1 value \`${token}\` follows no field`)
        values.get(field)!.push(token)
      }
    }
  }
  return values
}

test('§1 lists exactly the values of every enum field of src/taxonomy (§2 the types), and nothing else in backticks', () => {
  const documented = valuesByField()
  for (const [field, values] of Object.entries(ENUM_FIELDS)) {
    // indicator_type's values are §2's rows, checked below.
    if (field === 'indicator_type') continue
    assert.deepEqual(documented.get(field), [...values], `§1 row of ${field}`)
  }
  for (const [field, values] of documented) {
    if (!(field in ENUM_FIELDS))
      assert.deepEqual(values, [], `§1 gives values to ${field}, which has no enum in src/taxonomy`)
  }
})

test('§2 rows are the taxonomy table: the same family/type pairs in the same order, and the same usual aggregation', () => {
  const rows = tableOf(2)
  let family = ''
  const pairs = rows.map(([familyCell, type]) => {
    family = familyCell || family
    return `${family}/${type}`
  })
  assert.deepEqual(
    pairs,
    TYPE_TABLE.map((row) => `${row.family}/${row.type}`),
  )
  assert.deepEqual(Object.keys(TYPES_BY_FAMILY), [...FAMILIES])

  const aggregations = Object.values(ENUM_FIELDS.temporal_aggregation!)
  for (const [, type, , , usual] of rows) {
    // A cell may name special cases after the usual value ("level: point-in-time; events/changes: period-total").
    const first = aggregations
      .map((a) => ({ a, at: usual!.indexOf(a) }))
      .filter((x) => x.at >= 0)
      .sort((x, y) => x.at - y.at)[0]
    assert.equal(
      first?.a,
      USUAL_AGGREGATION[type as keyof typeof USUAL_AGGREGATION],
      `usual temporal of ${type}: "${usual}"`,
    )
  }
  for (const row of rows)
    for (const token of backticked(row.join(' '))) assert.ok(ENUM_VALUES.has(token), `§2 names \`${token}\``)
})

test(
  'docs/TAXONOMY.md mirrors the shared contract apart from its heading note',
  { skip: !existsSync(SHARED) && 'no ../shared beside the repository' },
  () => {
    const withoutNote = DOC.replace(/\n(> [^\n]*\n)+/, '')
    assert.equal(withoutNote, readFileSync(SHARED, 'utf8'))
  },
)
