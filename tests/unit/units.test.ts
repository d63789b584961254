import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseUnits, reconcileUnits, type ParsedUnits } from '../../src/normalize/units'
import type { ParsedUnitType, Scale } from '../../src/taxonomy/index'

// Units strings as real catalogues write them (Trading Economics, WDI, IMF IFS, FRED, OECD, Eurostat).
// [units, parsed_unit_type, scale, scale_multiplier, detected_currency, other fields that must hold]
type Row = [string, ParsedUnitType, Scale, number, string | null, Partial<ParsedUnits>?]

const ROWS: Row[] = [
  // money amounts: ISO codes and magnitudes
  ['USD Million', 'currency-amount', 'millions', 1e6, 'USD', { currency_kind: 'iso' }],
  ['USD Billion', 'currency-amount', 'billions', 1e9, 'USD'],
  ['USD Thousand', 'currency-amount', 'thousands', 1e3, 'USD'],
  ['USD Trillion', 'currency-amount', 'trillions', 1e12, 'USD'],
  ['EUR Million', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['EUR Billion', 'currency-amount', 'billions', 1e9, 'EUR'],
  ['GBP Million', 'currency-amount', 'millions', 1e6, 'GBP'],
  ['JPY Billion', 'currency-amount', 'billions', 1e9, 'JPY'],
  ['KRW Billion', 'currency-amount', 'billions', 1e9, 'KRW'],
  ['KRW Trillion', 'currency-amount', 'trillions', 1e12, 'KRW'],
  ['CNY Hundred Million', 'currency-amount', 'millions', 1e8, 'CNY'],
  ['Hundred Million CNY', 'currency-amount', 'millions', 1e8, 'CNY'],
  ['USD Hundred Million', 'currency-amount', 'millions', 1e8, 'USD'],
  ['CNY Ten Thousand', 'currency-amount', 'thousands', 1e4, 'CNY'],
  ['CNY Hundred Thousand', 'currency-amount', 'thousands', 1e5, 'CNY'],
  ['INR Crore', 'currency-amount', 'millions', 1e7, 'INR'],
  ['INR Lakh', 'currency-amount', 'thousands', 1e5, 'INR'],
  ['INR Lakh Crore', 'currency-amount', 'trillions', 1e12, 'INR'],
  ['ALL Million', 'currency-amount', 'millions', 1e6, 'ALL'],
  ['TRY Million', 'currency-amount', 'millions', 1e6, 'TRY'],
  ['TRY Thousand', 'currency-amount', 'thousands', 1e3, 'TRY'],
  ['CAD Million', 'currency-amount', 'millions', 1e6, 'CAD'],
  ['AUD Million', 'currency-amount', 'millions', 1e6, 'AUD'],
  ['BRL Million', 'currency-amount', 'millions', 1e6, 'BRL'],
  ['BRL Billion', 'currency-amount', 'billions', 1e9, 'BRL'],
  ['MXN Million', 'currency-amount', 'millions', 1e6, 'MXN'],
  ['IDR Billion', 'currency-amount', 'billions', 1e9, 'IDR'],
  ['IDR Trillion', 'currency-amount', 'trillions', 1e12, 'IDR'],
  ['VND Billion', 'currency-amount', 'billions', 1e9, 'VND'],
  ['PKR Million', 'currency-amount', 'millions', 1e6, 'PKR'],
  ['NGN Billion', 'currency-amount', 'billions', 1e9, 'NGN'],
  ['ZAR Million', 'currency-amount', 'millions', 1e6, 'ZAR'],
  ['CHF Million', 'currency-amount', 'millions', 1e6, 'CHF'],
  ['SEK Million', 'currency-amount', 'millions', 1e6, 'SEK'],
  ['HKD Million', 'currency-amount', 'millions', 1e6, 'HKD'],
  ['TWD Billion', 'currency-amount', 'billions', 1e9, 'TWD'],
  ['RUB Billion', 'currency-amount', 'billions', 1e9, 'RUB'],
  ['XDR Million', 'currency-amount', 'millions', 1e6, 'XDR'],
  ['HRK Million', 'currency-amount', 'millions', 1e6, 'HRK'],
  ['USD', 'currency-amount', 'raw-units', 1, 'USD'],
  ['EUR', 'currency-amount', 'raw-units', 1, 'EUR'],
  ['PKR', 'currency-amount', 'raw-units', 1, 'PKR'],
  ['JPY', 'currency-amount', 'raw-units', 1, 'JPY'],
  ['MAD', 'currency-amount', 'raw-units', 1, 'MAD'],
  ['TRY', 'currency-amount', 'raw-units', 1, 'TRY'],
  ['ALL MILLION', 'currency-amount', 'millions', 1e6, 'ALL'],
  ['Million TRY', 'currency-amount', 'millions', 1e6, 'TRY'],
  ['TRY, constant prices', 'currency-amount', 'raw-units', 1, 'TRY', { is_real: true }],
  ['won million', 'currency-amount', 'millions', 1e6, 'KRW'],
  // abbreviated and glued magnitudes
  ['USD mn', 'currency-amount', 'millions', 1e6, 'USD'],
  ['USD bn', 'currency-amount', 'billions', 1e9, 'USD'],
  ['EUR mio', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['EUR mln', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['EUR bln', 'currency-amount', 'billions', 1e9, 'EUR'],
  ['USD tn', 'currency-amount', 'trillions', 1e12, 'USD'],
  ['USD k', 'currency-amount', 'thousands', 1e3, 'USD'],
  ['USD MM', 'currency-amount', 'millions', 1e6, 'USD'],
  ['USD m', 'currency-amount', 'millions', 1e6, 'USD'],
  ['USDm', 'currency-amount', 'millions', 1e6, 'USD'],
  ['EURbn', 'currency-amount', 'billions', 1e9, 'EUR'],
  ['EUR-million', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['EUR thousands', 'currency-amount', 'thousands', 1e3, 'EUR'],
  ['€m', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['€ million', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['£bn', 'currency-amount', 'billions', 1e9, 'GBP'],
  ['£ thousand', 'currency-amount', 'thousands', 1e3, 'GBP'],
  ['$bn', 'currency-amount', 'billions', 1e9, null, { currency_kind: 'word' }],
  ['US$ million', 'currency-amount', 'millions', 1e6, 'USD'],
  ['US$ m', 'currency-amount', 'millions', 1e6, 'USD'],
  ['Thousands of USD', 'currency-amount', 'thousands', 1e3, 'USD'],
  ['Millions of US Dollars', 'currency-amount', 'millions', 1e6, 'USD'],
  ['Millions of Euros', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['Billions of Yen', 'currency-amount', 'billions', 1e9, 'JPY'],
  ['Billions of Dollars', 'currency-amount', 'billions', 1e9, null, { currency_kind: 'word' }],
  ['Millions of Dollars', 'currency-amount', 'millions', 1e6, null, { currency_kind: 'word' }],
  ['Billions of Chained 2017 Dollars', 'currency-amount', 'billions', 1e9, null, { is_real: true, base_year: '2017' }],
  ['Million euro', 'currency-amount', 'millions', 1e6, 'EUR'],
  ['Billion yuan', 'currency-amount', 'billions', 1e9, 'CNY'],
  ['Hundred million yuan', 'currency-amount', 'millions', 1e8, 'CNY'],
  ['100 million yuan', 'currency-amount', 'millions', 1e8, 'CNY'],
  ['Ten thousand yuan', 'currency-amount', 'thousands', 1e4, 'CNY'],
  ['Billion Won', 'currency-amount', 'billions', 1e9, 'KRW'],
  ['Won', 'currency-amount', 'raw-units', 1, 'KRW'],
  ['Trillion Rupiah', 'currency-amount', 'trillions', 1e12, 'IDR'],
  ['Million Rupees', 'currency-amount', 'millions', 1e6, null, { currency_kind: 'word' }],
  ['Lakh Rupees', 'currency-amount', 'thousands', 1e5, null],
  ['Rs. Crore', 'currency-amount', 'millions', 1e7, null],
  ['Indian Rupee Crore', 'currency-amount', 'millions', 1e7, 'INR'],
  ['Turkish Lira', 'currency-amount', 'raw-units', 1, 'TRY', { currency_kind: 'word' }],
  ['Million Turkish Lira', 'currency-amount', 'millions', 1e6, 'TRY'],
  ['Lira', 'currency-amount', 'raw-units', 1, null],
  ['Brazilian Real', 'currency-amount', 'raw-units', 1, 'BRL', { is_real: null }],
  ['Reais, millions', 'currency-amount', 'millions', 1e6, 'BRL'],
  ['Rand Million', 'currency-amount', 'millions', 1e6, 'ZAR'],
  // SARB and Stats SA write the rand as "R" before the scale; a lone "R" elsewhere is not money.
  ['R millions', 'currency-amount', 'millions', 1e6, 'ZAR'],
  ['R bn', 'currency-amount', 'billions', 1e9, 'ZAR'],
  ['Naira Billion', 'currency-amount', 'billions', 1e9, 'NGN'],
  ['Billion Rubles', 'currency-amount', 'billions', 1e9, 'RUB'],
  ['Roubles', 'currency-amount', 'raw-units', 1, 'RUB'],
  ['Pound Sterling', 'currency-amount', 'raw-units', 1, 'GBP'],
  ['Swiss Francs', 'currency-amount', 'raw-units', 1, 'CHF'],
  ['Mexican Pesos', 'currency-amount', 'raw-units', 1, 'MXN'],
  ['Millions of Philippine pesos', 'currency-amount', 'millions', 1e6, 'PHP'],
  ['Pesos', 'currency-amount', 'raw-units', 1, null],
  ['Euro', 'currency-amount', 'raw-units', 1, 'EUR'],
  ['Yen', 'currency-amount', 'raw-units', 1, 'JPY'],
  ['Renminbi', 'currency-amount', 'raw-units', 1, 'CNY'],
  ['RMB Billion', 'currency-amount', 'billions', 1e9, 'CNY'],
  ['NIS Million', 'currency-amount', 'millions', 1e6, 'ILS'],
  ['SDR Million', 'currency-amount', 'millions', 1e6, 'XDR'],
  ['Hryvnia, millions', 'currency-amount', 'millions', 1e6, 'UAH'],
  ['Zloty', 'currency-amount', 'raw-units', 1, 'PLN'],
  ['Bolívar', 'currency-amount', 'raw-units', 1, 'VES'],
  // national / local currency and price bases
  ['National currency', 'currency-amount', 'raw-units', 1, null, { currency_kind: 'national' }],
  ['National currency, Millions', 'currency-amount', 'millions', 1e6, null, { currency_kind: 'national' }],
  ['Millions of national currency', 'currency-amount', 'millions', 1e6, null, { currency_kind: 'national' }],
  ['Local currency', 'currency-amount', 'raw-units', 1, null, { currency_kind: 'national' }],
  ['Domestic currency, billions', 'currency-amount', 'billions', 1e9, null, { currency_kind: 'national' }],
  ['LCU', 'currency-amount', 'raw-units', 1, null, { currency_kind: 'national' }],
  ['current LCU', 'currency-amount', 'raw-units', 1, null, { currency_kind: 'national', is_real: false }],
  ['constant LCU', 'currency-amount', 'raw-units', 1, null, { currency_kind: 'national', is_real: true }],
  ['Millions, constant prices, national currency', 'currency-amount', 'millions', 1e6, null, { is_real: true }],
  ['current US$', 'currency-amount', 'raw-units', 1, 'USD', { is_real: false }],
  ['constant 2015 US$', 'currency-amount', 'raw-units', 1, 'USD', { is_real: true, base_year: '2015' }],
  ['constant 2010 US$', 'currency-amount', 'raw-units', 1, 'USD', { is_real: true, base_year: '2010' }],
  ['US$', 'currency-amount', 'raw-units', 1, 'USD'],
  ['US dollars', 'currency-amount', 'raw-units', 1, 'USD'],
  ['U.S. Dollars', 'currency-amount', 'raw-units', 1, 'USD'],
  ['USD, current prices', 'currency-amount', 'raw-units', 1, 'USD', { is_real: false }],
  ['AMT, current US$', 'currency-amount', 'raw-units', 1, 'USD', { is_real: false, physical_unit: null }],
  ['Current international $', 'currency-amount', 'raw-units', 1, null, { is_real: false }],
  ['EUR, chain-linked volumes (2015)', 'currency-amount', 'raw-units', 1, 'EUR', { is_real: true, base_year: '2015' }],
  ['Real, USD Billion', 'currency-amount', 'billions', 1e9, 'USD', { is_real: true }],
  ['Nominal, EUR Million', 'currency-amount', 'millions', 1e6, 'EUR', { is_real: false }],
  [
    'USD Million per quarter',
    'currency-amount',
    'millions',
    1e6,
    'USD',
    { per_time: 'quarter', frequency_hint: 'quarterly' },
  ],
  ['EUR per month', 'currency-amount', 'raw-units', 1, 'EUR', { per_time: 'month', frequency_hint: 'monthly' }],
  ['USD per day', 'currency-amount', 'raw-units', 1, 'USD', { per_time: 'day', frequency_hint: null }],
  ['USD Million, Quarterly', 'currency-amount', 'millions', 1e6, 'USD', { frequency_hint: 'quarterly' }],
  ['EUR Million, monthly average', 'currency-amount', 'millions', 1e6, 'EUR', { frequency_hint: 'monthly' }],
  // money per physical unit
  ['USD/Barrel', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'barrel' }],
  ['USD per barrel', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'barrel' }],
  ['US Dollar per Barrel', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'barrel' }],
  ['Dollars per barrel', 'currency-per-unit', 'raw-units', 1, null, { physical_unit: 'barrel' }],
  ['EUR/MWh', 'currency-per-unit', 'raw-units', 1, 'EUR', { physical_unit: 'mwh' }],
  ['Euros per MWh', 'currency-per-unit', 'raw-units', 1, 'EUR', { physical_unit: 'mwh' }],
  ['KRW/Hour', 'currency-per-unit', 'raw-units', 1, 'KRW', { physical_unit: 'hour', per_time: null }],
  ['Dollars per Hour', 'currency-per-unit', 'raw-units', 1, null, { physical_unit: 'hour' }],
  ['USD/t', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'tonne' }],
  ['USD/MT', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'tonne' }],
  ['CNY/T', 'currency-per-unit', 'raw-units', 1, 'CNY', { physical_unit: 'tonne' }],
  ['EUR per tonne', 'currency-per-unit', 'raw-units', 1, 'EUR', { physical_unit: 'tonne' }],
  ['INR/kg', 'currency-per-unit', 'raw-units', 1, 'INR', { physical_unit: 'kg' }],
  ['BRL/Kg', 'currency-per-unit', 'raw-units', 1, 'BRL', { physical_unit: 'kg' }],
  ['Yen per kilogram', 'currency-per-unit', 'raw-units', 1, 'JPY', { physical_unit: 'kg' }],
  ['USD/oz', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'ounce' }],
  ['USD/Troy Ounce', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'ounce' }],
  ['USD/MMBtu', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'mmbtu' }],
  ['USD/Bushel', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'bushel' }],
  ['USD/Gallon', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'gallon' }],
  ['EUR/Litre', 'currency-per-unit', 'raw-units', 1, 'EUR', { physical_unit: 'litre' }],
  ['JPY per kWh', 'currency-per-unit', 'raw-units', 1, 'JPY', { physical_unit: 'kwh' }],
  ['USD/Sq. Metre', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'square-metre' }],
  ['USD per unit', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'units' }],
  ['USD per share', 'currency-per-unit', 'raw-units', 1, 'USD', { physical_unit: 'share' }],
  ['USd/Lbs', 'currency-per-unit', 'raw-units', 0.01, 'USD', { physical_unit: 'pound' }],
  ['GBp/Therm', 'currency-per-unit', 'raw-units', 0.01, 'GBP', { physical_unit: 'therm' }],
  ['US cents per pound', 'currency-per-unit', 'raw-units', 0.01, 'USD', { physical_unit: 'pound' }],
  ['Cents per pound', 'currency-per-unit', 'raw-units', 0.01, null, { physical_unit: 'pound' }],
  ['Pence per litre', 'currency-per-unit', 'raw-units', 0.01, 'GBP', { physical_unit: 'litre' }],
  // exchange-rate quotes: one currency over another; an ISO pair is base/quote (README FX rates: the quote currency)
  ['EUR/USD', 'ratio', 'raw-units', 1, 'USD'],
  ['BAM/EUR', 'ratio', 'raw-units', 1, 'EUR'],
  ['National currency per US dollar', 'ratio', 'raw-units', 1, null, { currency_kind: 'national' }],
  ['U.S. Dollars to One Euro', 'ratio', 'raw-units', 1, 'USD'],
  ['Chinese Yuan Renminbi to One U.S. Dollar', 'ratio', 'raw-units', 1, 'CNY'],
  // "U.K." beside a pound is the country, as "U.S." beside a dollar: not a thousands "k", not the weight.
  ['U.S. Dollars to One U.K. Pound Sterling', 'ratio', 'raw-units', 1, 'USD'],
  ['U.K. Pounds per U.S. Dollar', 'ratio', 'raw-units', 1, 'GBP'],
  ['Millions of U.K. Pounds', 'currency-amount', 'millions', 1_000_000, 'GBP'],
  // percent
  ['%', 'percent', 'percent', 1, null],
  ['percent', 'percent', 'percent', 1, null],
  ['Percent', 'percent', 'percent', 1, null],
  ['per cent', 'percent', 'percent', 1, null],
  ['Percent of GDP', 'percent', 'percent', 1, null],
  ['% of GDP', 'percent', 'percent', 1, null],
  ['% of total', 'percent', 'percent', 1, null],
  ['percentage of GDP', 'percent', 'percent', 1, null],
  ['% of labour force', 'percent', 'percent', 1, null],
  ['pp', 'percent', 'percent', 1, null],
  ['percentage points', 'percent', 'percent', 1, null],
  ['bps', 'percent', 'percent', 1, null],
  ['basis points', 'percent', 'percent', 1, null],
  ['% per annum', 'percent', 'percent', 1, null, { per_time: 'year', frequency_hint: null }],
  ['% p.a.', 'percent', 'percent', 1, null, { frequency_hint: null }],
  ['Percent, Not Seasonally Adjusted', 'percent', 'percent', 1, null],
  ['Percent, annual rate', 'percent', 'percent', 1, null, { frequency_hint: null }],
  ['Percent, euro area', 'percent', 'percent', 1, null],
  // percent change
  ['Percent change', 'percent-change', 'percent', 1, null],
  ['% change', 'percent-change', 'percent', 1, null],
  ['% YoY', 'percent-change', 'percent', 1, null, { frequency_hint: null }],
  ['% MoM', 'percent-change', 'percent', 1, null, { frequency_hint: 'monthly' }],
  ['% QoQ', 'percent-change', 'percent', 1, null, { frequency_hint: 'quarterly' }],
  ['% y/y', 'percent-change', 'percent', 1, null],
  ['%, yoy', 'percent-change', 'percent', 1, null],
  ['q/q % saar', 'percent-change', 'percent', 1, null, { frequency_hint: 'quarterly' }],
  ['Annual % growth', 'percent-change', 'percent', 1, null, { frequency_hint: null }],
  ['% growth', 'percent-change', 'percent', 1, null],
  ['percent change from previous period', 'percent-change', 'percent', 1, null],
  ['Percent Change from Year Ago', 'percent-change', 'percent', 1, null],
  ['Percent Change at Annual Rate', 'percent-change', 'percent', 1, null],
  ['Percent change, seasonally adjusted', 'percent-change', 'percent', 1, null],
  ['Change, %', 'percent-change', 'percent', 1, null],
  ['Growth rate', 'percent-change', 'percent', 1, null],
  ['Percentage change on previous period', 'percent-change', 'percent', 1, null],
  // index
  ['points', 'index', 'index', 1, null],
  ['Points', 'index', 'index', 1, null],
  ['Index', 'index', 'index', 1, null],
  ['index points', 'index', 'index', 1, null],
  ['Index 2015=100', 'index', 'index', 1, null, { base_year: '2015' }],
  ['2010=100', 'index', 'index', 1, null, { base_year: '2010' }],
  ['Index (2015 = 100)', 'index', 'index', 1, null, { base_year: '2015' }],
  ['Index 1982-1984=100', 'index', 'index', 1, null, { base_year: '1982-1984' }],
  ['Index, 2005=100, seasonally adjusted', 'index', 'index', 1, null, { base_year: '2005' }],
  ['Diffusion index', 'index', 'index', 1, null],
  // physical quantities and flows
  ['BBL/D', 'physical', 'raw-units', 1, null, { physical_unit: 'barrel', per_time: 'day', frequency_hint: null }],
  ['Thousand barrels per day', 'physical', 'thousands', 1e3, null, { physical_unit: 'barrel', per_time: 'day' }],
  ['mcm/d', 'physical', 'millions', 1e6, null, { physical_unit: 'cubic-metre', per_time: 'day', frequency_hint: null }],
  ['mb/d', 'physical', 'millions', 1e6, null, { physical_unit: 'barrel', per_time: 'day' }],
  ['kb/d', 'physical', 'thousands', 1e3, null, { physical_unit: 'barrel', per_time: 'day' }],
  ['Barrels', 'physical', 'raw-units', 1, null, { physical_unit: 'barrel' }],
  ['BBL', 'physical', 'raw-units', 1, null, { physical_unit: 'barrel' }],
  ['Million barrels', 'physical', 'millions', 1e6, null, { physical_unit: 'barrel' }],
  ['Terajoule', 'physical', 'raw-units', 1, null, { physical_unit: 'terajoule' }],
  ['TJ', 'physical', 'raw-units', 1, null, { physical_unit: 'terajoule' }],
  ['Petajoules', 'physical', 'raw-units', 1, null, { physical_unit: 'petajoule' }],
  ['Tonnes', 'physical', 'raw-units', 1, null, { physical_unit: 'tonne' }],
  ['MT', 'physical', 'raw-units', 1, null, { physical_unit: 'tonne' }],
  ['Thousand Tonnes', 'physical', 'thousands', 1e3, null, { physical_unit: 'tonne' }],
  ['Metric tons', 'physical', 'raw-units', 1, null, { physical_unit: 'tonne' }],
  ['Million Metric Tons', 'physical', 'millions', 1e6, null, { physical_unit: 'tonne' }],
  ['kt', 'physical', 'thousands', 1e3, null, { physical_unit: 'tonne' }],
  ['Mt', 'physical', 'millions', 1e6, null, { physical_unit: 'tonne' }],
  ['Thousand Tonnes/Year', 'physical', 'thousands', 1e3, null, { per_time: 'year', frequency_hint: null }],
  ['Million Tonnes per annum', 'physical', 'millions', 1e6, null, { per_time: 'year', frequency_hint: null }],
  ['GWh', 'physical', 'raw-units', 1, null, { physical_unit: 'gwh' }],
  ['MWh', 'physical', 'raw-units', 1, null, { physical_unit: 'mwh' }],
  ['TWh', 'physical', 'raw-units', 1, null, { physical_unit: 'twh' }],
  ['kWh', 'physical', 'raw-units', 1, null, { physical_unit: 'kwh' }],
  ['MW', 'physical', 'raw-units', 1, null, { physical_unit: 'mw' }],
  ['GW', 'physical', 'raw-units', 1, null, { physical_unit: 'gw' }],
  ['Bcf', 'physical', 'billions', 1e9, null, { physical_unit: 'cubic-foot' }],
  ['bcm', 'physical', 'billions', 1e9, null, { physical_unit: 'cubic-metre' }],
  ['cubic metres', 'physical', 'raw-units', 1, null, { physical_unit: 'cubic-metre' }],
  ['m3', 'physical', 'raw-units', 1, null, { physical_unit: 'cubic-metre' }],
  ['Thousand m3', 'physical', 'thousands', 1e3, null, { physical_unit: 'cubic-metre' }],
  ['Litres', 'physical', 'raw-units', 1, null, { physical_unit: 'litre' }],
  ['Hectares', 'physical', 'raw-units', 1, null, { physical_unit: 'hectare' }],
  ['Thousand hectares', 'physical', 'thousands', 1e3, null, { physical_unit: 'hectare' }],
  ['km', 'physical', 'raw-units', 1, null, { physical_unit: 'km' }],
  ['ktoe', 'physical', 'thousands', 1e3, null, { physical_unit: 'toe' }],
  ['Tonnes of oil equivalent', 'physical', 'raw-units', 1, null, { physical_unit: 'toe' }],
  ['MMBtu', 'physical', 'raw-units', 1, null, { physical_unit: 'mmbtu' }],
  ['TEU', 'physical', 'raw-units', 1, null, { physical_unit: 'teu' }],
  ['Kilograms', 'physical', 'raw-units', 1, null, { physical_unit: 'kg' }],
  ['Troy ounces', 'physical', 'raw-units', 1, null, { physical_unit: 'ounce' }],
  ['Thousand tonnes CO2 equivalent', 'physical', 'thousands', 1e3, null, { physical_unit: 'tonne' }],
  // counts
  ['Persons', 'count', 'raw-units', 1, null, { physical_unit: 'persons' }],
  ['People', 'count', 'raw-units', 1, null, { physical_unit: 'persons' }],
  ['Thousand', 'count', 'thousands', 1e3, null, { physical_unit: null }],
  ['Thousands', 'count', 'thousands', 1e3, null],
  ['Million', 'count', 'millions', 1e6, null],
  ['Hundreds', 'count', 'hundreds', 1e2, null],
  ['Thousand persons', 'count', 'thousands', 1e3, null, { physical_unit: 'persons' }],
  ['Thousand people', 'count', 'thousands', 1e3, null],
  ['Thousands of Persons', 'count', 'thousands', 1e3, null, { physical_unit: 'persons' }],
  ['Persons, thousands', 'count', 'thousands', 1e3, null],
  ['Millions of persons', 'count', 'millions', 1e6, null],
  ["'000 persons", 'count', 'thousands', 1e3, null, { physical_unit: 'persons' }],
  ['000s', 'count', 'thousands', 1e3, null],
  ['1000 persons', 'count', 'thousands', 1e3, null],
  ['Units', 'count', 'raw-units', 1, null, { physical_unit: 'units' }],
  ['Thousand units', 'count', 'thousands', 1e3, null, { physical_unit: 'units' }],
  ['Thousands of Units', 'count', 'thousands', 1e3, null],
  ['Number', 'count', 'raw-units', 1, null, { physical_unit: 'number' }],
  ['Number of vehicles', 'count', 'raw-units', 1, null, { physical_unit: 'vehicles' }],
  ['Companies', 'count', 'raw-units', 1, null, { physical_unit: 'companies' }],
  ['Jobs', 'count', 'raw-units', 1, null, { physical_unit: 'jobs' }],
  ['Dwellings', 'count', 'raw-units', 1, null, { physical_unit: 'dwellings' }],
  ['Households', 'count', 'raw-units', 1, null, { physical_unit: 'households' }],
  ['Thousand persons, quarterly', 'count', 'thousands', 1e3, null, { frequency_hint: 'quarterly' }],
  // durations
  ['Days', 'duration', 'raw-units', 1, null, { physical_unit: 'day', per_time: null }],
  ['Weeks', 'duration', 'raw-units', 1, null, { physical_unit: 'week' }],
  ['Months', 'duration', 'raw-units', 1, null, { physical_unit: 'month' }],
  ['Years', 'duration', 'raw-units', 1, null, { physical_unit: 'year' }],
  ['Hours', 'duration', 'raw-units', 1, null, { physical_unit: 'hour' }],
  ['Hours per week', 'duration', 'raw-units', 1, null, { physical_unit: 'hour', per_time: 'week' }],
  ['Number of days', 'duration', 'raw-units', 1, null, { physical_unit: 'day' }],
  // ratios and per-capita
  ['per 1000 people', 'ratio', 'raw-units', 1, null, { per_n: 1000, per_capita: false }],
  ['per 100,000 inhabitants', 'ratio', 'raw-units', 1, null, { per_n: 100000 }],
  ['per 1,000 live births', 'ratio', 'raw-units', 1, null, { per_n: 1000 }],
  ['per 100 people', 'ratio', 'raw-units', 1, null, { per_n: 100 }],
  ['Deaths per 1,000 people', 'ratio', 'raw-units', 1, null, { per_n: 1000 }],
  ['per 10 000 population', 'ratio', 'raw-units', 1, null, { per_n: 10000 }],
  ['per thousand', 'ratio', 'raw-units', 1, null, { per_n: 1000 }],
  ['per million people', 'ratio', 'raw-units', 1, null, { per_n: 1e6 }],
  ['‰', 'ratio', 'raw-units', 1, null, { per_n: 1000 }],
  ['Ratio', 'ratio', 'raw-units', 1, null],
  ['times', 'ratio', 'raw-units', 1, null],
  ['x', 'ratio', 'raw-units', 1, null],
  ['Births per woman', 'ratio', 'raw-units', 1, null],
  ['Tonnes per hectare', 'ratio', 'raw-units', 1, null, { physical_unit: 'tonne' }],
  ['Persons per household', 'ratio', 'raw-units', 1, null],
  ['USD per capita', 'per-capita', 'raw-units', 1, 'USD', { per_capita: true }],
  ['current US$ per capita', 'per-capita', 'raw-units', 1, 'USD', { per_capita: true, is_real: false }],
  ['constant 2015 US$ per capita', 'per-capita', 'raw-units', 1, 'USD', { is_real: true, base_year: '2015' }],
  ['EUR per inhabitant', 'per-capita', 'raw-units', 1, 'EUR'],
  ['USD per person', 'per-capita', 'raw-units', 1, 'USD'],
  ['kg per capita', 'per-capita', 'raw-units', 1, null, { physical_unit: 'kg' }],
  ['kWh per capita', 'per-capita', 'raw-units', 1, null, { physical_unit: 'kwh' }],
  ['Per capita', 'per-capita', 'raw-units', 1, null, { per_capita: true }],
  // not units of anything: prose and lower-case words that look like ISO codes
  ['all items', 'unknown', 'raw-units', 1, null],
  ['ALL ITEMS', 'unknown', 'raw-units', 1, null],
  ['ALL items', 'unknown', 'raw-units', 1, null],
  ['TOP 10', 'unknown', 'raw-units', 1, null],
  ['try', 'unknown', 'raw-units', 1, null],
  ['top', 'unknown', 'raw-units', 1, null],
  ['cup', 'unknown', 'raw-units', 1, null],
  ['mad', 'unknown', 'raw-units', 1, null],
  ['bam', 'unknown', 'raw-units', 1, null],
  ['won the election', 'unknown', 'raw-units', 1, null],
  ['m', 'unknown', 'raw-units', 1, null],
  ['real', 'unknown', 'raw-units', 1, null, { is_real: true }],
  ['', 'unknown', 'raw-units', 1, null],
  ['   ', 'unknown', 'raw-units', 1, null],
]

test('the table holds at least 170 distinct units strings', () => {
  assert.ok(ROWS.length >= 170, `only ${ROWS.length} rows`)
  const seen = new Set<string>()
  for (const [units] of ROWS) {
    assert.ok(!seen.has(units), `duplicate row ${JSON.stringify(units)}`)
    seen.add(units)
  }
})

for (const [units, type, scale, multiplier, currency, extra = {}] of ROWS) {
  test(`units ${JSON.stringify(units)} → ${type}`, () => {
    const p = parseUnits(units)
    const got = {
      type: p.parsed_unit_type,
      scale: p.scale,
      multiplier: p.scale_multiplier,
      currency: p.detected_currency,
    }
    assert.deepEqual(got, { type, scale, multiplier, currency }, p.evidence.join('; '))
    for (const [field, value] of Object.entries(extra)) {
      assert.deepEqual(p[field as keyof ParsedUnits], value, `${field}: ${p.evidence.join('; ')}`)
    }
    assert.equal(p.raw, units.trim())
    assert.ok(p.confidence >= 0 && p.confidence <= 1)
    if (type === 'unknown') assert.ok(p.confidence < 0.5, 'an unknown parse must have low confidence')
    else assert.ok(p.confidence >= 0.5, `confidence ${p.confidence} for a recognised unit`)
  })
}

test('absent units read as unknown with low confidence', () => {
  for (const units of [undefined, null, '']) {
    const p = parseUnits(units)
    assert.equal(p.parsed_unit_type, 'unknown')
    assert.equal(p.raw, '')
    assert.ok(p.confidence <= 0.2)
  }
})

test('evidence names what matched', () => {
  const p = parseUnits('USD Million')
  assert.ok(p.evidence.includes('currency USD (iso token)'), p.evidence.join('; '))
  assert.ok(
    p.evidence.some((e) => e.startsWith('scale million')),
    p.evidence.join('; '),
  )
})

test('lower-case ISO codes read as money beside a scale, a divisor or alone, and never as a word', () => {
  for (const [units, code] of [
    ['usd mn', 'USD'],
    ['eur bn', 'EUR'],
    ['eur per mwh', 'EUR'],
    ['gbp', 'GBP'],
  ] as const) {
    const p = parseUnits(units)
    assert.equal(p.detected_currency, code, units)
    assert.notEqual(p.parsed_unit_type, 'unknown', units)
  }
  assert.equal(parseUnits('all persons').detected_currency, null)
  assert.equal(parseUnits('cop rank').detected_currency, null)
})

test('unread words lower confidence', () => {
  assert.ok(parseUnits('USD Million, foo bar').confidence < parseUnits('USD Million').confidence)
})

test('parsing is fast enough for 10,000 indicators', () => {
  const units = ROWS.map(([u]) => u)
  const start = performance.now()
  for (let i = 0; i < 10_000; i++) parseUnits(units[i % units.length])
  assert.ok(performance.now() - start < 5_000)
})

// reconcileUnits: the request's currency_code and scale fields (TAXONOMY §4)

test('reconcile fills a missing scale from the request', () => {
  const r = reconcileUnits(parseUnits('USD'), { scale: 'Millions' })
  assert.equal(r.scale, 'millions')
  assert.equal(r.scale_multiplier, 1e6)
  assert.deepEqual(r.conflicts, [])
})

test('reconcile reads compound and enum scale fields', () => {
  assert.equal(reconcileUnits(parseUnits('CNY'), { scale: 'Hundred Million' }).scale_multiplier, 1e8)
  assert.equal(reconcileUnits(parseUnits('EUR'), { scale: 'billions' }).scale_multiplier, 1e9)
  assert.equal(reconcileUnits(parseUnits('EUR'), { scale: 'Units' }).scale_multiplier, 1)
})

test('reconcile turns a bare scale plus a currency field into money', () => {
  const r = reconcileUnits(parseUnits('Million'), { currency_code: 'USD' })
  assert.equal(r.parsed_unit_type, 'currency-amount')
  assert.equal(r.detected_currency, 'USD')
  assert.equal(r.scale_multiplier, 1e6)
  assert.deepEqual(r.conflicts, [])
})

test('reconcile fills the code of national currency and currency words', () => {
  const national = reconcileUnits(parseUnits('National currency, Millions'), { currency_code: 'JPY' })
  assert.equal(national.detected_currency, 'JPY')
  assert.equal(national.currency_kind, 'national')
  assert.deepEqual(national.conflicts, [])
  assert.equal(reconcileUnits(parseUnits('Billions of Dollars'), { currency_code: 'cad' }).detected_currency, 'CAD')
})

test('reconcile with absent units builds a low-confidence amount from the fields', () => {
  const r = reconcileUnits(parseUnits(undefined), { currency_code: 'USD', scale: 'Thousands' })
  assert.equal(r.parsed_unit_type, 'currency-amount')
  assert.equal(r.detected_currency, 'USD')
  assert.equal(r.scale_multiplier, 1e3)
  assert.ok(r.confidence <= 0.6)
})

test('reconcile keeps the units currency on a conflict, lowers confidence and records it', () => {
  const parsed = parseUnits('EUR Million')
  const r = reconcileUnits(parsed, { currency_code: 'USD' })
  assert.equal(r.detected_currency, 'EUR')
  assert.equal(r.conflicts.length, 1)
  assert.match(r.conflicts[0], /EUR.*USD/)
  assert.ok(r.confidence < parsed.confidence)
  assert.ok(r.evidence.some((e) => e.startsWith('conflict:')))
})

test('reconcile keeps the units scale on a conflict', () => {
  const r = reconcileUnits(parseUnits('USD Million'), { scale: 'Billions' })
  assert.equal(r.scale_multiplier, 1e6)
  assert.equal(r.scale, 'millions')
  assert.equal(r.conflicts.length, 1)
})

test('reconcile keeps "Hundred Million" against a plain "Millions" field', () => {
  const r = reconcileUnits(parseUnits('USD Hundred Million'), { scale: 'Millions' })
  assert.equal(r.scale_multiplier, 1e8)
  assert.equal(r.conflicts.length, 1)
})

test('agreeing fields leave confidence and add no conflict', () => {
  const parsed = parseUnits('USD Million')
  const r = reconcileUnits(parsed, { currency_code: 'usd', scale: 'Millions' })
  assert.deepEqual(r.conflicts, [])
  assert.equal(r.confidence, parsed.confidence)
})

test('a currency field does not make a percent or index into money', () => {
  const pct = reconcileUnits(parseUnits('%'), { currency_code: 'USD', scale: 'Units' })
  assert.equal(pct.detected_currency, null)
  assert.equal(pct.parsed_unit_type, 'percent')
  assert.deepEqual(pct.conflicts, [])
  assert.equal(reconcileUnits(parseUnits('Index 2015=100'), { currency_code: 'EUR' }).detected_currency, null)
})

test('a magnitude field on percent units is a conflict', () => {
  const r = reconcileUnits(parseUnits('% of GDP'), { scale: 'Millions' })
  assert.equal(r.scale, 'percent')
  assert.equal(r.conflicts.length, 1)
})

test('invalid or empty fields are ignored', () => {
  const parsed = parseUnits('USD Million')
  const r = reconcileUnits(parsed, { currency_code: 'XYZ', scale: '' })
  assert.equal(r.detected_currency, 'USD')
  assert.deepEqual(r.conflicts, [])
  assert.deepEqual(reconcileUnits(parsed, {}).conflicts, [])
})

test('reconcile does not mutate its input', () => {
  const parsed = parseUnits('USD')
  const before = structuredClone(parsed)
  reconcileUnits(parsed, { currency_code: 'EUR', scale: 'Billions' })
  assert.deepEqual(parsed, before)
})

test('a units string read again reads the same, and each caller gets its own copy', () => {
  const first = parseUnits('USD Billion')
  first.evidence.push('changed by a caller')
  first.detected_currency = 'EUR'
  const again = parseUnits('USD Billion')
  assert.equal(again.detected_currency, 'USD')
  assert.ok(!again.evidence.includes('changed by a caller'))
  assert.deepEqual(parseUnits('USD Billion'), again)
})
