// Deterministic benchmark catalogues: (a) a realistic catalogue of base series × countries, where the same
// series recurs across countries with the national currency substituted into money units and per-country sample
// values, and (b) a catalogue of indicators that are all distinct (no two share a name).
import type { IndicatorInput } from '../src/taxonomy/index'

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a, so every indicator's values depend only on its id, not on generation order. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12)
  const v = rand()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const pickOne = <T>(items: readonly T[], rand: () => number): T => items[Math.floor(rand() * items.length)]!

/** Rounds to about 4-5 significant figures, the way published series look. */
function tidy(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0
  const magnitude = Math.abs(value)
  const decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4
  return Number(value.toFixed(decimals))
}

// ---------------------------------------------------------------------------------------------------------------
// Countries

export interface Country {
  iso2: string
  name: string
  currency: string
  /** Nominal GDP, USD billion a year. */
  gdpUsdBn: number
  /** Units of national currency per USD. */
  usdRate: number
  /** Population, millions. */
  popM: number
}

const C = (iso2: string, name: string, currency: string, gdpUsdBn: number, usdRate: number, popM: number): Country => ({
  iso2,
  name,
  currency,
  gdpUsdBn,
  usdRate,
  popM,
})

export const COUNTRIES: readonly Country[] = [
  C('US', 'United States', 'USD', 27000, 1, 335),
  C('CN', 'China', 'CNY', 17700, 7.1, 1410),
  C('JP', 'Japan', 'JPY', 4200, 145, 124),
  C('DE', 'Germany', 'EUR', 4400, 0.92, 84),
  C('IN', 'India', 'INR', 3600, 83, 1430),
  C('GB', 'United Kingdom', 'GBP', 3300, 0.8, 68),
  C('FR', 'France', 'EUR', 3000, 0.92, 68),
  C('IT', 'Italy', 'EUR', 2250, 0.92, 59),
  C('BR', 'Brazil', 'BRL', 2170, 5, 203),
  C('CA', 'Canada', 'CAD', 2140, 1.35, 40),
  C('RU', 'Russia', 'RUB', 2000, 90, 144),
  C('MX', 'Mexico', 'MXN', 1790, 17.5, 129),
  C('KR', 'South Korea', 'KRW', 1710, 1320, 52),
  C('AU', 'Australia', 'AUD', 1720, 1.5, 27),
  C('ES', 'Spain', 'EUR', 1580, 0.92, 48),
  C('ID', 'Indonesia', 'IDR', 1370, 15500, 278),
  C('NL', 'Netherlands', 'EUR', 1120, 0.92, 18),
  C('TR', 'Turkey', 'TRY', 1110, 28, 85),
  C('SA', 'Saudi Arabia', 'SAR', 1070, 3.75, 37),
  C('CH', 'Switzerland', 'CHF', 880, 0.89, 9),
  C('PL', 'Poland', 'PLN', 810, 4.2, 37),
  C('TW', 'Taiwan', 'TWD', 750, 31, 23),
  C('BE', 'Belgium', 'EUR', 630, 0.92, 12),
  C('AR', 'Argentina', 'ARS', 640, 350, 46),
  C('SE', 'Sweden', 'SEK', 590, 10.6, 10.5),
  C('IE', 'Ireland', 'EUR', 550, 0.92, 5.3),
  C('TH', 'Thailand', 'THB', 510, 35, 70),
  C('AT', 'Austria', 'EUR', 520, 0.92, 9),
  C('IL', 'Israel', 'ILS', 510, 3.7, 9.8),
  C('NO', 'Norway', 'NOK', 480, 10.6, 5.5),
  C('AE', 'United Arab Emirates', 'AED', 500, 3.67, 9.5),
  C('SG', 'Singapore', 'SGD', 500, 1.34, 5.9),
  C('VN', 'Vietnam', 'VND', 430, 24000, 99),
  C('BD', 'Bangladesh', 'BDT', 450, 110, 172),
  C('MY', 'Malaysia', 'MYR', 400, 4.6, 34),
  C('PH', 'Philippines', 'PHP', 440, 56, 117),
  C('DK', 'Denmark', 'DKK', 400, 6.9, 5.9),
  C('EG', 'Egypt', 'EGP', 395, 31, 112),
  C('NG', 'Nigeria', 'NGN', 360, 800, 223),
  C('HK', 'Hong Kong', 'HKD', 380, 7.8, 7.5),
  C('ZA', 'South Africa', 'ZAR', 380, 18.5, 60),
  C('CO', 'Colombia', 'COP', 360, 4100, 52),
  C('CL', 'Chile', 'CLP', 335, 880, 19.6),
  C('PK', 'Pakistan', 'PKR', 340, 285, 240),
  C('RO', 'Romania', 'RON', 350, 4.6, 19),
  C('CZ', 'Czech Republic', 'CZK', 330, 22.5, 10.8),
  C('FI', 'Finland', 'EUR', 300, 0.92, 5.6),
  C('PT', 'Portugal', 'EUR', 290, 0.92, 10.4),
  C('PE', 'Peru', 'PEN', 268, 3.75, 34),
  C('NZ', 'New Zealand', 'NZD', 250, 1.65, 5.2),
  C('KZ', 'Kazakhstan', 'KZT', 260, 460, 20),
  C('GR', 'Greece', 'EUR', 240, 0.92, 10.4),
  C('QA', 'Qatar', 'QAR', 235, 3.64, 2.7),
  C('HU', 'Hungary', 'HUF', 210, 355, 9.6),
  C('UA', 'Ukraine', 'UAH', 180, 37, 37),
  C('KW', 'Kuwait', 'KWD', 160, 0.31, 4.3),
  C('MA', 'Morocco', 'MAD', 145, 10, 37),
  C('KE', 'Kenya', 'KES', 108, 145, 55),
  C('EC', 'Ecuador', 'USD', 118, 1, 18),
  C('DO', 'Dominican Republic', 'DOP', 121, 56, 11),
  C('LK', 'Sri Lanka', 'LKR', 84, 320, 22),
  C('ET', 'Ethiopia', 'ETB', 160, 56, 126),
  C('GH', 'Ghana', 'GHS', 76, 11.5, 34),
  C('CR', 'Costa Rica', 'CRC', 86, 530, 5.2),
  C('BG', 'Bulgaria', 'BGN', 100, 1.8, 6.4),
  C('RS', 'Serbia', 'RSD', 75, 108, 6.7),
  C('HR', 'Croatia', 'EUR', 82, 0.92, 3.9),
  C('UY', 'Uruguay', 'UYU', 77, 39, 3.4),
  C('TN', 'Tunisia', 'TND', 48, 3.1, 12),
  C('IS', 'Iceland', 'ISK', 31, 137, 0.39),
  C('JO', 'Jordan', 'JOD', 50, 0.71, 11),
  C('PY', 'Paraguay', 'PYG', 43, 7300, 6.9),
]

// ---------------------------------------------------------------------------------------------------------------
// Base series

export type Periodicity = 'Daily' | 'Weekly' | 'Monthly' | 'Quarterly' | 'Annual'

/**
 * How sample values are made:
 * - flow: a money or physical amount per period, `a` = share of annual GDP (money) or per-capita quantity a year (physical)
 * - stock: an amount held, `a` = share of annual GDP
 * - balance: a net flow that can be negative, `a` = typical size as a share of annual GDP
 * - ytd: year-to-date cumulative of a monthly flow, `a` = share of annual GDP over the year
 * - count: people/firms/units, `a` = per person (a year for events), `b` = 1 for a signed net change
 * - rate: a level in % or similar, mean `a`, cross-country spread `b`
 * - growth: a change in %, mean `a`, volatility `b`
 * - index: an index level around `a` (default 100), drifting
 * - diffusion: a survey index around `a` (50 for PMIs, 0 for balances), spread `b`
 * - price: money per unit, `a` = USD price (converted to the national currency unless units are fixed)
 * - fx: national currency per USD
 * - const: about `a`, almost flat
 */
export type ValueKind =
  'flow' | 'stock' | 'balance' | 'ytd' | 'count' | 'rate' | 'growth' | 'index' | 'diffusion' | 'price' | 'fx' | 'const'

export type Category =
  | 'GDP'
  | 'Labour'
  | 'Prices'
  | 'Money'
  | 'Markets'
  | 'Trade'
  | 'Government'
  | 'Business'
  | 'Consumer'
  | 'Housing'
  | 'Energy'
  | 'Health'

export interface BaseSeries {
  code: string
  name: string
  /** `{CUR}` is replaced by the country's currency. */
  units: string
  periodicity: Periodicity
  kind: ValueKind
  a: number
  b: number
  category: Category
  /** What the series measures, completed with the country into a description. */
  about: string
  /** Skip countries whose currency is USD (an FX rate against itself makes no sense). */
  notUsd?: boolean
}

const S = (
  code: string,
  name: string,
  units: string,
  periodicity: Periodicity,
  kind: ValueKind,
  a: number,
  b: number,
  category: Category,
  about: string,
  notUsd = false,
): BaseSeries => ({
  code,
  name,
  units,
  periodicity,
  kind,
  a,
  b,
  category,
  about,
  ...(notUsd ? { notUsd } : {}),
})

export const BASE_SERIES: readonly BaseSeries[] = [
  // GDP and national accounts
  S(
    'GDP',
    'GDP',
    '{CUR} Billion',
    'Quarterly',
    'flow',
    1,
    0,
    'GDP',
    'the market value of all final goods and services produced in the quarter, at current prices',
  ),
  S(
    'GDPUSD',
    'GDP Current USD',
    'USD Billion',
    'Annual',
    'flow',
    1,
    1,
    'GDP',
    'gross domestic product converted to US dollars at market exchange rates',
  ),
  S(
    'GDPQOQ',
    'GDP Growth Rate',
    '%',
    'Quarterly',
    'growth',
    0.5,
    0.7,
    'GDP',
    'the seasonally adjusted change of real GDP over the previous quarter',
  ),
  S(
    'GDPYOY',
    'GDP Annual Growth Rate',
    '%',
    'Quarterly',
    'growth',
    2.2,
    2,
    'GDP',
    'the change of real GDP over the same quarter of the previous year',
  ),
  S(
    'GDPREAL',
    'GDP Constant Prices',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.85,
    0,
    'GDP',
    'real GDP measured at the prices of a base year',
  ),
  S(
    'GDPPC',
    'GDP per Capita',
    'USD',
    'Annual',
    'price',
    0,
    1,
    'GDP',
    'real GDP divided by the mid-year population, in constant US dollars',
  ),
  S(
    'GDPPCPPP',
    'GDP per Capita PPP',
    'USD',
    'Annual',
    'price',
    0,
    1.6,
    'GDP',
    'GDP per person converted at purchasing power parity rates',
  ),
  S(
    'GNP',
    'Gross National Product',
    '{CUR} Million',
    'Annual',
    'flow',
    0.98,
    0,
    'GDP',
    'GDP plus net primary income received from abroad',
  ),
  S(
    'GFCF',
    'Gross Fixed Capital Formation',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.22,
    0,
    'GDP',
    'outlays on fixed assets such as machinery, buildings and infrastructure',
  ),
  S(
    'CONSPEND',
    'Consumer Spending',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.58,
    0,
    'GDP',
    'final consumption expenditure of households and non-profit institutions',
  ),
  S(
    'GOVSPEND',
    'Government Spending',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.18,
    0,
    'GDP',
    'general government final consumption expenditure',
  ),
  S(
    'CHGINV',
    'Changes in Inventories',
    '{CUR} Million',
    'Quarterly',
    'balance',
    0.006,
    0,
    'GDP',
    'the change in the value of inventories held by businesses, which can be negative',
  ),
  S(
    'GDPAGR',
    'GDP from Agriculture',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.05,
    0,
    'GDP',
    'gross value added of agriculture, forestry and fishing',
  ),
  S(
    'GDPMAN',
    'GDP from Manufacturing',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.15,
    0,
    'GDP',
    'gross value added of manufacturing industries',
  ),
  S(
    'GDPCONS',
    'GDP from Construction',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.06,
    0,
    'GDP',
    'gross value added of the construction sector',
  ),
  S(
    'GDPSERV',
    'GDP from Services',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.6,
    0,
    'GDP',
    'gross value added of service industries',
  ),
  S(
    'GDPMIN',
    'GDP from Mining',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.03,
    0,
    'GDP',
    'gross value added of mining and quarrying',
  ),
  S(
    'GDPUTIL',
    'GDP from Utilities',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.02,
    0,
    'GDP',
    'gross value added of electricity, gas and water supply',
  ),
  S(
    'GDPTRAN',
    'GDP from Transport',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.05,
    0,
    'GDP',
    'gross value added of transport and storage',
  ),
  S(
    'GDPPUB',
    'GDP from Public Administration',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.08,
    0,
    'GDP',
    'gross value added of public administration and defence',
  ),
  S(
    'GDPDEF',
    'GDP Deflator',
    'points',
    'Quarterly',
    'index',
    120,
    0,
    'GDP',
    'the ratio of nominal to real GDP, a broad measure of the price level',
  ),
  S(
    'OUTGAP',
    'Output Gap',
    '% of potential GDP',
    'Annual',
    'growth',
    -0.3,
    1.5,
    'GDP',
    'the difference between actual and potential output as a share of potential output',
  ),
  S(
    'GFCFGDP',
    'Gross Fixed Capital Formation to GDP',
    '% of GDP',
    'Annual',
    'rate',
    23,
    4,
    'GDP',
    'investment in fixed assets as a share of GDP',
  ),
  S(
    'SAVGDP',
    'Gross National Savings to GDP',
    '% of GDP',
    'Annual',
    'rate',
    24,
    7,
    'GDP',
    'gross national saving as a share of GDP',
  ),
  // Labour
  S(
    'UNEMP',
    'Unemployment Rate',
    '%',
    'Monthly',
    'rate',
    6,
    3,
    'Labour',
    'the number of unemployed people as a percentage of the labour force',
  ),
  S(
    'YUNEMP',
    'Youth Unemployment Rate',
    '%',
    'Monthly',
    'rate',
    15,
    6,
    'Labour',
    'unemployed people aged 15 to 24 as a percentage of the labour force of that age',
  ),
  S(
    'EMPRATE',
    'Employment Rate',
    '%',
    'Quarterly',
    'rate',
    62,
    7,
    'Labour',
    'employed people as a percentage of the working-age population',
  ),
  S(
    'LFPR',
    'Labor Force Participation Rate',
    '%',
    'Quarterly',
    'rate',
    62,
    6,
    'Labour',
    'the labour force as a percentage of the working-age population',
  ),
  S(
    'EMPLOYED',
    'Employed Persons',
    'Thousand',
    'Quarterly',
    'count',
    0.45,
    0,
    'Labour',
    'the number of people in employment',
  ),
  S(
    'UNEMPLOYED',
    'Unemployed Persons',
    'Thousand',
    'Monthly',
    'count',
    0.03,
    0,
    'Labour',
    'the number of people without work who are looking for a job',
  ),
  S(
    'EMPCHG',
    'Employment Change',
    'Thousand',
    'Monthly',
    'count',
    0.0008,
    1,
    'Labour',
    'the monthly net change in the number of employed people',
  ),
  S(
    'LTUNEMP',
    'Long Term Unemployment Rate',
    '%',
    'Quarterly',
    'rate',
    2,
    1.2,
    'Labour',
    'people unemployed for a year or more as a percentage of the labour force',
  ),
  S(
    'WAGES',
    'Wages',
    '{CUR}/Month',
    'Quarterly',
    'price',
    0,
    0.045,
    'Labour',
    'average gross monthly earnings of employees',
  ),
  S(
    'MINWAGE',
    'Minimum Wages',
    '{CUR}/Month',
    'Annual',
    'price',
    0,
    0.02,
    'Labour',
    'the statutory minimum monthly wage',
  ),
  S('WAGEGR', 'Wage Growth', '%', 'Quarterly', 'growth', 4, 2, 'Labour', 'the year-on-year change of average earnings'),
  S(
    'LABCOST',
    'Labour Costs',
    'points',
    'Quarterly',
    'index',
    110,
    0,
    'Labour',
    'an index of the hourly cost of labour',
  ),
  S('PROD', 'Productivity', 'points', 'Quarterly', 'index', 105, 0, 'Labour', 'an index of output per hour worked'),
  S(
    'VACANCY',
    'Job Vacancies',
    'Thousand',
    'Quarterly',
    'count',
    0.01,
    0,
    'Labour',
    'the number of unfilled job openings',
  ),
  S(
    'CLAIMS',
    'Initial Jobless Claims',
    'Thousand',
    'Weekly',
    'count',
    0.0007,
    0,
    'Labour',
    'new claims for unemployment insurance filed during the week',
  ),
  S(
    'CCLAIMS',
    'Continuing Jobless Claims',
    'Thousand',
    'Weekly',
    'count',
    0.005,
    0,
    'Labour',
    'people receiving unemployment benefits in the week',
  ),
  S(
    'CLAIMCHG',
    'Claimant Count Change',
    'Thousand',
    'Monthly',
    'count',
    0.0003,
    1,
    'Labour',
    'the monthly change in the number of people claiming unemployment benefits',
  ),
  S(
    'HOURS',
    'Average Weekly Hours',
    'Hours',
    'Monthly',
    'rate',
    37,
    3,
    'Labour',
    'average hours worked per week by employees',
  ),
  S('POP', 'Population', 'Million', 'Annual', 'count', 1, 0, 'Labour', 'the resident population at mid-year'),
  S('RETAGE', 'Retirement Age Men', 'Years', 'Annual', 'const', 65, 0, 'Labour', 'the statutory pension age for men'),
  S(
    'UNEMPDUR',
    'Average Duration of Unemployment',
    'Weeks',
    'Monthly',
    'rate',
    20,
    6,
    'Labour',
    'the average number of weeks that unemployed people have been out of work',
  ),
  S(
    'LABFORCE',
    'Labour Force',
    'Thousand',
    'Quarterly',
    'count',
    0.5,
    0,
    'Labour',
    'the number of people employed or seeking work',
  ),
  // Prices
  S(
    'CPIYOY',
    'Inflation Rate',
    '%',
    'Monthly',
    'growth',
    3.5,
    2.5,
    'Prices',
    'the year-on-year change of the consumer price index',
  ),
  S(
    'CPIMOM',
    'Inflation Rate MoM',
    '%',
    'Monthly',
    'growth',
    0.3,
    0.3,
    'Prices',
    'the month-on-month change of the consumer price index',
  ),
  S(
    'CORECPI',
    'Core Inflation Rate',
    '%',
    'Monthly',
    'growth',
    3,
    2,
    'Prices',
    'the year-on-year change of consumer prices excluding food and energy',
  ),
  S(
    'CPI',
    'Consumer Price Index CPI',
    'points',
    'Monthly',
    'index',
    125,
    0,
    'Prices',
    'the level of the consumer price index',
  ),
  S(
    'CORECPIX',
    'Core Consumer Prices',
    'points',
    'Monthly',
    'index',
    122,
    0,
    'Prices',
    'the level of consumer prices excluding food and energy',
  ),
  S(
    'PPI',
    'Producer Prices',
    'points',
    'Monthly',
    'index',
    130,
    0,
    'Prices',
    'the level of prices received by domestic producers',
  ),
  S(
    'PPIYOY',
    'Producer Prices Change',
    '%',
    'Monthly',
    'growth',
    2,
    4,
    'Prices',
    'the year-on-year change of producer prices',
  ),
  S(
    'FOODINF',
    'Food Inflation',
    '%',
    'Monthly',
    'growth',
    4,
    3,
    'Prices',
    'the year-on-year change of food prices paid by consumers',
  ),
  S(
    'IMPPRICE',
    'Import Prices',
    'points',
    'Monthly',
    'index',
    115,
    0,
    'Prices',
    'an index of the prices of imported goods',
  ),
  S(
    'EXPPRICE',
    'Export Prices',
    'points',
    'Monthly',
    'index',
    115,
    0,
    'Prices',
    'an index of the prices of exported goods',
  ),
  S(
    'CPIHOUS',
    'CPI Housing Utilities',
    'points',
    'Monthly',
    'index',
    128,
    0,
    'Prices',
    'the consumer price index for housing, water, electricity and gas',
  ),
  S(
    'CPITRANS',
    'CPI Transportation',
    'points',
    'Monthly',
    'index',
    124,
    0,
    'Prices',
    'the consumer price index for transport',
  ),
  S(
    'HICP',
    'Harmonised Inflation Rate YoY',
    '%',
    'Monthly',
    'growth',
    3,
    2,
    'Prices',
    'the year-on-year change of the harmonised index of consumer prices',
  ),
  S(
    'INFEXP',
    'Inflation Expectations',
    '%',
    'Monthly',
    'rate',
    3,
    1,
    'Prices',
    'the inflation rate households expect over the next twelve months',
  ),
  S(
    'GASPRICE',
    'Gasoline Prices',
    '{CUR}/Liter',
    'Weekly',
    'price',
    1.2,
    0,
    'Prices',
    'the average retail price of a litre of gasoline',
  ),
  S(
    'ELECPRICE',
    'Electricity Price',
    '{CUR}/MWh',
    'Daily',
    'price',
    85,
    0,
    'Prices',
    'the day-ahead wholesale price of electricity',
  ),
  S(
    'HPI',
    'House Price Index',
    'points',
    'Quarterly',
    'index',
    140,
    0,
    'Prices',
    'an index of residential property prices',
  ),
  S(
    'HPIYOY',
    'House Price Index YoY',
    '%',
    'Quarterly',
    'growth',
    5,
    5,
    'Prices',
    'the year-on-year change of residential property prices',
  ),
  S(
    'RENTINF',
    'Rent Inflation',
    '%',
    'Monthly',
    'growth',
    4,
    2,
    'Prices',
    'the year-on-year change of actual rents paid by tenants',
  ),
  S(
    'PPIMOM',
    'Producer Price Inflation MoM',
    '%',
    'Monthly',
    'growth',
    0.2,
    0.6,
    'Prices',
    'the month-on-month change of producer prices',
  ),
  S(
    'CPITARGET',
    'Inflation Target',
    '%',
    'Annual',
    'const',
    2.5,
    0,
    'Prices',
    'the inflation rate the central bank aims for',
  ),
  // Money and banking
  S('POLRATE', 'Interest Rate', '%', 'Daily', 'rate', 4.5, 3, 'Money', 'the central bank policy rate'),
  S('INTERBANK', 'Interbank Rate', '%', 'Daily', 'rate', 4.7, 3, 'Money', 'the three-month interbank lending rate'),
  S(
    'DEPRATE',
    'Deposit Interest Rate',
    '%',
    'Monthly',
    'rate',
    3,
    2,
    'Money',
    'the average rate banks pay on deposits',
  ),
  S(
    'LENDRATE',
    'Bank Lending Rate',
    '%',
    'Monthly',
    'rate',
    7,
    3,
    'Money',
    'the average rate banks charge on new loans to businesses',
  ),
  S(
    'M0',
    'Money Supply M0',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.1,
    0,
    'Money',
    'currency in circulation plus bank reserves at the central bank',
  ),
  S(
    'M1',
    'Money Supply M1',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.4,
    0,
    'Money',
    'currency in circulation plus overnight deposits',
  ),
  S(
    'M2',
    'Money Supply M2',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.8,
    0,
    'Money',
    'M1 plus short-term time and savings deposits',
  ),
  S(
    'M3',
    'Money Supply M3',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.95,
    0,
    'Money',
    'M2 plus marketable instruments issued by banks',
  ),
  S(
    'FXRES',
    'Foreign Exchange Reserves',
    'USD Million',
    'Monthly',
    'stock',
    0.15,
    1,
    'Money',
    'foreign currency assets held by the central bank',
  ),
  S(
    'CBBS',
    'Central Bank Balance Sheet',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.3,
    0,
    'Money',
    'total assets held by the central bank',
  ),
  S(
    'LOANSPRIV',
    'Loans to Private Sector',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.8,
    0,
    'Money',
    'the outstanding stock of bank loans to households and firms',
  ),
  S(
    'LOANGR',
    'Loan Growth',
    '%',
    'Monthly',
    'growth',
    6,
    4,
    'Money',
    'the year-on-year change of bank loans to the private sector',
  ),
  S(
    'PRIVDEBT',
    'Private Debt to GDP',
    '% of GDP',
    'Annual',
    'rate',
    120,
    40,
    'Money',
    'debt of households and non-financial corporations as a share of GDP',
  ),
  S(
    'BANKBS',
    'Banks Balance Sheet',
    '{CUR} Million',
    'Monthly',
    'stock',
    1.5,
    0,
    'Money',
    'total assets of commercial banks',
  ),
  S(
    'CRR',
    'Cash Reserve Ratio',
    '%',
    'Monthly',
    'rate',
    5,
    3,
    'Money',
    'the share of deposits banks must hold as reserves',
  ),
  S(
    'CONSCRED',
    'Consumer Credit',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.1,
    0,
    'Money',
    'outstanding credit extended to households for consumption',
  ),
  S(
    'DEPOSITS',
    'Bank Deposits',
    '{CUR} Million',
    'Monthly',
    'stock',
    0.9,
    0,
    'Money',
    'total deposits held by residents at banks',
  ),
  S(
    'NPL',
    'Non Performing Loans Ratio',
    '%',
    'Quarterly',
    'rate',
    3.5,
    2.5,
    'Money',
    'loans in default or close to default as a percentage of gross loans',
  ),
  // Markets
  S(
    'FX',
    'Currency',
    '{CUR}',
    'Daily',
    'fx',
    0,
    0,
    'Markets',
    'the exchange rate of the national currency against the US dollar',
    true,
  ),
  S(
    'BOND10Y',
    'Government Bond 10Y',
    '%',
    'Daily',
    'rate',
    4.5,
    2.5,
    'Markets',
    'the yield on ten-year government bonds',
  ),
  S(
    'BOND2Y',
    'Government Bond 2Y',
    '%',
    'Daily',
    'rate',
    4.2,
    2.5,
    'Markets',
    'the yield on two-year government bonds',
  ),
  S('STOCKS', 'Stock Market', 'points', 'Daily', 'index', 5000, 0, 'Markets', 'the main stock market index'),
  S(
    'MORTRATE',
    'Mortgage Rate',
    '%',
    'Weekly',
    'rate',
    5.5,
    2,
    'Markets',
    'the average rate on new fixed-rate home mortgages',
  ),
  S(
    'CDS5Y',
    'Credit Default Swap 5Y',
    'bps',
    'Daily',
    'rate',
    80,
    60,
    'Markets',
    'the spread on five-year sovereign credit default swaps',
  ),
  S(
    'YCSPREAD',
    'Yield Curve Spread 10Y-2Y',
    'bps',
    'Daily',
    'growth',
    30,
    40,
    'Markets',
    'the difference between ten-year and two-year government bond yields',
  ),
  S(
    'MKTCAP',
    'Stock Market Capitalization to GDP',
    '% of GDP',
    'Annual',
    'rate',
    70,
    40,
    'Markets',
    'the value of listed shares as a share of GDP',
  ),
  // Trade and external
  S(
    'BOT',
    'Balance of Trade',
    '{CUR} Million',
    'Monthly',
    'balance',
    0.02,
    0,
    'Trade',
    'exports of goods minus imports of goods',
  ),
  S('EXPORTS', 'Exports', '{CUR} Million', 'Monthly', 'flow', 0.25, 0, 'Trade', 'the value of goods shipped abroad'),
  S(
    'IMPORTS',
    'Imports',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.25,
    0,
    'Trade',
    'the value of goods bought from abroad',
  ),
  S(
    'CA',
    'Current Account',
    '{CUR} Million',
    'Quarterly',
    'balance',
    0.02,
    0,
    'Trade',
    'the balance of trade in goods and services plus net primary and secondary income',
  ),
  S(
    'CAGDP',
    'Current Account to GDP',
    '% of GDP',
    'Annual',
    'growth',
    0,
    4,
    'Trade',
    'the current account balance as a share of GDP',
  ),
  S(
    'TOT',
    'Terms of Trade',
    'points',
    'Quarterly',
    'index',
    100,
    0,
    'Trade',
    'the ratio of export prices to import prices',
  ),
  S(
    'EXPYOY',
    'Exports YoY',
    '%',
    'Monthly',
    'growth',
    4,
    8,
    'Trade',
    'the year-on-year change of the value of exports',
  ),
  S(
    'IMPYOY',
    'Imports YoY',
    '%',
    'Monthly',
    'growth',
    4,
    8,
    'Trade',
    'the year-on-year change of the value of imports',
  ),
  S(
    'EXTDEBT',
    'External Debt',
    'USD Million',
    'Quarterly',
    'stock',
    0.5,
    1,
    'Trade',
    'gross debt owed to non-residents',
  ),
  S(
    'TOURREV',
    'Tourism Revenues',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.03,
    0,
    'Trade',
    'receipts from international visitors',
  ),
  S(
    'TOURARR',
    'Tourist Arrivals',
    'Thousand',
    'Monthly',
    'count',
    0.05,
    0,
    'Trade',
    'the number of international visitors arriving',
  ),
  S(
    'REMIT',
    'Remittances',
    'USD Million',
    'Quarterly',
    'flow',
    0.02,
    1,
    'Trade',
    'money sent home by residents working abroad',
  ),
  S('GOLDRES', 'Gold Reserves', 'Tonnes', 'Quarterly', 'stock', 20, 2, 'Trade', 'the official holdings of gold'),
  S(
    'FDI',
    'Foreign Direct Investment',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.03,
    0,
    'Trade',
    'net inflows of direct investment from abroad',
  ),
  S(
    'CAPFLOW',
    'Capital Flows',
    '{CUR} Million',
    'Quarterly',
    'balance',
    0.02,
    0,
    'Trade',
    'net flows in the financial account of the balance of payments',
  ),
  S(
    'AUTOEXP',
    'Auto Exports',
    'Units',
    'Monthly',
    'count',
    0.0003,
    0,
    'Trade',
    'the number of motor vehicles exported',
  ),
  S(
    'PORTTEU',
    'Container Port Throughput',
    'TEU',
    'Monthly',
    'count',
    0.01,
    0,
    'Trade',
    'containers handled by the main ports, in twenty-foot equivalent units',
  ),
  S(
    'TRADEGDP',
    'Trade to GDP',
    '% of GDP',
    'Annual',
    'rate',
    80,
    40,
    'Trade',
    'exports plus imports as a share of GDP',
  ),
  S(
    'NETIIP',
    'Net International Investment Position',
    '{CUR} Million',
    'Quarterly',
    'balance',
    0.3,
    0,
    'Trade',
    'external financial assets minus external liabilities',
  ),
  // Government
  S(
    'DEBTGDP',
    'Government Debt to GDP',
    '% of GDP',
    'Annual',
    'rate',
    60,
    30,
    'Government',
    'gross general government debt as a share of GDP',
  ),
  S(
    'BUDGET',
    'Government Budget',
    '% of GDP',
    'Annual',
    'growth',
    -3,
    3,
    'Government',
    'the general government balance as a share of GDP',
  ),
  S(
    'BUDGETVAL',
    'Government Budget Value',
    '{CUR} Million',
    'Monthly',
    'balance',
    0.003,
    0,
    'Government',
    'the monthly central government balance, revenue minus spending',
  ),
  S(
    'GOVDEBT',
    'Government Debt',
    '{CUR} Million',
    'Quarterly',
    'stock',
    0.6,
    0,
    'Government',
    'the outstanding gross debt of the central government',
  ),
  S(
    'GOVREV',
    'Government Revenues',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.3,
    0,
    'Government',
    'taxes and other receipts of the central government',
  ),
  S(
    'FISCEXP',
    'Fiscal Expenditure',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.33,
    0,
    'Government',
    'total spending of the central government',
  ),
  S(
    'GOVSPGDP',
    'Government Spending to GDP',
    '% of GDP',
    'Annual',
    'rate',
    40,
    8,
    'Government',
    'general government expenditure as a share of GDP',
  ),
  S(
    'MILEXP',
    'Military Expenditure',
    'USD Million',
    'Annual',
    'flow',
    0.02,
    1,
    'Government',
    'spending on the armed forces',
  ),
  S(
    'CORPTAX',
    'Corporate Tax Rate',
    '%',
    'Annual',
    'const',
    24,
    6,
    'Government',
    'the headline tax rate on company profits',
  ),
  S(
    'INCTAX',
    'Personal Income Tax Rate',
    '%',
    'Annual',
    'const',
    35,
    10,
    'Government',
    'the top marginal tax rate on personal income',
  ),
  S(
    'SALESTAX',
    'Sales Tax Rate',
    '%',
    'Annual',
    'const',
    17,
    6,
    'Government',
    'the standard rate of value added or sales tax',
  ),
  S(
    'SOCSEC',
    'Social Security Rate',
    '%',
    'Annual',
    'const',
    25,
    10,
    'Government',
    'the combined social contribution rate of employers and employees',
  ),
  S(
    'BUDGETYTD',
    'Government Budget Balance YTD',
    '{CUR} Million',
    'Monthly',
    'ytd',
    -0.03,
    0,
    'Government',
    'the cumulative central government balance since the start of the fiscal year',
  ),
  S(
    'TAXREVYTD',
    'Tax Revenue YTD',
    '{CUR} Million',
    'Monthly',
    'ytd',
    0.25,
    0,
    'Government',
    'cumulative tax receipts since the start of the year',
  ),
  S(
    'ASYLUM',
    'Asylum Applications',
    'Persons',
    'Monthly',
    'count',
    3e-5,
    0,
    'Government',
    'the number of first-time asylum applications',
  ),
  S(
    'GOVDEF',
    'Government Budget Deficit',
    '{CUR} Million',
    'Annual',
    'stock',
    0.03,
    0,
    'Government',
    'the shortfall of revenue below spending for the fiscal year',
  ),
  // Business
  S(
    'BUSCONF',
    'Business Confidence',
    'points',
    'Monthly',
    'diffusion',
    100,
    5,
    'Business',
    "an index of business managers' assessment of current and expected conditions",
  ),
  S(
    'MANPMI',
    'Manufacturing PMI',
    'points',
    'Monthly',
    'diffusion',
    50,
    3,
    'Business',
    "a survey-based purchasing managers' index for manufacturing",
  ),
  S(
    'SERVPMI',
    'Services PMI',
    'points',
    'Monthly',
    'diffusion',
    51,
    3,
    'Business',
    "a survey-based purchasing managers' index for services",
  ),
  S(
    'COMPPMI',
    'Composite PMI',
    'points',
    'Monthly',
    'diffusion',
    51,
    3,
    'Business',
    'a weighted average of the manufacturing and services PMIs',
  ),
  S(
    'INDPROD',
    'Industrial Production',
    '%',
    'Monthly',
    'growth',
    1.5,
    3,
    'Business',
    'the year-on-year change of output in manufacturing, mining and utilities',
  ),
  S(
    'INDPRODM',
    'Industrial Production MoM',
    '%',
    'Monthly',
    'growth',
    0.1,
    1.2,
    'Business',
    'the month-on-month change of industrial output',
  ),
  S(
    'MANPROD',
    'Manufacturing Production',
    '%',
    'Monthly',
    'growth',
    1.5,
    3.5,
    'Business',
    'the year-on-year change of manufacturing output',
  ),
  S(
    'CAPUTIL',
    'Capacity Utilization',
    '%',
    'Monthly',
    'rate',
    77,
    5,
    'Business',
    'the share of production capacity in use',
  ),
  S(
    'BUSINV',
    'Business Inventories',
    '%',
    'Monthly',
    'growth',
    0.3,
    0.5,
    'Business',
    'the month-on-month change of inventories held by businesses',
  ),
  S(
    'FACTORD',
    'Factory Orders',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.04,
    0,
    'Business',
    'the value of new orders received by manufacturers',
  ),
  S(
    'NEWORD',
    'New Orders',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.03,
    0,
    'Business',
    'the value of new orders for durable goods',
  ),
  S(
    'BANKRUPT',
    'Bankruptcies',
    'Companies',
    'Monthly',
    'count',
    1e-5,
    0,
    'Business',
    'the number of companies declared insolvent',
  ),
  S(
    'CORPPROF',
    'Corporate Profits',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.1,
    0,
    'Business',
    'the operating surplus of non-financial corporations',
  ),
  S(
    'CARPROD',
    'Car Production',
    'Units',
    'Monthly',
    'count',
    0.0005,
    0,
    'Business',
    'the number of passenger cars produced',
  ),
  S('STEELPROD', 'Steel Production', 'Thousand Tonnes', 'Monthly', 'flow', 0.25, 2, 'Business', 'crude steel output'),
  S(
    'CEMENT',
    'Cement Production',
    'Thousand Tonnes',
    'Monthly',
    'flow',
    0.5,
    2,
    'Business',
    'the output of cement plants',
  ),
  S(
    'ELECPROD',
    'Electricity Production',
    'Gigawatt-hour',
    'Monthly',
    'flow',
    0.005,
    2,
    'Business',
    'the gross generation of electricity',
  ),
  S(
    'MINPROD',
    'Mining Production',
    '%',
    'Monthly',
    'growth',
    1,
    5,
    'Business',
    'the year-on-year change of mining output',
  ),
  S(
    'LEI',
    'Leading Economic Index',
    'points',
    'Monthly',
    'index',
    102,
    0,
    'Business',
    'a composite index of indicators that tend to turn before the economy',
  ),
  S(
    'COMPET',
    'Competitiveness Index',
    'Points',
    'Annual',
    'rate',
    60,
    10,
    'Business',
    'a score of the drivers of productivity and prosperity, from 0 to 100',
  ),
  S(
    'CORRUPT',
    'Corruption Index',
    'Points',
    'Annual',
    'rate',
    50,
    20,
    'Business',
    'a score of perceived public sector corruption, from 0 (highly corrupt) to 100 (very clean)',
  ),
  S(
    'NEWBUS',
    'New Business Registrations',
    'Companies',
    'Monthly',
    'count',
    0.0008,
    0,
    'Business',
    'the number of newly registered companies',
  ),
  S(
    'ECOOPT',
    'Economic Optimism Index',
    'points',
    'Monthly',
    'diffusion',
    50,
    5,
    'Business',
    'a survey index of optimism about the economic outlook',
  ),
  S(
    'BUSOUT',
    'Business Outlook Survey',
    'points',
    'Quarterly',
    'diffusion',
    0,
    12,
    'Business',
    'the balance of firms expecting better rather than worse business conditions',
  ),
  // Consumer
  S(
    'CONSCONF',
    'Consumer Confidence',
    'points',
    'Monthly',
    'diffusion',
    -12,
    10,
    'Consumer',
    'the balance of households that are optimistic about their finances and the economy',
  ),
  S(
    'RETMOM',
    'Retail Sales MoM',
    '%',
    'Monthly',
    'growth',
    0.3,
    1,
    'Consumer',
    'the month-on-month change of retail sales volumes',
  ),
  S(
    'RETYOY',
    'Retail Sales YoY',
    '%',
    'Monthly',
    'growth',
    3,
    3,
    'Consumer',
    'the year-on-year change of retail sales volumes',
  ),
  S(
    'DISPINC',
    'Disposable Personal Income',
    '{CUR} Million',
    'Quarterly',
    'flow',
    0.7,
    0,
    'Consumer',
    'household income after taxes and transfers',
  ),
  S(
    'SAVRATE',
    'Personal Savings',
    '%',
    'Quarterly',
    'rate',
    8,
    4,
    'Consumer',
    'household saving as a percentage of disposable income',
  ),
  S(
    'HHDEBTGDP',
    'Households Debt to GDP',
    '% of GDP',
    'Quarterly',
    'rate',
    60,
    25,
    'Consumer',
    'household debt as a share of GDP',
  ),
  S(
    'HHDEBTINC',
    'Households Debt to Income',
    '%',
    'Quarterly',
    'rate',
    120,
    40,
    'Consumer',
    'household debt as a percentage of disposable income',
  ),
  S(
    'CARREG',
    'Car Registrations',
    'Units',
    'Monthly',
    'count',
    0.002,
    0,
    'Consumer',
    'new passenger car registrations',
  ),
  S(
    'RETSALES',
    'Retail Sales',
    '{CUR} Million',
    'Monthly',
    'flow',
    0.3,
    0,
    'Consumer',
    'the value of sales by retail businesses',
  ),
  S(
    'CONSEXP',
    'Consumer Inflation Expectations',
    '%',
    'Monthly',
    'rate',
    3.5,
    1.5,
    'Consumer',
    'the median inflation rate consumers expect in a year',
  ),
  // Housing
  S(
    'HSTARTS',
    'Housing Starts',
    'Thousand',
    'Monthly',
    'count',
    0.0004,
    0,
    'Housing',
    'the number of new residential construction projects begun',
  ),
  S(
    'PERMITS',
    'Building Permits',
    'Units',
    'Monthly',
    'count',
    0.0004,
    0,
    'Housing',
    'the number of permits issued for new dwellings',
  ),
  S(
    'CONSTOUT',
    'Construction Output',
    '%',
    'Monthly',
    'growth',
    1,
    4,
    'Housing',
    'the year-on-year change of construction output',
  ),
  S(
    'HOMEOWN',
    'Home Ownership Rate',
    '%',
    'Quarterly',
    'rate',
    65,
    10,
    'Housing',
    'owner-occupied homes as a percentage of all occupied homes',
  ),
  S(
    'NEWHOMES',
    'New Home Sales',
    'Thousand',
    'Monthly',
    'count',
    0.0002,
    0,
    'Housing',
    'sales of newly built single-family homes',
  ),
  S(
    'EXHOMES',
    'Existing Home Sales',
    'Thousand',
    'Monthly',
    'count',
    0.001,
    0,
    'Housing',
    'sales of previously owned homes',
  ),
  S(
    'MORTAPP',
    'Mortgage Approvals',
    'Thousand',
    'Monthly',
    'count',
    0.0002,
    0,
    'Housing',
    'the number of mortgages approved for house purchase',
  ),
  S(
    'RENTS',
    'Average House Rent',
    '{CUR}/Month',
    'Quarterly',
    'price',
    0,
    0.025,
    'Housing',
    'the average monthly rent of a two-bedroom apartment',
  ),
  // Energy and environment
  S(
    'CRUDEPROD',
    'Crude Oil Production',
    'BBL/D/1K',
    'Monthly',
    'flow',
    3,
    2,
    'Energy',
    'the average daily output of crude oil, in thousand barrels per day',
  ),
  S(
    'CRUDESTK',
    'Crude Oil Stocks',
    'Million Barrels',
    'Weekly',
    'stock',
    1.2,
    2,
    'Energy',
    'commercial crude oil inventories',
  ),
  S(
    'GASCONS',
    'Natural Gas Consumption',
    'Terajoule',
    'Monthly',
    'flow',
    0.03,
    2,
    'Energy',
    'the inland consumption of natural gas',
  ),
  S(
    'NGIMP',
    'Natural Gas Imports',
    'Terajoule',
    'Monthly',
    'flow',
    0.01,
    2,
    'Energy',
    'the volume of natural gas imported by pipeline and as LNG',
  ),
  S(
    'CO2',
    'CO2 Emissions',
    'KT',
    'Annual',
    'flow',
    0.007,
    2,
    'Energy',
    'carbon dioxide emitted from fuel combustion and industry',
  ),
  S(
    'RENEW',
    'Renewable Energy Share',
    '%',
    'Annual',
    'rate',
    20,
    12,
    'Energy',
    'the share of renewable sources in gross final energy consumption',
  ),
  S(
    'ELECCONS',
    'Electricity Consumption',
    'Gigawatt-hour',
    'Monthly',
    'flow',
    0.0048,
    2,
    'Energy',
    'the final consumption of electricity',
  ),
  S(
    'INSTCAP',
    'Installed Power Capacity',
    'MW',
    'Annual',
    'stock',
    2500,
    2,
    'Energy',
    'the maximum generating capacity of power plants',
  ),
  // Health and society
  S(
    'LIFEEXP',
    'Life Expectancy',
    'Years',
    'Annual',
    'rate',
    76,
    5,
    'Health',
    'the number of years a newborn is expected to live',
  ),
  S(
    'BEDS',
    'Hospital Beds',
    'per 1000 people',
    'Annual',
    'rate',
    4,
    2,
    'Health',
    'hospital beds available per 1,000 inhabitants',
  ),
  S(
    'DOCTORS',
    'Medical Doctors',
    'per 1000 people',
    'Annual',
    'rate',
    3,
    1,
    'Health',
    'practising physicians per 1,000 inhabitants',
  ),
  S(
    'BIRTHS',
    'Birth Rate',
    'per 1000 people',
    'Annual',
    'rate',
    11,
    4,
    'Health',
    'live births per 1,000 inhabitants in the year',
  ),
  S(
    'DEATHS',
    'Death Rate',
    'per 1000 people',
    'Annual',
    'rate',
    9,
    2,
    'Health',
    'deaths per 1,000 inhabitants in the year',
  ),
  S(
    'POVERTY',
    'Poverty Headcount Ratio',
    '%',
    'Annual',
    'rate',
    10,
    8,
    'Health',
    'the share of the population living below the national poverty line',
  ),
  S(
    'GINI',
    'Gini Coefficient',
    'points',
    'Annual',
    'rate',
    35,
    6,
    'Health',
    'income inequality, from 0 (perfect equality) to 100',
  ),
  S('LITERACY', 'Literacy Rate', '%', 'Annual', 'rate', 92, 8, 'Health', 'the share of adults who can read and write'),
  S(
    'URBANPOP',
    'Urban Population',
    '% of total',
    'Annual',
    'rate',
    70,
    15,
    'Health',
    'people living in urban areas as a share of the total population',
  ),
  S(
    'HEALTHEXP',
    'Health Expenditure per Capita',
    'USD',
    'Annual',
    'price',
    0,
    0.08,
    'Health',
    'current health spending per person',
  ),
]

const SOURCES: Record<Category, string> = {
  GDP: '{COUNTRY} National Statistics Office',
  Labour: '{COUNTRY} National Statistics Office',
  Prices: '{COUNTRY} National Statistics Office',
  Money: 'Central Bank of {COUNTRY}',
  Markets: 'OTC Interbank',
  Trade: '{COUNTRY} Customs and Central Bank',
  Government: '{COUNTRY} Ministry of Finance',
  Business: '{COUNTRY} Statistics and Business Surveys',
  Consumer: '{COUNTRY} National Statistics Office',
  Housing: '{COUNTRY} Ministry of Housing',
  Energy: '{COUNTRY} Energy Agency',
  Health: 'World Bank',
}

// ---------------------------------------------------------------------------------------------------------------
// Sample values

const SAMPLE_COUNT: Record<Periodicity, number> = { Daily: 10, Weekly: 8, Monthly: 12, Quarterly: 8, Annual: 6 }
const PERIODS_PER_YEAR: Record<Periodicity, number> = { Daily: 260, Weekly: 52, Monthly: 12, Quarterly: 4, Annual: 1 }

/** Period-end dates, the last one at the end of 2024. */
export function sampleDates(periodicity: Periodicity, count = SAMPLE_COUNT[periodicity]): string[] {
  const end = Date.UTC(2024, 11, 31)
  const dates: string[] = []
  for (let i = count - 1; i >= 0; i--) {
    let at: Date
    switch (periodicity) {
      case 'Daily':
        at = new Date(end - i * 86_400_000)
        break
      case 'Weekly':
        at = new Date(end - i * 7 * 86_400_000)
        break
      case 'Monthly':
        at = new Date(Date.UTC(2025, -i, 0)) // day 0 = last day of the previous month
        break
      case 'Quarterly':
        at = new Date(Date.UTC(2025, -3 * i, 0))
        break
      case 'Annual':
        at = new Date(Date.UTC(2024 - i, 11, 31))
        break
    }
    dates.push(at.toISOString().slice(0, 10))
  }
  return dates
}

/** Divisor that turns a raw amount into the units' scale word ("Million" → 1e6). */
function scaleOf(units: string): number {
  if (/\bTrillion\b/i.test(units)) return 1e12
  if (/\bBillion\b/i.test(units)) return 1e9
  if (/\bMillion\b/i.test(units)) return 1e6
  if (/\bThousand\b|\/1K\b/i.test(units)) return 1e3
  return 1
}

interface SeriesValues {
  values: number[]
  units: string
}

/** Values for one series in one country, plus the units (money series move from Million to Billion for big currencies). */
function seriesValues(series: BaseSeries, country: Country, units: string, rand: () => number): SeriesValues {
  const n = SAMPLE_COUNT[series.periodicity]
  const perYear = PERIODS_PER_YEAR[series.periodicity]
  const gdpLocal = country.gdpUsdBn * 1e9 * country.usdRate
  const inUsd = /^USD\b/.test(units) || units === 'USD'
  const gdp = inUsd ? country.gdpUsdBn * 1e9 : gdpLocal
  const countryFactor = Math.exp(normal(rand) * 0.35)
  const trend = 1 + (0.01 + rand() * 0.05) / perYear
  const wobble = (sd: number) => 1 + normal(rand) * sd
  const path = (start: number, sd: number): number[] => {
    const out: number[] = []
    let level = start
    for (let i = 0; i < n; i++) {
      out.push(level * wobble(sd))
      level *= trend
    }
    return out
  }
  let values: number[]
  let outUnits = units
  switch (series.kind) {
    case 'flow': {
      // b = 2 marks a physical flow: `a` is the quantity per person a year, in the units before their scale word.
      const physical = series.b === 2
      const annual = physical
        ? country.popM * 1e6 * series.a * countryFactor
        : gdp * series.a * (series.code === 'GDP' || series.code === 'GDPUSD' ? 1 : countryFactor)
      const perPeriod = annual / (series.units.includes('BBL/D') ? 365 : perYear)
      values = path(perPeriod / scaleOf(units), 0.03)
      break
    }
    case 'stock': {
      // b = 2 marks a physical stock: `a` per million people.
      const base =
        series.b === 2 ? country.popM * series.a * countryFactor : (gdp * series.a * countryFactor) / scaleOf(units)
      values = path(base, 0.01)
      break
    }
    case 'balance': {
      const sign = rand() < 0.5 ? -1 : 1
      const size = (gdp * series.a * countryFactor) / (series.code === 'NETIIP' ? 1 : perYear) / scaleOf(units)
      values = Array.from({ length: n }, () => size * (sign * 0.8 + normal(rand) * 0.6))
      break
    }
    case 'ytd': {
      const monthly = (gdp * series.a * countryFactor) / 12 / scaleOf(units)
      const dates = sampleDates(series.periodicity, n)
      let cumulative = 0
      values = dates.map((date) => {
        if (date.slice(5, 7) === '01') cumulative = 0
        cumulative += monthly * wobble(0.25)
        return cumulative
      })
      break
    }
    case 'count': {
      const people = country.popM * 1e6
      const perPeriod = series.code === 'POP' ? people : people * series.a * countryFactor
      values =
        series.b === 1
          ? Array.from({ length: n }, () => (perPeriod * (0.5 + normal(rand))) / scaleOf(units))
          : path(perPeriod / scaleOf(units), 0.04)
      break
    }
    case 'rate': {
      const level = Math.max(0.1, series.a + normal(rand) * series.b)
      values = path(level, 0.02).map((v, i) => v / trend ** i)
      break
    }
    case 'growth': {
      const mean = series.a + normal(rand) * series.b * 0.5
      values = Array.from({ length: n }, () => mean + normal(rand) * series.b * 0.5)
      break
    }
    case 'index': {
      const start =
        (series.a || 100) * (series.code === 'STOCKS' ? Math.exp(normal(rand) * 1.2) : 1 + normal(rand) * 0.08)
      values = path(start, 0.004)
      break
    }
    case 'diffusion': {
      const level = series.a + normal(rand) * series.b * 0.5
      values = Array.from({ length: n }, () => level + normal(rand) * series.b * 0.4)
      break
    }
    case 'price': {
      const perCapitaUsd = (country.gdpUsdBn * 1e9) / (country.popM * 1e6)
      const usd = series.a > 0 ? series.a * countryFactor : perCapitaUsd * series.b
      const local = inUsd ? usd : usd * country.usdRate
      values = path(local, 0.02)
      break
    }
    case 'fx':
      values = path(country.usdRate, 0.01).map((v, i) => v / trend ** i)
      break
    case 'const': {
      const level = Math.max(0, series.a + (series.b ? normal(rand) * series.b : normal(rand) * 0.5))
      values = Array.from({ length: n }, (_, i) => (i < n - 2 ? level : level + (rand() < 0.3 ? 1 : 0)))
      break
    }
  }
  // Big currencies report in Billion where the template says Million, as real catalogues do.
  if (/\bMillion\b/.test(outUnits) && series.units.includes('{CUR}') && Math.max(...values.map(Math.abs)) >= 5e6) {
    outUnits = outUnits.replace('Million', 'Billion')
    values = values.map((v) => v / 1000)
  }
  return { values: values.map(tidy), units: outUnits }
}

/** One indicator of a base series for a country, e.g. `DE-GDP`. */
export function realisticIndicator(series: BaseSeries, country: Country): IndicatorInput {
  const indicator_id = `${country.iso2}-${series.code}`
  const rand = prng(hashSeed(indicator_id))
  const template = series.units.replaceAll('{CUR}', country.currency)
  const { values, units } = seriesValues(series, country, template, rand)
  const dates = sampleDates(series.periodicity, values.length)
  const money = series.units.includes('{CUR}') || /^USD\b/.test(series.units) || series.units === 'USD'
  const currency = series.units.includes('{CUR}') ? country.currency : money ? 'USD' : undefined
  const scaleWord = /Billion/.test(units)
    ? 'Billions'
    : /Million/.test(units)
      ? 'Millions'
      : /Thousand/.test(units)
        ? 'Thousands'
        : undefined
  const source_name = SOURCES[series.category].replaceAll('{COUNTRY}', country.name)
  return {
    indicator_id,
    name: series.name,
    units,
    periodicity: series.periodicity,
    description: `${series.name} in ${country.name}: ${series.about}.`,
    source_name,
    category_group: series.category,
    ...(currency && series.kind !== 'fx' ? { currency_code: currency } : {}),
    ...(scaleWord ? { scale: scaleWord } : {}),
    sample_values: dates.map((date, i) => ({ date, value: values[i]! })),
  }
}

/**
 * Every base series × country (about 12,000), in a seeded shuffled order, cut to `size`:
 * any prefix mixes all series and countries, so a smaller run keeps the catalogue's shape.
 */
export function realisticCatalogue(size = 10_000, seed = 20_240_131): IndicatorInput[] {
  const all: IndicatorInput[] = []
  for (const country of COUNTRIES) {
    for (const series of BASE_SERIES) {
      if (series.notUsd && country.currency === 'USD') continue
      all.push(realisticIndicator(series, country))
    }
  }
  if (size > all.length) throw new Error(`the realistic catalogue has ${all.length} indicators; asked for ${size}`)
  return shuffle(all, prng(seed)).slice(0, size)
}

// ---------------------------------------------------------------------------------------------------------------
// Distinct indicators

type SubjectClass = 'commodity' | 'sector' | 'finance' | 'social'

const SUBJECTS: Record<SubjectClass, readonly string[]> = {
  commodity: [
    'Wheat',
    'Maize',
    'Rice',
    'Soybean',
    'Coffee',
    'Cocoa',
    'Raw Sugar',
    'Cotton',
    'Copper',
    'Aluminium',
    'Nickel',
    'Zinc',
    'Iron Ore',
    'Thermal Coal',
    'Lithium',
    'Gold',
    'Silver',
    'Palm Oil',
    'Natural Rubber',
    'Sawn Timber',
    'Beef',
    'Poultry',
    'Fresh Milk',
    'Farmed Salmon',
    'Tea',
    'Bananas',
    'Barley',
    'Rapeseed',
    'Lead',
    'Tin',
    'Cobalt',
    'Uranium',
    'Liquefied Natural Gas',
    'Jet Fuel',
    'Fertilizer',
    'Wool',
    'Orange Juice',
    'Olive Oil',
    'Potash',
    'Phosphate Rock',
    'Platinum',
    'Manganese',
  ],
  sector: [
    'Textiles',
    'Pharmaceuticals',
    'Semiconductors',
    'Machinery',
    'Chemicals',
    'Furniture',
    'Footwear',
    'Shipbuilding',
    'Aerospace',
    'Software Services',
    'Telecommunications',
    'Hotels and Restaurants',
    'Air Transport',
    'Rail Freight',
    'Road Haulage',
    'Wholesale Trade',
    'Real Estate Services',
    'Insurance Services',
    'Education Services',
    'Hospital Services',
    'Food Processing',
    'Beverages',
    'Tobacco Products',
    'Paper and Pulp',
    'Printing',
    'Plastics',
    'Glass and Ceramics',
    'Electrical Equipment',
    'Consumer Electronics',
    'Motor Vehicle Parts',
    'Medical Devices',
    'Biotechnology',
    'Logistics and Warehousing',
    'Postal and Courier',
    'Advertising',
    'Legal Services',
    'Accounting Services',
    'Architecture and Engineering',
    'Security Services',
    'Waste Management',
    'Water Supply',
    'Civil Engineering',
    'Film and Broadcasting',
    'Gaming and Betting',
  ],
  finance: [
    'Mortgage Lending',
    'Consumer Loans',
    'Credit Card Balances',
    'Pension Fund Assets',
    'Municipal Bonds',
    'Venture Capital',
    'Corporate Bonds',
    'Money Market Funds',
    'Student Loans',
    'Auto Loans',
    'Trade Credit',
    'Microfinance Loans',
    'Covered Bonds',
    'Green Bonds',
    'Leasing Contracts',
    'SME Loans',
    'Interbank Deposits',
    'Savings Accounts',
    'Islamic Banking Assets',
    'Exchange Traded Funds',
    'Life Insurance Premiums',
    'Sovereign Wealth Fund Assets',
    'Payday Loans',
    'Agricultural Credit',
    'Commercial Real Estate Loans',
  ],
  social: [
    'Primary School Enrolment',
    'University Graduates',
    'Hospital Admissions',
    'Road Traffic Deaths',
    'Internet Users',
    'Mobile Subscriptions',
    'Broadband Connections',
    'Marriages',
    'Divorces',
    'Net Migration',
    'International Students',
    'Museum Visitors',
    'Cinema Admissions',
    'Public Library Loans',
    'Reported Crimes',
    'Prison Population',
    'Vaccination Coverage',
    'Obesity Prevalence',
    'Smoking Prevalence',
    'Household Waste',
    'Air Passengers',
    'Rail Passengers',
    'Bus Ridership',
    'Registered Nurses',
    'Pensioners',
  ],
}

interface Measure {
  label: string
  units: readonly string[]
  periodicity: readonly Periodicity[]
  kind: 'amount' | 'physical' | 'percent' | 'change' | 'index' | 'price' | 'count' | 'duration' | 'ratio'
}

const M = (label: string, units: string[], periodicity: Periodicity[], kind: Measure['kind']): Measure => ({
  label,
  units,
  periodicity,
  kind,
})

const MEASURES: Record<SubjectClass, readonly Measure[]> = {
  commodity: [
    M(
      'Production',
      ['Tonnes', 'Thousand Tonnes', 'Million Metric Tons', 'Kilotonnes'],
      ['Monthly', 'Quarterly', 'Annual'],
      'physical',
    ),
    M('Exports', ['{CUR} Million', '{CUR} Thousand', 'Tonnes', 'Thousand Tonnes'], ['Monthly', 'Quarterly'], 'amount'),
    M('Imports', ['{CUR} Million', '{CUR} Billion', 'Thousand Tonnes'], ['Monthly', 'Quarterly'], 'amount'),
    M(
      'Spot Price',
      ['{CUR}/Tonne', '{CUR}/Kg', 'USD/Troy Ounce', 'USD/Bushel', 'USc/Lbs'],
      ['Daily', 'Weekly'],
      'price',
    ),
    M('Farmgate Price', ['{CUR}/Kg', '{CUR} per 100 Kg'], ['Monthly'], 'price'),
    M('Stocks', ['Thousand Tonnes', 'Tonnes', '{CUR} Million'], ['Monthly', 'Quarterly'], 'physical'),
    M('Consumption', ['Thousand Tonnes', 'Kilograms per capita'], ['Annual', 'Quarterly'], 'physical'),
    M('Production YoY', ['%', 'percent change'], ['Monthly', 'Quarterly'], 'change'),
    M('Export Price Index', ['points', '2015=100', 'Index 2010=100'], ['Monthly', 'Quarterly'], 'index'),
    M('Export Volume Change', ['%'], ['Monthly'], 'change'),
    M('Self-Sufficiency Ratio', ['%'], ['Annual'], 'percent'),
    M('Import Dependence', ['% of consumption'], ['Annual'], 'percent'),
  ],
  sector: [
    M('Output', ['{CUR} Million', '{CUR} Billion'], ['Quarterly', 'Annual'], 'amount'),
    M('Gross Value Added', ['{CUR} Million', '{CUR} Hundred Million'], ['Quarterly', 'Annual'], 'amount'),
    M('Employment', ['Thousand', 'Persons', 'Thousand Persons'], ['Quarterly', 'Annual'], 'count'),
    M('Average Hourly Wages', ['{CUR}/Hour'], ['Quarterly', 'Monthly'], 'price'),
    M('Turnover', ['{CUR} Million', '{CUR} Thousand'], ['Monthly', 'Quarterly'], 'amount'),
    M('Turnover MoM', ['%'], ['Monthly'], 'change'),
    M('New Orders Index', ['points', '2021=100'], ['Monthly'], 'index'),
    M('Output Growth YoY', ['%'], ['Quarterly', 'Monthly'], 'change'),
    M('Share of GDP', ['% of GDP'], ['Annual'], 'percent'),
    M('Number of Enterprises', ['Companies', 'Units'], ['Annual'], 'count'),
    M('Capital Expenditure', ['{CUR} Million'], ['Quarterly', 'Annual'], 'amount'),
    M('Capacity Utilization', ['%'], ['Quarterly'], 'percent'),
    M('Producer Price Change', ['%'], ['Monthly'], 'change'),
    M('Business Confidence', ['points', 'balance'], ['Monthly'], 'index'),
    M('Job Vacancy Rate', ['%'], ['Quarterly'], 'percent'),
    M('Labour Productivity Index', ['points', '2015=100'], ['Quarterly', 'Annual'], 'index'),
  ],
  finance: [
    M('Outstanding', ['{CUR} Million', '{CUR} Billion', 'USD Million'], ['Monthly', 'Quarterly'], 'amount'),
    M('New Issuance', ['{CUR} Million', 'USD Billion'], ['Monthly', 'Quarterly'], 'amount'),
    M('Growth YoY', ['%'], ['Monthly'], 'change'),
    M('Average Interest Rate', ['%', 'percent per annum'], ['Monthly'], 'percent'),
    M('Default Rate', ['%'], ['Quarterly'], 'percent'),
    M('Spread over Government Bonds', ['bps', 'percentage points'], ['Daily', 'Monthly'], 'percent'),
    M('Share of Total Credit', ['%'], ['Quarterly'], 'percent'),
    M('to GDP', ['% of GDP'], ['Annual', 'Quarterly'], 'percent'),
    M('Average Maturity', ['Years', 'Months'], ['Quarterly'], 'duration'),
    M('Net Flows', ['{CUR} Million'], ['Monthly'], 'amount'),
  ],
  social: [
    M('', ['Persons', 'Thousand', 'Number'], ['Annual', 'Quarterly'], 'count'),
    M('per 100,000 people', ['per 100,000 people'], ['Annual'], 'ratio'),
    M('Rate', ['%', 'per 1000 people'], ['Annual'], 'percent'),
    M('YoY Change', ['%'], ['Annual', 'Quarterly'], 'change'),
    M('Index', ['points', '2010=100'], ['Annual'], 'index'),
  ],
}

const QUALIFIERS: readonly string[] = [
  '',
  'Seasonally Adjusted',
  'Real',
  'Nominal',
  'Domestic',
  'Private',
  'Public',
  'Urban',
  'Rural',
  'Northern Region',
  'Southern Region',
  'Coastal Provinces',
  'Capital Region',
  'Provisional',
  '3-Month Moving Average',
  'Working-Day Adjusted',
  'Small Firms',
  'Large Firms',
]

const DISTINCT_CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CNY',
  'INR',
  'BRL',
  'ZAR',
  'MXN',
  'KRW',
  'AUD',
  'CAD',
  'CHF',
  'SEK',
  'PLN',
  'TRY',
  'IDR',
  'NGN',
  'EGP',
  'CLP',
]

function distinctValues(measure: Measure, units: string, periodicity: Periodicity, rand: () => number): number[] {
  const n = SAMPLE_COUNT[periodicity]
  const base = Math.exp(rand() * 8)
  switch (measure.kind) {
    case 'amount':
    case 'physical':
    case 'count':
      return Array.from({ length: n }, (_, i) => tidy(base * (1 + i * 0.01) * (1 + normal(rand) * 0.05)))
    case 'price':
      return Array.from({ length: n }, () => tidy((base / 10) * (1 + normal(rand) * 0.03)))
    case 'duration':
      return Array.from({ length: n }, () =>
        tidy((units === 'Months' ? 6 : 0.5) + rand() * (units === 'Months' ? 90 : 15)),
      )
    case 'percent':
    case 'ratio': {
      const level = units === 'bps' ? 50 + rand() * 300 : 1 + rand() * 60
      return Array.from({ length: n }, () => tidy(level * (1 + normal(rand) * 0.03)))
    }
    case 'change': {
      const mean = normal(rand) * 3
      return Array.from({ length: n }, () => tidy(mean + normal(rand) * 2))
    }
    case 'index':
      return Array.from({ length: n }, (_, i) => tidy((90 + rand() * 30) * (1 + i * 0.003)))
  }
}

/** `count` indicators whose names are all different (and most units too), drawn from subject × measure × qualifier. */
export function distinctCatalogue(count = 2_000, seed = 7_919): IndicatorInput[] {
  const rand = prng(seed)
  const combos: { cls: SubjectClass; subject: string; measure: Measure; qualifier: string }[] = []
  for (const cls of Object.keys(SUBJECTS) as SubjectClass[]) {
    for (const subject of SUBJECTS[cls])
      for (const measure of MEASURES[cls])
        for (const qualifier of QUALIFIERS) combos.push({ cls, subject, measure, qualifier })
  }
  // Prefer a spread of subjects and measures: shuffle, then take at most a few qualifiers per subject × measure.
  const seenNames = new Set<string>()
  const perPair = new Map<string, number>()
  const out: IndicatorInput[] = []
  for (const combo of shuffle(combos, rand)) {
    if (out.length >= count) break
    const pair = `${combo.subject}|${combo.measure.label}`
    if ((perPair.get(pair) ?? 0) >= 2) continue
    const core =
      combo.measure.label === 'to GDP'
        ? `${combo.subject} to GDP`
        : [combo.subject, combo.measure.label].filter(Boolean).join(' ')
    const name = combo.qualifier
      ? combo.qualifier.endsWith('Region') || combo.qualifier.endsWith('Provinces')
        ? `${core} - ${combo.qualifier}`
        : `${combo.qualifier} ${core}`
      : core
    const key = name.toLowerCase().replace(/\s+/g, ' ')
    if (seenNames.has(key)) continue
    seenNames.add(key)
    perPair.set(pair, (perPair.get(pair) ?? 0) + 1)
    const currency = pickOne(DISTINCT_CURRENCIES, rand)
    const units = pickOne(combo.measure.units, rand).replaceAll('{CUR}', currency)
    const periodicity = pickOne(combo.measure.periodicity, rand)
    const values = distinctValues(combo.measure, units, periodicity, rand)
    const dates = sampleDates(periodicity, values.length)
    const money = /\b[A-Z]{3}\b/.test(units) && !/^(bps|USc)/.test(units)
    out.push({
      indicator_id: `DX-${String(out.length + 1).padStart(5, '0')}`,
      name,
      units,
      periodicity,
      description: `${name}: ${combo.measure.label ? combo.measure.label.toLowerCase() : 'the number'} of ${combo.subject.toLowerCase()}${combo.qualifier ? ` (${combo.qualifier.toLowerCase()})` : ''}, ${periodicity.toLowerCase()}.`,
      source_name:
        combo.cls === 'finance'
          ? 'Central bank statistics'
          : combo.cls === 'social'
            ? 'Administrative records'
            : 'Sector survey',
      category_group: combo.cls,
      ...(money ? { currency_code: /^USD|USc/.test(units) ? 'USD' : currency } : {}),
      sample_values: dates.map((date, i) => ({ date, value: values[i]! })),
    })
  }
  if (out.length < count)
    throw new Error(`only ${out.length} distinct indicators could be generated; asked for ${count}`)
  return out
}

/** How many distinct (name, units, periodicity) signatures a catalogue has: the work left after exact de-duplication. */
export function distinctSignatures(indicators: readonly IndicatorInput[]): number {
  return new Set(
    indicators.map(
      (i) => `${i.name.toLowerCase()}|${(i.units ?? '').toLowerCase()}|${(i.periodicity ?? '').toLowerCase()}`,
    ),
  ).size
}
