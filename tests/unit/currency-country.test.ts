import assert from 'node:assert/strict'
import { test } from 'node:test'
import { resolveSharedCurrency, withoutPppDollar } from '../../src/normalize/currency-country'
import { parseUnits } from '../../src/normalize/units'

// Look-alike titles (not fixture titles): [units, title, detected currency]
const ROWS: Array<[string, string, string | null]> = [
  ['Millions of Dollars', 'Total Construction Spending', 'USD'],
  ['$/short ton', 'Coal price, Central Appalachia', 'USD'],
  ['Dollars', 'Average weekly earnings; Australia; Total', 'AUD'],
  ['Cents per kilowatt-hour', 'Average retail electricity price; Canada', 'CAD'],
  ['Millones de pesos', 'Ingresos presupuestarios de Colombia', 'COP'],
  ['Miles de dólares', 'Exportaciones de Chile', 'USD'],
  ['Billions of yen', 'Machinery orders, Japan', 'JPY'],
  ['Purchasing power parity; international dollars', 'GNI per capita, PPP', null],
  ['Rupees', 'Average daily wage', null],
  ['National currency, Millions', 'General government revenue, Canada', null],
  ['USD Million', 'Exports of Canada', 'USD'],
  // a title in capitals names its country too; a short code stays a code
  ['Cents per litre', 'AVERAGE RETAIL PRICES FOR DIESEL; CANADA; SELF SERVICE', 'CAD'],
  ['Dollars', 'RETAIL TRADE; AUSTRALIA; TOTAL', 'AUD'],
  ['Dollars', 'EXPORTS TO THE US', 'USD'],
  // a cost per unit with no currency written is the money of the place the title names, and no guess without one
  ['Cost per Pound', 'Average Price: Coffee, 100%, Ground Roast in U.S. City Average', 'USD'],
  ['Price per kilogram', 'Average retail price of beef; Canada', 'CAD'],
  ['Cost per Dozen', 'Average price of eggs', null],
  ['National currency per US dollar', 'Exchange rate, United States dollar', null],
]

// Look-alike series: [units, title, source, detected currency]. With no country in the title, the publisher's; its
// demonym counts only in the source ("Coal, Australian" is where the coal comes from).
const SOURCE_ROWS: Array<[string, string, string, string | null]> = [
  ['$ Millions', 'Household saving: Current prices ;', 'Australian Bureau of Statistics', 'AUD'],
  ['$(millions)', 'Wholesale trade sales - Total', 'Stats NZ', 'NZD'],
  ['Millones de pesos', 'Base monetaria', 'Banco de México', 'MXN'],
  ['Millones de dólares', 'Exportaciones de bienes', 'Banco de México', 'USD'],
  ['$/mt', 'Iron ore, Australian', 'World Bank', 'USD'],
  ['Dollars', 'Retail sales; Canada', 'Australian Bureau of Statistics', 'CAD'],
]

test('with no country in the title, a shared currency word takes the currency of the country of the source', () => {
  for (const [units, title, source, code] of SOURCE_ROWS) {
    const read = resolveSharedCurrency(parseUnits(units), title, source)
    assert.equal(read.detected_currency, code, `${units} | ${title} | ${source}`)
  }
})

test('a shared currency word takes the currency of the country the title names, else a dollar is USD', () => {
  for (const [units, title, code] of ROWS) {
    assert.equal(resolveSharedCurrency(parseUnits(units), title).detected_currency, code, `${units} | ${title}`)
  }
})

// Look-alike titles again: [units, title, detected currency] once PPP-converted money is read as international money.
const PPP_ROWS: Array<[string, string, string | null]> = [
  ['US dollars, PPP converted', 'Median household income', null],
  ['USD', 'GDP per Capita PPP', null],
  ['USD per day (2011 PPP)', 'Poverty line', null],
  ['Millions of 2015 U.S. Dollars', 'Real GDP at chained PPPs', null],
  ['Euro', 'Mean income in PPP terms', null],
  // not money, or no PPP: left alone
  ['Euro per US dollar', 'Purchasing power parities for GDP', 'EUR'],
  ['Percent', 'Poverty headcount ratio at $3.00 a day (2021 PPP)', null],
  ['USD Million', 'Exports of goods', 'USD'],
]

test('money the units or the title call PPP-converted is international money: code null, still money', () => {
  for (const [units, title, code] of PPP_ROWS) {
    const read = withoutPppDollar(resolveSharedCurrency(parseUnits(units), title), title)
    assert.equal(read.detected_currency, code, `${units} | ${title}`)
  }
  assert.equal(withoutPppDollar(parseUnits('US dollars, PPP converted'), '').currency_kind, 'word')
})
