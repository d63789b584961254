import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyInProcess } from '../../src/pipeline/in-process'
import type { IndicatorInput } from '../../src/taxonomy/index'

// General rules for catalogue styles (issue 9.2), each shown on look-alike titles (not fixture titles), with
// neighbours it must not fire on. [name, units, expected fields]
type Row = [name: string, units: string | undefined, expected: Record<string, unknown>]

const monthly = Array.from({ length: 12 }, (_, i) => ({
  date: new Date(Date.UTC(2024, i + 1, 0)).toISOString().slice(0, 10),
  value: 50 + (i % 3),
}))

const field = (result: unknown, name: string) => (result as Record<string, unknown>)[name]

async function check(rows: Row[]) {
  const inputs: IndicatorInput[] = rows.map(([name, units], i) => ({
    indicator_id: `r${i}`,
    name,
    units,
    periodicity: 'Monthly',
    sample_values: monthly,
  }))
  const results = await classifyInProcess(inputs)
  const wrong = rows.flatMap(([name, units, expected], i) =>
    Object.entries(expected)
      .filter(([key, value]) => field(results[i], key) !== value)
      .map(
        ([key, value]) =>
          `${name} [${units ?? ''}] ${key}: expected ${String(value)}, got ${String(field(results[i], key))}`,
      ),
  )
  assert.deepEqual(wrong, [])
}

test('money per kilowatt-hour is a price; energy in watt-hours stays a volume', () =>
  check([
    [
      'Gas prices for non-household consumers',
      'Euro per kilowatt-hour',
      { indicator_type: 'price', is_currency_denominated: true },
    ],
    ['Retail electricity tariff', 'Cents per kilowatt hour', { indicator_type: 'price' }],
    ['Electricity supplied to the grid', 'Gigawatt-hours', { indicator_type: 'volume' }],
  ]))

test('interest-rate words in catalogue languages make a price of money; other rates do not', () =>
  check([
    [
      'Tasa de interés de referencia a 91 días',
      'Porcentaje anual',
      { indicator_type: 'price', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Taxa de juros - Certificado de Depósito Interbancário', '% a.a.', { indicator_type: 'price' }],
    ['Tasa de desempleo abierto', 'Porcentaje', { indicator_type: 'percentage' }],
  ]))

test('breakeven inflation is a spread of two yields; inflation itself stays a rate', () =>
  check([
    ['5-Year Breakeven Inflation Rate', 'Percent', { indicator_type: 'spread', heat_map_orientation: 'neutral' }],
    ['Inflation rate, consumer prices', 'Percent change', { indicator_type: 'rate' }],
  ]))

test('amounts outstanding are a stock even of net lending; the monthly net flow stays a balance', () =>
  check([
    [
      'Monthly amounts outstanding of banks sterling net lending to households (in sterling millions)',
      undefined,
      { indicator_type: 'stock' },
    ],
    ['Monthly changes of banks sterling net lending to households', 'GBP Million', { indicator_type: 'balance' }],
  ]))

test('bad loans over capital are a ratio; bad loans over all loans a percentage', () =>
  check([
    [
      'Non-performing loans net of provisions to capital',
      'Percent',
      { indicator_type: 'ratio', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Non-performing loans to total gross loans', 'Percent', { indicator_type: 'percentage' }],
  ]))

test('a portfolio split asked in a survey is an allocation; a survey of opinion stays sentiment', () =>
  check([
    ['Investor Asset Allocation Survey: Bonds', '% of portfolio', { indicator_type: 'allocation' }],
    ['Investor Sentiment Survey: Bearish', 'Percent', { indicator_type: 'sentiment' }],
  ]))

test('a trailing place is no subject: an enumerating title keeps its measure', () =>
  check([
    ['Coal and gas share of electricity generation - World', '%', { indicator_type: 'share' }],
    [
      'Government revenue, expenditure and main aggregates - Total general government revenue',
      'Million euro',
      { indicator_type: 'flow' },
    ],
  ]))

test('a count level is a level only when "level" is the measure, and a change in the units is an event', () =>
  check([
    ['Vital statistics at regional level - Deaths', 'Number', { temporal_aggregation: 'period-total' }],
    ['Employees on nonfarm payrolls', 'Change, Thousands of Persons', { temporal_aggregation: 'period-total' }],
    ['Insured unemployment, level', 'Number', { temporal_aggregation: 'point-in-time' }],
  ]))

test('orientation: home-price indices, retail trade, pressure indices, fiscal balances, water access, excluded waste', () =>
  check([
    [
      'S&P CoreLogic Case-Shiller 20-City Composite Home Price Index',
      'Index Jan 2000=100',
      { heat_map_orientation: 'neutral' },
    ],
    ['S&P 500 Equal Weight Index', 'Index', { heat_map_orientation: 'higher-is-positive' }],
    ['Retail trade, volume', 'Percentage change on previous month', { heat_map_orientation: 'higher-is-positive' }],
    [
      'International trade in goods, volume',
      'Percentage change on previous month',
      { heat_map_orientation: 'neutral' },
    ],
    ['Supply chain pressure index', 'Index', { heat_map_orientation: 'lower-is-positive' }],
    ['Cyclically adjusted balance', 'Percent of potential GDP', { heat_map_orientation: 'higher-is-positive' }],
    [
      'People using safely managed sanitation services (% of population)',
      undefined,
      { heat_map_orientation: 'higher-is-positive' },
    ],
    [
      'Turnover in industry (excluding water supply, sewerage, waste management)',
      'Percentage change on previous month',
      { heat_map_orientation: 'higher-is-positive' },
    ],
    ['Municipal waste generated', 'Thousand tonnes', { heat_map_orientation: 'lower-is-positive' }],
    ['Reserve balances with Federal Reserve Banks', 'Millions of Dollars', { heat_map_orientation: 'neutral' }],
    ['Official reserve assets', 'USD Million', { heat_map_orientation: 'higher-is-positive' }],
  ]))

test('a source-style periodicity that says "average of business days" makes a rate period-average', async () => {
  const [avg, plain] = await classifyInProcess([
    {
      indicator_id: 'a',
      name: '6-Month Treasury Bill Secondary Market Rate',
      units: 'Percent',
      periodicity: 'Monthly, average of business days',
      sample_values: monthly,
    },
    {
      indicator_id: 'b',
      name: '6-Month Treasury Bill Secondary Market Rate',
      units: 'Percent',
      periodicity: 'Monthly',
      sample_values: monthly,
    },
  ])
  assert.equal(field(avg, 'temporal_aggregation'), 'period-average')
  assert.equal(field(plain, 'temporal_aggregation'), 'point-in-time')
})

test('a year-to-date growth rate is not cumulative; a year-to-date flow is', async () => {
  const ytd = Array.from({ length: 12 }, (_, i) => ({ date: monthly[i]!.date, value: (i + 1) * 100 }))
  const [rate, flow] = await classifyInProcess([
    {
      indicator_id: 'a',
      name: 'Investment in fixed assets, accumulated growth rate (%)',
      periodicity: 'Monthly',
      sample_values: monthly,
    },
    {
      indicator_id: 'b',
      name: 'Investment in fixed assets, year to date',
      units: 'CNY 100 Million',
      periodicity: 'Monthly',
      sample_values: ytd,
    },
  ])
  assert.equal(field(rate, 'is_cumulative'), false)
  assert.equal(field(rate, 'temporal_aggregation'), 'period-rate')
  assert.equal(field(flow, 'is_cumulative'), true)
})

test('a reference level of 100 written without "=" is an index; a base year still is', () =>
  check([
    [
      'Leading Indicators OECD: Component series: Share prices: Normalised for Japan',
      'Normal 100',
      { indicator_type: 'index' },
    ],
    ['Business climate indicator, amplitude adjusted', 'Long term average = 100', { indicator_type: 'index' }],
    ['Industrial production, manufacturing', 'Index 2021=100', { indicator_type: 'index' }],
  ]))

test('an equity index in currency points is an index; a bare-currency price or an FX quote is not', () =>
  check([
    ['Straits Times Index', 'SGD', { indicator_type: 'index', is_currency_denominated: false }],
    ['Dow Jones Industrial Average', 'USD', { indicator_type: 'index', heat_map_orientation: 'higher-is-positive' }],
    ['Average house price', 'GBP', { indicator_type: 'price' }],
    ['Singapore dollar per US dollar', 'SGD', { indicator_type: 'price', family: 'price-value' }],
  ]))

test('capacity named in units the parser does not read is a capacity; capacity utilisation is not', () =>
  check([
    ['Cement production capacity', 'Mt/yr', { indicator_type: 'capacity', temporal_aggregation: 'point-in-time' }],
    ['Regasification capacity', 'bcm/y', { indicator_type: 'capacity' }],
    ['Hydro power generation', 'MW', { family: 'physical-fundamental' }],
    ['Capacity utilisation in services', 'Percent', { indicator_type: 'percentage' }],
  ]))

test('notes in circulation and credit aggregates are stocks; credit flows are not', () =>
  check([
    [
      'Notes and coin in circulation',
      'GBP millions',
      { indicator_type: 'stock', temporal_aggregation: 'point-in-time' },
    ],
    ['Housing credit, owner-occupiers', 'AUD billions', { indicator_type: 'stock', heat_map_orientation: 'neutral' }],
    ['Net flows of consumer credit', 'GBP millions', { indicator_type: 'balance' }],
    ['Gross new lending to businesses', 'GBP millions', { indicator_type: 'flow' }],
  ]))

test('thresholds in the plural, mean or median income per person, "of potential GDP" behind an outlook database', () =>
  check([
    ['Low-income thresholds - couple with two children', 'Euro', { indicator_type: 'threshold' }],
    [
      'Average equivalised disposable income',
      'EUR',
      { indicator_type: 'ratio', heat_map_orientation: 'higher-is-positive' },
    ],
    ['National income', 'EUR millions', { indicator_type: 'flow' }],
    [
      'OECD Economic Outlook: Government net lending, % of potential GDP',
      'Percent of potential GDP',
      { indicator_type: 'ratio' },
    ],
    ['Consumer outlook survey: general economic situation', 'Balance', { indicator_type: 'sentiment' }],
  ]))

test('provisions against bad loans are a ratio better higher; bad loans over all loans stay a percentage', () =>
  check([
    [
      'Loan-loss provisions to impaired loans',
      'Percent',
      { indicator_type: 'ratio', heat_map_orientation: 'higher-is-positive' },
    ],
    [
      'Impaired loans to gross loans',
      'Percent',
      { indicator_type: 'percentage', heat_map_orientation: 'lower-is-positive' },
    ],
  ]))

test("a central bank's liabilities are neutral; a government's stay a debt", () =>
  check([
    [
      'Central Bank Survey, Liabilities to Central Government',
      'National Currency, Millions',
      { heat_map_orientation: 'neutral' },
    ],
    ['Eurosystem: Liabilities to non-euro area residents in euro', 'EUR millions', { heat_map_orientation: 'neutral' }],
    ['General government total financial liabilities', 'EUR millions', { heat_map_orientation: 'lower-is-positive' }],
  ]))

test('failures, crimes and stoppages are events better fewer; firms counted stay neutral', () =>
  check([
    ['Bank failures', 'Number', { temporal_aggregation: 'period-total', heat_map_orientation: 'lower-is-positive' }],
    [
      'Recorded offences against property',
      'Number',
      { temporal_aggregation: 'period-total', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Mortgage foreclosures started', 'Number', { heat_map_orientation: 'lower-is-positive' }],
    ['Active enterprises', 'Number', { heat_map_orientation: 'neutral' }],
  ]))

test('welfare: prevalence and incidence lower, immunization and skilled care higher, contraceptive prevalence not lower', () =>
  check([
    [
      'Prevalence of diabetes (% of population ages 20 to 79)',
      undefined,
      { heat_map_orientation: 'lower-is-positive' },
    ],
    ['Incidence of malaria (per 1,000 population at risk)', undefined, { heat_map_orientation: 'lower-is-positive' }],
    ['Immunization, DPT (% of children ages 12-23 months)', undefined, { heat_map_orientation: 'higher-is-positive' }],
    [
      'Contraceptive prevalence, any method (% of married women ages 15-49)',
      undefined,
      { heat_map_orientation: 'neutral' },
    ],
    [
      'Adolescents out of school (% of lower secondary school age)',
      undefined,
      { indicator_type: 'percentage', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Firms offering formal training (% of total)', undefined, { indicator_type: 'percentage' }],
  ]))

test('a survey balance expecting more unemployment is better lower; expecting more jobs higher', () =>
  check([
    [
      'Consumer survey: unemployment expectations, next 12 months',
      'Balance',
      { indicator_type: 'sentiment', heat_map_orientation: 'lower-is-positive' },
    ],
    [
      'Consumer survey: employment expectations',
      'Balance',
      { indicator_type: 'sentiment', heat_map_orientation: 'higher-is-positive' },
    ],
  ]))

test('labour, reserves, base money and debt-to-GDP words of es/pt/fr/it/de catalogues', () =>
  check([
    [
      'Desocupados - Total del país',
      'Miles de personas',
      { indicator_type: 'count', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Occupati dipendenti - totale', 'Migliaia', { heat_map_orientation: 'higher-is-positive' }],
    [
      'Réserves de change officielles',
      'Millions EUR',
      { indicator_type: 'stock', heat_map_orientation: 'higher-is-positive' },
    ],
    ['Base monetária restrita', 'R$ milhões', { indicator_type: 'stock', heat_map_orientation: 'neutral' }],
    [
      'Dívida bruta do governo geral (% PIB)',
      '%',
      { indicator_type: 'ratio', heat_map_orientation: 'lower-is-positive' },
    ],
    [
      'Schuldenstand des Staates in % des BIP',
      'Prozent',
      { indicator_type: 'ratio', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Taxa de desocupação', '%', { indicator_type: 'percentage' }],
  ]))

test('a cost of borrowing is an interest rate; a labour cost in % stays a change', () =>
  check([
    [
      'Composite cost of borrowing for non-financial corporations',
      'Percent per annum',
      { indicator_type: 'price', heat_map_orientation: 'lower-is-positive' },
    ],
    ['Unit labour costs', 'Percent', { indicator_type: 'rate' }],
  ]))

test("banks' reserves at the central bank are neutral; a country's reserves stay better higher", () =>
  check([
    ['Excess reserves held by banks', 'EUR millions', { indicator_type: 'stock', heat_map_orientation: 'neutral' }],
    [
      'Official reserve assets',
      'USD millions',
      { indicator_type: 'stock', heat_map_orientation: 'higher-is-positive' },
    ],
  ]))

test('a bare "% of total" is a part of people or events counted, else a share of a composition', () =>
  check([
    ['Deaths among children under five from diarrhoea (% of total)', undefined, { indicator_type: 'percentage' }],
    ['Electricity production from oil sources (% of total)', undefined, { indicator_type: 'share' }],
  ]))

test('a commodity cost named composite stays a price in a bare currency; an equity composite is an index', () =>
  check([
    ['Imported crude oil cost, composite', 'USD', { indicator_type: 'price', is_currency_denominated: true }],
    ['SSE Composite', 'CNY', { indicator_type: 'index' }],
  ]))

test('welfare: low birthweight, adolescent births and child labour are better lower', () =>
  check([
    [
      'Babies with low birth weight (% of births)',
      undefined,
      { indicator_type: 'percentage', heat_map_orientation: 'lower-is-positive' },
    ],
    [
      'Adolescent birth rate (per 1,000 women aged 15-19 years)',
      undefined,
      { heat_map_orientation: 'lower-is-positive' },
    ],
    ['Child labour (% of children ages 5-17)', undefined, { heat_map_orientation: 'lower-is-positive' }],
    ['Employment to population ratio, 15+, total (%)', undefined, { heat_map_orientation: 'higher-is-positive' }],
  ]))

test('units that name only a normalisation or index points hold a constructed index; "Euro area" is no currency', () =>
  check([
    ['Leading indicator, trend restored', 'Amplitude adjusted', { indicator_type: 'index' }],
    ['Labour market conditions indicator - Euro area', 'Standard deviations', { indicator_type: 'index' }],
    ['KOF Konjunkturbarometer', 'Punkte', { indicator_type: 'index' }],
    ['Euro area bank lending, outstanding', 'EUR millions', { indicator_type: 'stock' }],
    ['Euro', 'USD', { indicator_type: 'price', family: 'price-value' }],
  ]))

test('a cost index of goods or labour is a price level; a survey costs sub-index is still better lower', () =>
  check([
    [
      'Building cost index, new dwellings',
      'Index, 2015=100',
      { heat_map_orientation: 'neutral', temporal_aggregation: 'point-in-time' },
    ],
    [
      'Services PMI: input costs',
      'Index',
      { heat_map_orientation: 'lower-is-positive', temporal_aggregation: 'period-average' },
    ],
  ]))

test('a change of an exchange rate is neutral; a change of consumer prices stays better lower', () =>
  check([
    [
      'Real effective exchange rate, CPI-deflated, annual change',
      'Percent change',
      { heat_map_orientation: 'neutral' },
    ],
    ['Consumer price index, annual change', 'Percent change', { heat_map_orientation: 'lower-is-positive' }],
  ]))

test('business creations are events better more; business failures better fewer', () =>
  check([
    [
      'New business formations',
      'Number',
      { temporal_aggregation: 'period-total', heat_map_orientation: 'higher-is-positive' },
    ],
    ['Business failures', 'Number', { heat_map_orientation: 'lower-is-positive' }],
  ]))
