import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defaultTypeOf, FAMILIES, INDICATOR_TYPES, TYPE_TABLE } from '../../src/taxonomy/index'

test('the taxonomy table names each type once and gives every family at least one type', () => {
  assert.equal(new Set(INDICATOR_TYPES).size, TYPE_TABLE.length)
  for (const family of FAMILIES)
    assert.ok(
      TYPE_TABLE.some((row) => row.family === family),
      family,
    )
})

test('every family has exactly one default type, and each unit type picks at most one member of a family', () => {
  for (const family of FAMILIES) {
    const rows = TYPE_TABLE.filter((row) => row.family === family)
    assert.equal(rows.filter((row) => 'family_default' in row).length, 1, `${family} defaults`)
    const units = rows.flatMap((row) => ('default_for_units' in row ? row.default_for_units : []))
    assert.equal(new Set(units).size, units.length, `${family} default_for_units`)
  }
})

test('a family falls back to the member its units name, else to its default', () => {
  assert.equal(defaultTypeOf('temporal', 'percent'), 'probability')
  assert.equal(defaultTypeOf('temporal', 'index'), 'duration')
  assert.equal(defaultTypeOf('physical-fundamental', 'count'), 'volume')
  assert.equal(defaultTypeOf('numeric-measurement', 'count'), 'count')
})
