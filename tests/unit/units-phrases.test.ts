import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseUnits } from '../../src/normalize/units'
import type { ParsedUnitType } from '../../src/taxonomy/index'

// Look-alike unit strings (not fixture units): [units, type, multiplier, raw the rules read]
const ROWS: Array<[string, ParsedUnitType, number, string?]> = [
  ['Percent of gross domestic product', 'percent', 1, '% of GDP'],
  ['Percentage of gross national income (GNI)', 'percent', 1, '% of GNI'],
  ['Per cent of potential gross domestic product', 'percent', 1, '% of potential GDP'],
  ['Pure number', 'ratio', 1],
  ['Corresponding period of previous year = 100', 'percent-change', 1],
  ['Previous quarter=100', 'percent-change', 1],
  ['Same period last year = 100', 'percent-change', 1],
  ['Index, trend = 100', 'index', 1],
  ['Amplitude adjusted, normal=100', 'index', 1],
  ['Millones de pesos', 'currency-amount', 1e6, 'millions of pesos'],
  ['Mil millones de dólares', 'currency-amount', 1e9, 'billions of dolares'],
  ['Tsd. Personen', 'count', 1e3],
  ['Mrd. EUR', 'currency-amount', 1e9],
  ['Porcentaje del PIB', 'percent', 1],
  // BPS writes percent in Indonesian: "Tingkat Pengangguran Terbuka (Persen)".
  ['Persen', 'percent', 1, 'percent'],
  // Nordic percent, an index's base year alone, the Norwegian twelve-month change
  ['Prosent', 'percent', 1],
  ['Base 2020', 'index', 1],
  ['3-måneders endring', 'percent-change', 1],
  // Spanish/Portuguese "por" and BCB's "u.m.c."; Spanish and Turkish money words
  ['S/ por US$', 'ratio', 1],
  ['u.m.c./US$', 'ratio', 1],
  ['en miles de dólares estadounidenses', 'currency-amount', 1e3],
  ['Milyon ABD Doları', 'currency-amount', 1e6],
  // Chinese, Japanese and Russian units
  ['万元', 'currency-amount', 1e4],
  ['元/千克', 'currency-per-unit', 1],
  ['百万円', 'currency-amount', 1e6],
  ['万千瓦', 'physical', 1e4],
  ['亿平方米', 'physical', 1e8],
  ['млн руб.', 'currency-amount', 1e6],
  ['Índice (2018=100)', 'index', 1],
  ['Miles', 'unknown', 1],
  ['Net balance', 'percent', 1, '% balance of opinion'],
  ["Solde d'opinion", 'percent', 1, '% balance of opinion'],
  ['Balance of payments', 'unknown', 1],
  // a cost or price per unit is money per unit; "into" divides like "per"; "Cost of living" is no unit
  ['Cost per Pound', 'currency-per-unit', 1, 'national currency per Pound'],
  ['Price per tonne', 'currency-per-unit', 1, 'national currency per tonne'],
  ['Cost of living', 'unknown', 1],
  ['Euro into US dollar', 'ratio', 1],
  ['Veränderungsrate zum Vorjahresmonat, %', 'percent-change', 1],
  ['Glissement annuel, %', 'percent-change', 1],
  ['Taxa trimestral, %', 'percent-change', 1],
  ['Tasa interanual, %', 'percent-change', 1],
  ['Tasa de paro', 'unknown', 1],
  ['Variazione percentuale, %', 'percent-change', 1],
  // French, Italian, Portuguese and German scale and count words; the English "miles" stays a distance
  ['Milliers', 'count', 1e3],
  ['Migliaia', 'count', 1e3],
  ['Tausend Personen', 'count', 1e3],
  ['Numero', 'count', 1],
  ['Nombre', 'count', 1],
  ['Numero di addetti per impresa', 'unknown', 1],
  // OECD growth phrases name the base period without the word "change"
  ['Growth on the same period of the previous year', 'percent-change', 1],
  ['Growth rate previous period, s.a.', 'percent-change', 1],
  ['Growth over the corresponding quarter', 'percent-change', 1],
  ['Growth', 'unknown', 1],
]

test('unit phrases in words and catalogue languages read as their symbols', () => {
  for (const [units, type, multiplier, raw] of ROWS) {
    const p = parseUnits(units)
    assert.equal(p.parsed_unit_type, type, units)
    assert.equal(p.scale_multiplier, multiplier, units)
    if (raw) assert.equal(p.raw, raw, units)
  }
})
