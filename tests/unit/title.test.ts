import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readTitle } from '../../src/normalize/title'
import { normalizeIndicator } from '../../src/pipeline/stages/normalize'

// Look-alike catalogue titles (not fixture titles): [title, subject, unit]
const ROWS: Array<[string, string, string | null]> = [
  ['Rural population (% of total population)', 'Rural population', '% of total population'],
  ['Industry, value added (% of GDP)', 'Industry, value added', '% of GDP'],
  ['Gross national income per capita (constant 2010 US$)', 'Gross national income per capita', 'constant 2010 US$'],
  ['Time required to register property (days)', 'Time required to register property', 'days'],
  ['Hospital beds (per 1,000 people)', 'Hospital beds', 'per 1,000 people'],
  ['Services confidence indicator [balance]', 'Services confidence indicator', 'balance'],
  // a method note after the unit, and one before it
  [
    'Employment in services (% of total employment) (modeled ILO estimate)',
    'Employment in services (modeled ILO estimate)',
    '% of total employment',
  ],
  ['Poverty gap at $3.65 a day (2017 PPP) (%)', 'Poverty gap at $3.65 a day (2017 PPP)', '%'],
  // notes that share the unit's parenthesis stay, scope notes go
  ['Official exchange rate (LCU per US$, end of period)', 'Official exchange rate (end of period)', 'LCU per US$'],
  ['Foreign reserves (excludes gold, current US$)', 'Foreign reserves', 'current US$'],
  // a unit after the last comma or after "in"; a count there is the subject
  ['Gross Debt Position, All instruments, Euros', 'Gross Debt Position, All instruments', 'Euros'],
  ['ETF Holdings of Silver in Tonnes', 'ETF Holdings of Silver', 'Tonnes'],
  ['Inbound tourism, number of visitors', 'Inbound tourism, number of visitors', null],
  ['Money stock (in sterling millions) not seasonally adjusted', 'Money stock', 'in sterling millions'],
  ['Retail sales, total', 'Retail sales, total', null],
  // a unit with its own note in parentheses
  ['Gross inland energy consumption (Terajoule (net calorific value))', 'Gross inland energy consumption', 'Terajoule'],
  [
    'Composite leading indicator (Amplitude adjusted (Long term average=100))',
    'Composite leading indicator',
    'Amplitude adjusted (Long term average=100)',
  ],
  [
    'Labour cost per hour (Current prices (2020), euro per hour)',
    'Labour cost per hour (Current prices (2020))',
    'euro per hour',
  ],
  // the place after "in"/"for" is read past for the unit; a place with no unit before it stays
  [
    'Average Price: Bread, White (Cost per Pound) in U.S. City Average',
    'Average Price: Bread, White',
    'Cost per Pound',
  ],
  ['Retail sales in Germany (EUR million)', 'Retail sales in Germany', 'EUR million'],
  ['Unemployment Rate for United States', 'Unemployment Rate for United States', null],
  ['Spot exchange rate, Swiss franc into Sterling', 'Spot exchange rate', 'Swiss franc into Sterling'],
  ['GDP deflator (base year varies by country)', 'GDP deflator (base year varies by country)', null],
  // a unit after a full stop (INEGI), but not after an abbreviation's; a note after ' - ' in the unit's parenthesis
  ['Balanza de servicios. Ingresos. Millones de dólares', 'Balanza de servicios. Ingresos', 'Millones de dólares'],
  ['Current account balance, U.S. dollars', 'Current account balance', 'U.S. dollars'],
  [
    'Reservas brutas (en millones de dólares - cifras preliminares)',
    'Reservas brutas (cifras preliminares)',
    'en millones de dólares',
  ],
]

test('readTitle takes the unit a title carries and leaves the subject', () => {
  for (const [title, subject, unit] of ROWS) assert.deepEqual(readTitle(title), { subject, unit }, title)
})

test('the title unit stands in for an absent or unreadable units field only', () => {
  const absent = normalizeIndicator({ indicator_id: 'a', name: 'Rural population (% of total population)' })
  assert.equal(absent.name, 'Rural population')
  assert.equal(absent.units.parsed_unit_type, 'percent')
  assert.equal(absent.units.raw, '% of total population')
  assert.ok(absent.units.evidence[0]!.startsWith('units read from the name'))
  const stated = normalizeIndicator({
    indicator_id: 'b',
    name: 'Rural population (% of total population)',
    units: 'Thousand persons',
  })
  assert.equal(stated.name, 'Rural population (% of total population)')
  assert.equal(stated.units.parsed_unit_type, 'count')
})

test('a generic percent beside a change phrase of the title is a percent change', () => {
  const read = (name: string, units: string) =>
    normalizeIndicator({ indicator_id: 'x', name, units }).units.parsed_unit_type
  assert.equal(read('Índice de precios al consumidor. Variación mensual', '%'), 'percent-change')
  assert.equal(read('Producción de cemento. Tasa de variación anual.', 'Tasas'), 'percent-change')
  assert.equal(read('Vendas no varejo - Variação percentual', 'Percentual'), 'percent-change')
  assert.equal(read('Labour force participation rate', '%'), 'percent')
  assert.equal(
    read('Erzeugerpreisindex: Deutschland, Monate - Veränderungsrate zum Vorjahresmonat', '%'),
    'percent-change',
  )
  assert.equal(read('Indice des prix à la consommation - Glissement annuel', '%'), 'percent-change')
  assert.equal(read('Government deficit - Variación anual', '% of GDP'), 'percent')
})

test('"annual rate" in a name beats a base year in the units; "at annual rates" does not', () => {
  const read = (name: string, units: string) =>
    normalizeIndicator({ indicator_id: 'x', name, units }).units.parsed_unit_type
  assert.equal(read('CONSUMER PRICES - ALL ITEMS, ANNUAL RATE', '2015=100'), 'percent-change')
  assert.equal(read('Producer prices: annual rate', 'Index, 2010=100'), 'percent-change')
  assert.equal(read('Housing starts, seasonally adjusted annual rate', 'Index, 2010=100'), 'index')
  assert.equal(read('Producer prices', 'Index, 2010=100'), 'index')
  // a generic percent too, when the name holds the base year that the annual rate beats
  assert.equal(read('RPI ANNUAL RATE 00: ALL ITEMS 1987=100', '%'), 'percent-change')
  assert.equal(read('Mortgage lending, annual rate', '%'), 'percent')
  assert.equal(read('Private investment at annual rates, 2015=100', '%'), 'percent')
})

test('a dataset heading that lists several subjects gives way to the series part after it', () => {
  const subject = (name: string, units = 'EUR Million') => normalizeIndicator({ indicator_id: 'h', name, units }).name
  // look-alike catalogue titles: [title, subject the rules read]
  const rows: Array<[string, string]> = [
    ['Taxes, social contributions and transfers - Total tax receipts', 'Total tax receipts'],
    ['Production, imports and stocks of oil - monthly data - Refinery output', 'monthly data - Refinery output'],
    ['Wages and labour costs by NACE - Hourly labour cost', 'Hourly labour cost'],
    [
      'National Accounts, Expenditure, Gross Fixed Capital Formation, Nominal',
      'Gross Fixed Capital Formation, Nominal',
    ],
    // must not strip: one subject broken down "by ...", a fixed pair, a heading followed only by qualifiers
    ['Unemployment by sex and age - monthly data - Total', 'Unemployment by sex and age - monthly data - Total'],
    ['Exports of goods and services - Volume', 'Exports of goods and services - Volume'],
    [
      'Early leavers from education and training by sex - Females',
      'Early leavers from education and training by sex - Females',
    ],
    ['Imports and exports - Total', 'Imports and exports - Total'],
    ['Retail sales - Food and beverages', 'Retail sales - Food and beverages'],
  ]
  for (const [title, expected] of rows) assert.equal(subject(title), expected, title)
})

test('a quote in the title names the currency that national-currency units leave open', () => {
  const currency = (name: string, units: string) =>
    normalizeIndicator({ indicator_id: 'q', name, units }).units.detected_currency
  assert.equal(
    currency('Exchange rates - Japan - Yen per US dollar, end of period', 'National currency per US dollar'),
    'JPY',
  )
  assert.equal(currency('Exchange rates, Domestic Currency per U.S. Dollar', 'National Currency per US Dollar'), null)
  assert.equal(currency('Broad money - Poland', 'National currency, billions'), null)
})
