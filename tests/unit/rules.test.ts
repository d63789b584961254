import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseUnits, type ParsedUnits } from '../../src/normalize/units'
import { stageProbability } from '../../src/rules/calibration'
import { familyFeatures } from '../../src/rules/calibration-features'
import {
  checkInvariants,
  decideFamily,
  decideType,
  enforceInvariants,
  type FinalFields,
  type RulesInput,
} from '../../src/rules/index'
import {
  CUMULATIVE_PATTERNS,
  FAMILIES,
  HEAT_MAP_ORIENTATIONS,
  INDICATOR_TYPES,
  PARSED_UNIT_TYPES,
  REPORTING_FREQUENCIES,
  SCALES,
  TEMPORAL_AGGREGATIONS,
  TIME_BASES,
  timeBasisOf,
  typeBelongsToFamily,
  type CumulativePattern,
  type Family,
  type HeatMapOrientation,
  type IndicatorType,
  type TemporalAggregation,
} from '../../src/taxonomy/index'

function input(name: string, units: string, extra: Partial<RulesInput> = {}): RulesInput {
  return {
    name,
    units: parseUnits(units),
    reporting_frequency: 'monthly',
    is_cumulative: false,
    cumulative_pattern: 'none',
    ...extra,
  }
}

const ytd = { is_cumulative: true, cumulative_pattern: 'ytd' as CumulativePattern }

// One row per TAXONOMY §3 convention (and the §2 examples they lean on), with names other than the labelled fixture's.
// [name, units, family, type, temporal_aggregation, orientation, is_currency_denominated, extra input]
type Row = [
  string,
  string,
  Family,
  IndicatorType,
  TemporalAggregation,
  HeatMapOrientation,
  boolean,
  Partial<RulesInput>?,
]
const HARD_CASES: Row[] = [
  // units win over names
  ['Industrial Production', '%', 'change-movement', 'rate', 'period-rate', 'higher-is-positive', false],
  ['Industrial Production', 'points', 'composite-derived', 'index', 'point-in-time', 'higher-is-positive', false],
  ['Industrial Production', 'USD Million', 'physical-fundamental', 'flow', 'period-total', 'higher-is-positive', true],
  ['Manufacturing Production', 'Percent change', 'change-movement', 'rate', 'period-rate', 'higher-is-positive', false],
  // FX rates and commodity prices
  ['USD/ZAR Exchange Rate', 'ZAR', 'price-value', 'price', 'point-in-time', 'neutral', false],
  ['Indian Rupee', 'INR', 'price-value', 'price', 'point-in-time', 'neutral', false],
  ['Coffee Arabica', 'USD/Lbs', 'price-value', 'price', 'point-in-time', 'neutral', true],
  ['Silver', 'USD', 'price-value', 'price', 'point-in-time', 'neutral', true],
  // interest rates and yields
  ['Central Bank Policy Rate', '%', 'price-value', 'price', 'point-in-time', 'lower-is-positive', false],
  ['Overnight Interbank Rate', '%', 'price-value', 'price', 'point-in-time', 'lower-is-positive', false],
  ['SONIA', '%', 'price-value', 'price', 'point-in-time', 'lower-is-positive', false],
  ['Spain 10Y Bond Yield', '%', 'price-value', 'yield', 'point-in-time', 'neutral', false],
  // inflation and price changes
  ['Core Inflation Rate YoY', '%', 'change-movement', 'rate', 'period-rate', 'lower-is-positive', false],
  ['Import Price Index', '%', 'change-movement', 'rate', 'period-rate', 'lower-is-positive', false],
  // labour rates
  ['Unemployment Rate', '%', 'numeric-measurement', 'percentage', 'not-applicable', 'lower-is-positive', false],
  ['Employment Rate', '%', 'numeric-measurement', 'percentage', 'not-applicable', 'higher-is-positive', false],
  [
    'Labour Force Participation Rate',
    '%',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  // X to GDP, per capita, per 1000 people
  ['Public Debt to GDP', '% of GDP', 'numeric-measurement', 'ratio', 'not-applicable', 'lower-is-positive', false],
  ['Government Spending to GDP', '% of GDP', 'numeric-measurement', 'ratio', 'not-applicable', 'neutral', false],
  [
    'Construction, value added (% of GDP)',
    '% of GDP',
    'numeric-measurement',
    'share',
    'not-applicable',
    'neutral',
    false,
  ],
  [
    'GNI per capita (current US$)',
    'current US$',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
  [
    'Nurses and midwives (per 1,000 people)',
    'per 1,000 people',
    'numeric-measurement',
    'ratio',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  // price index levels
  ['Core Consumer Prices', 'points', 'composite-derived', 'index', 'point-in-time', 'neutral', false],
  ['Producer Price Index', 'Index 2015=100', 'composite-derived', 'index', 'point-in-time', 'neutral', false],
  // survey outlooks vs constructed indices
  [
    'Tankan Small Manufacturers Outlook',
    'points',
    'qualitative',
    'sentiment',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  ['Services PMI', 'points', 'composite-derived', 'index', 'point-in-time', 'higher-is-positive', false],
  ['Business Confidence', 'points', 'composite-derived', 'index', 'point-in-time', 'higher-is-positive', false],
  [
    'Manufacturing PMI Input Prices',
    'points',
    'composite-derived',
    'index',
    'period-average',
    'lower-is-positive',
    false,
  ],
  // net changes of counts; goods vs people
  ['ADP Employment Change', 'Thousand', 'numeric-measurement', 'count', 'period-total', 'higher-is-positive', false],
  ['Claimant Count Change', 'Thousand', 'numeric-measurement', 'count', 'period-total', 'lower-is-positive', false],
  ['Housing Starts', 'Thousand units', 'physical-fundamental', 'volume', 'period-total', 'higher-is-positive', false],
  ['Light Truck Sales', 'Million units', 'physical-fundamental', 'volume', 'period-total', 'higher-is-positive', false],
  ['Visitor Arrivals', 'Persons', 'numeric-measurement', 'count', 'period-total', 'higher-is-positive', false],
  // reserves, debt, balances
  [
    'Foreign Exchange Reserves',
    'USD Billion',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'higher-is-positive',
    true,
  ],
  ['Government Debt', 'EUR Billion', 'physical-fundamental', 'stock', 'point-in-time', 'lower-is-positive', true],
  ['Balance of Trade', 'EUR Million', 'physical-fundamental', 'balance', 'period-total', 'neutral', true],
  ['Current Account', 'USD Million', 'physical-fundamental', 'balance', 'period-total', 'neutral', true],
  // physical flows per day; "monthly average"
  ['Crude Oil Production', 'BBL/D/1K', 'physical-fundamental', 'volume', 'period-average', 'higher-is-positive', false],
  ['Natural Gas Output', 'mcm/d', 'physical-fundamental', 'volume', 'period-average', 'higher-is-positive', false],
  ['WTI crude, monthly average', 'USD/Barrel', 'price-value', 'price', 'period-average', 'neutral', true],
  // year-to-date by name or by values; "cumulative" capacity is a level
  [
    'Fixed Asset Investment YTD',
    'CNY Hundred Million',
    'physical-fundamental',
    'flow',
    'period-cumulative',
    'higher-is-positive',
    true,
    ytd,
  ],
  [
    'Government Revenues',
    'IDR Trillion',
    'physical-fundamental',
    'flow',
    'period-cumulative',
    'higher-is-positive',
    true,
    ytd,
  ],
  [
    'Cumulative installed wind capacity',
    'GW',
    'physical-fundamental',
    'capacity',
    'point-in-time',
    'neutral',
    false,
    ytd,
  ],
  // the rest of §2
  ['CBOE Volatility Index', 'Index', 'change-movement', 'volatility', 'point-in-time', 'lower-is-positive', false],
  ['Output Gap', '% of potential GDP', 'change-movement', 'gap', 'point-in-time', 'neutral', false],
  ['Recession Probability', '%', 'temporal', 'probability', 'point-in-time', 'lower-is-positive', false],
  ['National poverty line', 'USD per day', 'temporal', 'threshold', 'point-in-time', 'neutral', true],
  ['Average Duration of Unemployment', 'Weeks', 'temporal', 'duration', 'period-average', 'lower-is-positive', false],
  ['Endowment equity allocation', '% of portfolio', 'qualitative', 'allocation', 'point-in-time', 'neutral', false],
  ['Stock-bond correlation', 'coefficient', 'composite-derived', 'correlation', 'not-applicable', 'neutral', false],
  ['Credit Default Swap Spread', 'bps', 'numeric-measurement', 'spread', 'not-applicable', 'lower-is-positive', false],
]

// TAXONOMY §3 "Catalogue styles beyond one vendor" and the failure shapes, on look-alike titles (none is a fixture title).
const catalogueMonthlyAverage = { description: 'Monthly average of daily closing prices.' }
const CATALOGUE_CASES: Row[] = [
  // long-term and government bond rates are yields; policy and money-market rates stay prices
  [
    'Long-term interest rate on 10-year government bonds',
    'Percent per annum',
    'price-value',
    'yield',
    'point-in-time',
    'neutral',
    false,
  ],
  ['Government Securities, 5-year', 'Per cent', 'price-value', 'yield', 'point-in-time', 'neutral', false],
  ['Long-term interest rates', '', 'price-value', 'yield', 'point-in-time', 'neutral', false],
  [
    'Commercial paper, 1-month, financial',
    'Percent:_Per_Year',
    'price-value',
    'price',
    'point-in-time',
    'lower-is-positive',
    false,
  ],
  // bad-loan ratios are percentages (lower); a ratio in % is not a change
  [
    'Nonperforming loans to gross loans',
    '%',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  [
    'Delinquency rate on auto loans',
    'Percent',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  [
    'Debt service ratio of households',
    'Per cent',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  // over GDP in words; stocks and positions are ratios even beside an output word; credit over GDP is a debt ratio
  [
    'Household credit, private non-financial sector',
    'Percentage of gross domestic product (GDP)',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Industry, value added (% of GDP)', '', 'numeric-measurement', 'share', 'not-applicable', 'neutral', false],
  // cover in days, weeks or months is a ratio, not a duration
  [
    'Weeks of supply of distillate fuel',
    'Number of weeks',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'neutral',
    false,
  ],
  [
    "Existing homes for sale, months' supply",
    'Months',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'neutral',
    false,
  ],
  // a change quoted as an index of the previous period
  [
    'Retail sales volume (previous year = 100)',
    '',
    'change-movement',
    'rate',
    'period-rate',
    'higher-is-positive',
    false,
  ],
  [
    'Consumer prices, corresponding month of previous year = 100',
    'Index',
    'change-movement',
    'rate',
    'period-rate',
    'lower-is-positive',
    false,
  ],
  // survey balances and normalised indices in units the parser leaves unknown
  [
    'Retail trade survey: expected business situation',
    'Balance',
    'qualitative',
    'sentiment',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Household opinion on future living standards',
    "Solde d'opinion",
    'qualitative',
    'sentiment',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Services Confidence Indicator',
    '[balance]',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Composite leading indicator, amplitude adjusted',
    'Normalised (Normal=100)',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Industry survey: rate of capacity utilisation',
    'Percentage',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  // money per unit of input
  [
    'Nominal labour productivity per hour worked',
    'Euro per hour worked',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
  // welfare outcomes by meaning
  [
    'Gini coefficient of disposable income',
    'Coefficient',
    'composite-derived',
    'index',
    'point-in-time',
    'lower-is-positive',
    false,
  ],
  [
    'Maternal mortality ratio (per 100,000 live births)',
    'per 100,000 live births',
    'numeric-measurement',
    'ratio',
    'point-in-time',
    'lower-is-positive',
    false,
  ],
  [
    'Literacy rate, adult total',
    '%',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  [
    'Access to electricity, rural',
    '% of rural population',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  [
    'Relative poverty rate, working-age population',
    'Ratio',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  // averages named after a separator or told by the description; a change stays period-rate
  [
    'Overnight call rate, average',
    'percent per annum',
    'price-value',
    'price',
    'period-average',
    'lower-is-positive',
    false,
  ],
  [
    'Copper, LME spot',
    'USD per tonne',
    'price-value',
    'price',
    'period-average',
    'neutral',
    true,
    catalogueMonthlyAverage,
  ],
  [
    'Monthly average effective exchange rate index',
    'Index, 2010=100',
    'composite-derived',
    'index',
    'period-average',
    'neutral',
    false,
  ],
  [
    'Inflation, average consumer prices',
    'Percent change',
    'change-movement',
    'rate',
    'period-rate',
    'lower-is-positive',
    false,
  ],
  // the gross side of an account is a flow; a balance-of-payments title can still end in a balance
  [
    'Current account, primary income, credit',
    'USD Million',
    'physical-fundamental',
    'flow',
    'period-total',
    'higher-is-positive',
    true,
  ],
  [
    'Balance of payments - financial account: Balance',
    'EUR Million',
    'physical-fundamental',
    'balance',
    'period-total',
    'neutral',
    true,
  ],
  [
    'Flow of Funds - Nonfinancial corporations; Loans; Liabilities, Amounts outstanding',
    '100 million yen',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'lower-is-positive',
    true,
  ],
  // exchange margins are required levels
  ['COMEX Gold futures: initial margin', 'USD per contract', 'temporal', 'threshold', 'point-in-time', 'neutral', true],
  // labour names: a rate word makes a percentage; without one, people are counted
  ['Labour force, female', '', 'numeric-measurement', 'count', 'point-in-time', 'neutral', false],
  ['Tasa de desempleo', '%', 'numeric-measurement', 'percentage', 'not-applicable', 'lower-is-positive', false],
  // index orientation by subject; valuation "at constant prices" is not inflation
  [
    'Main board stock market index',
    'Index',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  ['Dry bulk freight index', 'Index', 'composite-derived', 'index', 'point-in-time', 'neutral', false],
  [
    'Gross value added at constant prices',
    'Percent change',
    'change-movement',
    'rate',
    'period-rate',
    'higher-is-positive',
    false,
  ],
  ['IPC - variación mensual', '%', 'change-movement', 'rate', 'period-rate', 'lower-is-positive', false],
  [
    'Currency composition of official reserves: euro',
    'Percent',
    'qualitative',
    'allocation',
    'point-in-time',
    'neutral',
    false,
  ],
  [
    'World equity total return, annual',
    'Percent',
    'change-movement',
    'rate',
    'period-rate',
    'higher-is-positive',
    false,
  ],
  // a named indicator in "Pure number" is an index, not a count
  [
    'Composite indicator of systemic stress',
    'Pure number',
    'composite-derived',
    'index',
    'point-in-time',
    'lower-is-positive',
    false,
  ],
  // capacity quoted in power or per calendar day; energy in watt-hours is a volume
  ['Utility-scale solar PV', 'MW', 'physical-fundamental', 'capacity', 'point-in-time', 'neutral', false],
  [
    'Atmospheric crude distillation, operable',
    'Barrels per Calendar Day',
    'physical-fundamental',
    'capacity',
    'point-in-time',
    'neutral',
    false,
  ],
  [
    'Net electricity production, hydro',
    'Gigawatt-hours',
    'physical-fundamental',
    'volume',
    'period-total',
    'higher-is-positive',
    false,
  ],
  // money accumulated over the year is a flow even under a stock word; net financial transactions are balances
  [
    'New yuan loans, year-to-date',
    'CNY 100 million',
    'physical-fundamental',
    'flow',
    'period-cumulative',
    'neutral',
    true,
    ytd,
  ],
  [
    'Nonfinancial business; corporate bonds; liability, Transactions',
    'Millions of dollars',
    'physical-fundamental',
    'balance',
    'period-total',
    'neutral',
    true,
  ],
  ['FDI flows - Outward', 'US dollars, millions', 'physical-fundamental', 'balance', 'period-total', 'neutral', true],
  // regulatory buffers are thresholds; policy-rate targets stay interest rates
  ['Countercyclical capital buffer rate', 'Percent', 'temporal', 'threshold', 'point-in-time', 'neutral', false],
  ['Policy rate target, upper bound', 'Percent', 'price-value', 'price', 'point-in-time', 'lower-is-positive', false],
  // a stock-market index is an index, not a stock; shares traded are a flow; an average of a stock stays a stock
  [
    'Madrid Stock Exchange General Composite',
    '',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Stocks traded, total value',
    'current US$',
    'physical-fundamental',
    'flow',
    'period-total',
    'higher-is-positive',
    true,
  ],
  [
    'Average amounts outstanding of bank deposits',
    'EUR Million',
    'physical-fundamental',
    'stock',
    'period-average',
    'neutral',
    true,
  ],
  // a base of 100 written in the name when the units are unreadable
  [
    'Producción industrial (Base: promedio de 2018 = 100)',
    'Número índice',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
]

// "% of X": a part of the people, a share of the subject's own kind, else a ratio; never a change.
const PERCENT_OF_CASES: Row[] = [
  ['Food exports', '% of merchandise exports', 'numeric-measurement', 'share', 'not-applicable', 'neutral', false],
  [
    'Fuel imports',
    'Percent of merchandise imports',
    'numeric-measurement',
    'share',
    'not-applicable',
    'neutral',
    false,
  ],
  ['Interest payments', '% of revenue', 'numeric-measurement', 'ratio', 'not-applicable', 'lower-is-positive', false],
  [
    'Total reserves',
    '% of total external debt',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  [
    'Rural population',
    '% of total population',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'neutral',
    false,
  ],
  [
    'Vulnerable employment, total',
    '% of total employment',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  // must not fire: a change of the same subject, and a total that is no kind
  ['Exports', '% change on previous year', 'change-movement', 'rate', 'period-rate', 'neutral', false],
  ['Retail sales', '%', 'change-movement', 'rate', 'period-rate', 'higher-is-positive', false],
]

// Orientation by the numerator, by the signed balance, by what is per head, and for burdens and money aggregates.
const ORIENTATION_CASES: Row[] = [
  [
    'Housing cost overburden rate',
    'Percentage',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'neutral',
    false,
  ],
  ['Labour cost growth rate', 'Percentage', 'change-movement', 'rate', 'period-rate', 'lower-is-positive', false],
  ['Current account, goods, debit', 'Million euro', 'physical-fundamental', 'flow', 'period-total', 'neutral', true],
  ['Caixin Manufacturing PMI', '%', 'composite-derived', 'index', 'point-in-time', 'higher-is-positive', false],
  ['Manufacturing PMI, change', '%', 'change-movement', 'rate', 'period-rate', 'higher-is-positive', false],
  [
    'Tasa de desocupación urbana',
    'Porcentaje',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Silver market capitalization', 'USD', 'physical-fundamental', 'stock', 'point-in-time', 'neutral', true],
  ['Silver', 'USD', 'price-value', 'price', 'point-in-time', 'neutral', true],
  // a debt or balance in a plain percent is a ratio; with a change word it stays a change
  [
    'General government gross debt',
    'Per cent',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Public debt, annual growth', 'Per cent', 'change-movement', 'rate', 'period-rate', 'higher-is-positive', false],
  [
    'Loans overdue more than 90 days, share of total',
    '%',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  // pay per employee is money per unit of input; pay per hour is a wage
  [
    'Compensation per employee',
    'National currency',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
  [
    'Average hourly wages in manufacturing',
    'Dollars per Hour',
    'price-value',
    'price',
    'point-in-time',
    'higher-is-positive',
    true,
  ],
  // confidence indicators built from balances are indices; a plain opinion balance is a sentiment
  [
    'Retail confidence indicator',
    'Balance',
    'composite-derived',
    'index',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Consumer survey: expected financial situation',
    '[Balance]',
    'qualitative',
    'sentiment',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'Households; corporate equities; asset, Level',
    'Millions of dollars',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'neutral',
    true,
  ],
  [
    'Households; corporate equities; asset, Transactions',
    'Millions of dollars',
    'physical-fundamental',
    'balance',
    'period-total',
    'neutral',
    true,
  ],
  [
    'Return on assets, Percent',
    'Percent',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  [
    'MSCI Emerging Markets annual total return',
    '%',
    'change-movement',
    'rate',
    'period-rate',
    'higher-is-positive',
    false,
  ],
  [
    'At-risk-of-poverty rate by poverty threshold',
    'Percentage',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Inflation target', 'Percent', 'temporal', 'threshold', 'point-in-time', 'neutral', false],
  [
    'National poverty line',
    'Local currency per person per month',
    'temporal',
    'threshold',
    'point-in-time',
    'neutral',
    true,
  ],
  [
    'Health expenditure per person',
    'Local currency per person',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
  [
    'Poverty gap at $3.65 a day',
    '%',
    'numeric-measurement',
    'percentage',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Output gap', '% of potential GDP', 'change-movement', 'gap', 'point-in-time', 'neutral', false],
  ['Pharmacists', 'per million people', 'numeric-measurement', 'ratio', 'point-in-time', 'higher-is-positive', false],
  [
    'Erzeugerpreise gewerblicher Produkte',
    'Index, 2021=100',
    'composite-derived',
    'index',
    'point-in-time',
    'neutral',
    false,
  ],
  [
    'Mean equivalised disposable income',
    'EUR',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
  [
    'Household disposable income',
    'EUR Million',
    'physical-fundamental',
    'flow',
    'period-total',
    'higher-is-positive',
    true,
  ],
  ['Control of Corruption: Estimate', '', 'composite-derived', 'index', 'point-in-time', 'higher-is-positive', false],
  ['Corruption Rank', '', 'composite-derived', 'index', 'point-in-time', 'lower-is-positive', false],
  ['Crude death rate', 'Rate', 'numeric-measurement', 'ratio', 'point-in-time', 'lower-is-positive', false],
  ['Crude birth rate', '%', 'numeric-measurement', 'percentage', 'not-applicable', 'neutral', false],
  // a level measure part outweighs change words earlier in a hierarchical title; a facility named alone is a rate
  [
    'Marginal lending facility - date of changes - Level',
    'Percent per annum',
    'price-value',
    'price',
    'point-in-time',
    'lower-is-positive',
    false,
  ],
  [
    'Marginal lending facility - date of changes',
    'Percent per annum',
    'change-movement',
    'rate',
    'period-rate',
    'neutral',
    false,
  ],
  [
    'Foreign exchange assets',
    'In CHF millions',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'higher-is-positive',
    true,
  ],
  [
    'Liquid assets to deposits and short-term funding',
    'Percent',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  ['Debt to equity', 'Percent', 'numeric-measurement', 'ratio', 'not-applicable', 'lower-is-positive', false],
  [
    'Private credit by deposit money banks',
    '% of GDP',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  [
    'General government deficit/surplus',
    '% of GDP',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    false,
  ],
  [
    'General government deficit',
    '% of GDP',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  [
    'Broad money (M4), amounts outstanding',
    'GBP Million',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'neutral',
    true,
  ],
  [
    'Total liabilities of the general government',
    'EUR Million',
    'physical-fundamental',
    'stock',
    'point-in-time',
    'lower-is-positive',
    true,
  ],
  ['Cost to import, documentary compliance', 'US$', 'price-value', 'price', 'point-in-time', 'lower-is-positive', true],
  ['Retail price of rice', 'US$', 'price-value', 'price', 'point-in-time', 'neutral', true],
  [
    'CO2 emissions',
    'metric tons per capita',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'lower-is-positive',
    false,
  ],
  ['Electric power consumption', 'kWh per capita', 'numeric-measurement', 'ratio', 'not-applicable', 'neutral', false],
  // a level per N people is read at a moment
  [
    'Nurses and midwives',
    'per 1,000 people',
    'numeric-measurement',
    'ratio',
    'point-in-time',
    'higher-is-positive',
    false,
  ],
  [
    'GNI per capita, Atlas method',
    'current US$',
    'numeric-measurement',
    'ratio',
    'not-applicable',
    'higher-is-positive',
    true,
  ],
]

for (const [name, units, family, type, aggregation, orientation, currency, extra] of [
  ...HARD_CASES,
  ...CATALOGUE_CASES,
  ...PERCENT_OF_CASES,
  ...ORIENTATION_CASES,
]) {
  test(`§3 ${name} [${units}] → ${family}/${type}`, () => {
    const i = input(name, units, extra)
    const f = decideFamily(i)
    assert.equal(f.value, family, f.reason)
    const d = decideType(i, f.value)
    assert.equal(d.indicator_type.value, type, d.indicator_type.reason)
    assert.equal(d.temporal_aggregation.value, aggregation, d.temporal_aggregation.reason)
    assert.equal(d.heat_map_orientation.value, orientation, d.heat_map_orientation.reason)
    assert.equal(d.is_currency_denominated.value, currency, d.is_currency_denominated.reason)
    assert.ok(f.reason.includes(f.rule), 'the reason names the rule that fired')
  })
}

test('decideType honours a family chosen elsewhere (an LLM) and stays inside it', () => {
  const d = decideType(input('Industrial Production', '%'), 'composite-derived')
  assert.equal(d.indicator_type.value, 'index')
  const fx = decideType(input('EUR/USD Exchange Rate', 'USD'), 'physical-fundamental')
  assert.ok(typeBelongsToFamily('physical-fundamental', fx.indicator_type.value))
})

test('a family decision names its row; its probability is the family stage’s, from its evidence, not from the row’s own number', () => {
  const fallback = decideFamily(input('Miscellaneous item', ''))
  assert.equal(fallback.rule, 'fallback')
  const debt = decideFamily(input('Government Debt', 'USD Million'))
  const p = (d: typeof debt, name: string, units: string) =>
    stageProbability('family', familyFeatures(input(name, units), d)).probability
  assert.ok(p(fallback, 'Miscellaneous item', '') < p(debt, 'Government Debt', 'USD Million'))
})

test('enforceInvariants corrects what it can derive and reports what it changed', () => {
  const { fields, corrections, unresolved } = enforceInvariants({
    family: 'numeric-measurement',
    indicator_type: 'flow',
    temporal_aggregation: 'period-rate',
    heat_map_orientation: 'neutral',
    is_currency_denominated: true,
    scale: 'millions',
    parsed_unit_type: 'percent',
    time_basis: 'cumulative',
    is_cumulative: false,
    cumulative_pattern: 'none',
  })
  assert.equal(fields.indicator_type, 'percentage')
  assert.equal(fields.temporal_aggregation, 'not-applicable')
  assert.equal(fields.time_basis, 'point-in-time')
  assert.equal(fields.is_currency_denominated, false)
  assert.equal(fields.scale, 'percent')
  assert.deepEqual(corrections.map((c) => c.invariant).sort(), [1, 2, 3, 4, 5])
  assert.deepEqual(unresolved, [])
})

test('a money flow must be currency-denominated; a YTD stock is not cumulative (§5.3, §5.4)', () => {
  const base: FinalFields = {
    family: 'physical-fundamental',
    indicator_type: 'flow',
    temporal_aggregation: 'period-total',
    heat_map_orientation: 'higher-is-positive',
    is_currency_denominated: false,
    scale: 'millions',
    parsed_unit_type: 'currency-amount',
    time_basis: 'per-period',
    is_cumulative: false,
    cumulative_pattern: 'none',
  }
  assert.deepEqual(
    checkInvariants(base).map((v) => v.invariant),
    [3],
  )
  const stock = {
    ...base,
    indicator_type: 'stock' as const,
    is_currency_denominated: true,
    temporal_aggregation: 'period-cumulative' as const,
    time_basis: 'cumulative' as const,
  }
  assert.deepEqual(
    checkInvariants(stock).map((v) => v.invariant),
    [4],
  )
  assert.equal(enforceInvariants(stock).fields.temporal_aggregation, 'point-in-time')
})

// ---- property test: seeded, no dependency -------------------------------------------------------------

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'GDP',
  'Government',
  'Debt',
  'Reserves',
  'Exports',
  'Imports',
  'Balance',
  'Trade',
  'Current',
  'Account',
  'Inflation',
  'Rate',
  'Unemployment',
  'Employment',
  'Change',
  'YoY',
  'MoM',
  'Index',
  'PMI',
  'Confidence',
  'Outlook',
  'Survey',
  'Sentiment',
  'Price',
  'Prices',
  'Yield',
  'Bond',
  '10Y',
  'Spread',
  'Gap',
  'Output',
  'Volatility',
  'Probability',
  'Recession',
  'Threshold',
  'Target',
  'Allocation',
  'Share',
  'of',
  'to',
  'per',
  'capita',
  'Population',
  'Claims',
  'Housing',
  'Starts',
  'Vehicle',
  'Sales',
  'Crude',
  'Oil',
  'Production',
  'Capacity',
  'Installed',
  'Cumulative',
  'YTD',
  'Year-to-date',
  'Monthly',
  'Average',
  'Correlation',
  'Elasticity',
  'Multiplier',
  'Duration',
  'Weeks',
  'Exchange',
  'EUR/USD',
  'Gold',
  'Policy',
  'Interbank',
  'Net',
  'Inventories',
  'Money',
  'Supply',
  'M2',
  'Wages',
  'Tankan',
  'Poverty',
  'Line',
  'Manufacturing',
  'Consumption',
  'Spending',
  '(% of GDP)',
  'Growth',
  'Services',
  'Stocks',
]
const CURRENCIES = [null, 'USD', 'EUR', 'JPY', 'INR']
const PHYSICAL = [null, 'barrel', 'tonne', 'mwh', 'units', 'cubic-metre']
const PER_TIME = [null, 'day', 'week', 'month', 'quarter', 'year'] as const

function randomInput(rnd: () => number): RulesInput {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const name = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(WORDS)).join(' ')
  const currency = pick(CURRENCIES)
  const units: ParsedUnits = {
    raw: [currency, pick(['', 'Million', 'per 1000 people', '%', 'points', '10'])].filter(Boolean).join(' '),
    parsed_unit_type: pick(PARSED_UNIT_TYPES),
    scale: pick(SCALES),
    scale_multiplier: pick([1, 1e3, 1e6, 1e8]),
    detected_currency: currency,
    currency_kind: currency ? pick(['iso', 'word', 'national'] as const) : pick([null, 'national'] as const),
    physical_unit: pick(PHYSICAL),
    per_time: pick(PER_TIME),
    frequency_hint: null,
    per_capita: rnd() < 0.1,
    per_n: rnd() < 0.1 ? 1000 : null,
    base_year: null,
    is_real: null,
    confidence: rnd(),
    evidence: [],
  }
  const is_cumulative = rnd() < 0.2
  return {
    name,
    units,
    reporting_frequency: pick(REPORTING_FREQUENCIES),
    is_cumulative,
    cumulative_pattern: is_cumulative ? pick(['ytd', 'running-total'] as const) : pick(CUMULATIVE_PATTERNS),
  }
}

test('property: for any input and any family, decideType stays in the family and enforced fields pass every invariant', () => {
  const rnd = mulberry32(20240611)
  const CASES = 2500
  for (let n = 0; n < CASES; n++) {
    const i = randomInput(rnd)
    const family = decideFamily(i)
    assert.ok(family.confidence >= 0 && family.confidence <= 1 && family.rule, `case ${n}: ${i.name}`)
    for (const f of FAMILIES) {
      const d = decideType(i, f)
      assert.ok(
        typeBelongsToFamily(f, d.indicator_type.value),
        `case ${n}: ${d.indicator_type.value} not in ${f} for "${i.name}"`,
      )
      const fields: FinalFields = {
        family: f,
        indicator_type: d.indicator_type.value,
        temporal_aggregation: d.temporal_aggregation.value,
        heat_map_orientation: d.heat_map_orientation.value,
        is_currency_denominated: d.is_currency_denominated.value,
        scale: i.units.scale,
        parsed_unit_type: i.units.parsed_unit_type,
        time_basis: timeBasisOf(d.temporal_aggregation.value),
        is_cumulative: i.is_cumulative,
        cumulative_pattern: i.cumulative_pattern,
      }
      // The rules never produce what the review would have to correct, apart from the units parser's scale and the
      // time stage's cumulative flag, which the type decides (§5.4).
      const own = checkInvariants(fields).filter((v) => v.invariant !== 5 && v.field !== 'is_cumulative')
      assert.deepEqual(own, [], `case ${n}: "${i.name}" [${i.units.parsed_unit_type}] in ${f}`)
      assert.deepEqual(checkInvariants(enforceInvariants(fields).fields), [], `case ${n}`)
    }
  }
})

test('property: enforceInvariants repairs any combination of field values', () => {
  const rnd = mulberry32(7)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  for (let n = 0; n < 5000; n++) {
    const fields: FinalFields = {
      family: pick(FAMILIES),
      indicator_type: pick(INDICATOR_TYPES),
      temporal_aggregation: pick(TEMPORAL_AGGREGATIONS),
      heat_map_orientation: pick(HEAT_MAP_ORIENTATIONS),
      is_currency_denominated: rnd() < 0.5,
      scale: pick(SCALES),
      parsed_unit_type: pick(PARSED_UNIT_TYPES),
      time_basis: pick(TIME_BASES),
      is_cumulative: rnd() < 0.5,
      cumulative_pattern: pick(CUMULATIVE_PATTERNS),
    }
    const { fields: fixed, unresolved } = enforceInvariants(fields)
    assert.deepEqual(unresolved, [], `case ${n}: ${JSON.stringify(fields)}`)
    assert.deepEqual(checkInvariants(fixed), [], `case ${n}`)
  }
})
