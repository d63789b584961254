import type { Family, HeatMapOrientation, ParsedUnitType, TemporalAggregation, TYPES_BY_FAMILY } from '../taxonomy/index'
import * as L from './lexicon'
import { words } from './match'
import { MONEY_UNITS as MONEY } from './money'
import type { When } from './types'

/** A family with one of its own types: the table cannot state an illegal pair (TAXONOMY §5.1). */
export type FamilyType = { [F in Family]: { family: F; indicator_type: (typeof TYPES_BY_FAMILY)[F][number] } }[Family]

export interface TypeRule {
  id: string
  when: When
  then: FamilyType & { temporal_aggregation?: TemporalAggregation; heat_map_orientation?: HeatMapOrientation }
  confidence: number
  why: string
}

const PCT: ParsedUnitType[] = ['percent']
const PCT_CHANGE: ParsedUnitType[] = ['percent-change']
const INDEX: ParsedUnitType[] = ['index']
const PHYSICAL: ParsedUnitType[] = ['physical']
const COUNT: ParsedUnitType[] = ['count']
const RATIO: ParsedUnitType[] = ['ratio']
const DURATION: ParsedUnitType[] = ['duration']

// Confidence tiers: a name confirmed by its units; units alone; a name alone; a generic fallback.
// Anything at or below 0.5 is a guess that a hybrid mode should hand to an LLM.
const STRONG = 0.9
const UNITS = 0.75
const NAME = 0.6
const WEAK = 0.45

/** An FX quote: bare currency units and a name that says exchange rate (TAXONOMY §3 "FX rates"). */
export const FX_QUOTE: When = { units: [...MONEY, 'ratio'], bare_currency: true, name: L.FX, not_name: L.NOT_FX }

const CHANGE_SUBJECT = words(
  'production', 'output', 'sales', 'exports?', 'imports?', 'gdp', 'gnp', 'orders', 'spending', 'expenditure', 'investment',
  'lending', 'loans?', 'credit', 'money supply', 'm[0-3]', 'earnings', 'income', 'wages?', 'construction', 'retail', 'index',
  'prices?', 'turnover', 'shipments', 'consumption', 'deposits', 'revenue', 'productivity', 'costs?', 'value added',
  'reserves', 'debt', 'starts', 'permits', 'registrations', 'approvals', 'volumes?', 'activity', 'employment', 'payrolls',
  'applications', 'inventories', 'stocks', 'returns?',
)
// Metal an ETF holds ("held in trust") and exchange warrants are stocks at the day end too.
const PHYSICAL_STOCK = words('inventor(y|ies)', 'stocks?', 'reserves?', 'storage', 'stockpiles?', 'holdings', 'in store', 'held', 'warrants')
// Surveys also measure labour-market rates and capacity utilisation, which are percentages, not opinions.
const SURVEYED_MEASURE = new RegExp(`${L.LABOUR_RATE.source}|${L.NOT_CAPACITY.source}`, 'i')
// "Balance", "[balance]", "Solde d'opinion": how survey catalogues write a balance of opinion in the units.
const PURE_NUMBER = words('pure numbers?', 'dimensionless')
// Units that name only a normalisation or index points ("Amplitude adjusted", "Standardised", "Indexpunkte").
const NORMALISED_UNITS = words('amplitude adjusted', 'normali[sz]ed', 'standardi[sz]ed', 'standard deviations?', 'z-?scores?', '(index)?punkte')
const OF_TOTAL = /\bof total\s*$/i
const PERCENT_OF_INCOME = /(?:%|\bper\s?cent(?:age)?|\bpercentage)\s+of\s+(?:[\w-]+\s+){0,3}?income\b/i
// WDI's "(% of revenue)" and "(% of expense)": a tax, contribution or outlay as a part of the government's budget.
const PERCENT_OF_BUDGET = /(?:%|\bper\s?cent(?:age)?|\bpercentage)\s+of\s+(?:total\s+)?(?:expense|(?:tax\s+)?revenue)\b/i
// A commodity's cost or price stays a price even when the name says composite or average.
const NOT_MARKET_INDEX = new RegExp(`${L.COMMODITY.source}|\\b(?<!(?:stock|share|equity) )(?:prices?|costs?)\\b`, 'i')
const SCORE = words(L.GOVERNANCE_SCORE.source, 'index', 'indices', 'deflator', 'composite', 'score', 'rating', 'rank', 'ranking', 'pmi', 'confidence', 'climate', 'sentiment', 'barometer', 'tracker')

/**
 * Ordered: the first rule whose conditions hold decides family and type. Units win over names (TAXONOMY §3),
 * so rules keyed on parsed units come before the name-only rules that serve indicators with unreadable units.
 */
export const TYPE_RULES: readonly TypeRule[] = [
  // Names that only one kind of measure carries, whatever the units.
  { id: 'correlation', when: { name: L.CORRELATION, not_units: MONEY }, then: { family: 'composite-derived', indicator_type: 'correlation' }, confidence: STRONG, why: 'name says correlation' },
  { id: 'elasticity', when: { name: L.ELASTICITY, not_units: MONEY }, then: { family: 'composite-derived', indicator_type: 'elasticity' }, confidence: STRONG, why: 'name says elasticity' },
  { id: 'multiplier', when: { name: L.MULTIPLIER, not_units: MONEY }, then: { family: 'composite-derived', indicator_type: 'multiplier' }, confidence: STRONG, why: 'name says multiplier' },
  // TAXONOMY §3 welfare outcomes: inequality coefficients are constructed indices, in whatever units.
  { id: 'gini', when: { name_or_units: words('gini'), not_units: ['percent-change'] }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: STRONG, why: 'a Gini coefficient is a constructed inequality index' },
  { id: 'per-people', when: { name_or_units: L.PER_CAPITA, not_units: ['percent-change', 'percent'], not_name: L.THRESHOLD }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: STRONG, why: 'per capita / per N people is a ratio' },
  { id: 'per-people-units', when: { per_people: true, not_units: ['percent-change', 'percent'], not_name: L.THRESHOLD }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: STRONG, why: 'units are per capita / per N people' },

  // Percent change units: a change over a period whatever the subject.
  { id: 'pct-volatility', when: { units: [...PCT, ...PCT_CHANGE], name: L.VOLATILITY }, then: { family: 'change-movement', indicator_type: 'volatility' }, confidence: STRONG, why: 'volatility in % or as a percent change' },
  { id: 'pchg-rate', when: { units: PCT_CHANGE }, then: { family: 'change-movement', indicator_type: 'rate' }, confidence: STRONG, why: 'units are a percent change' },

  // Percent units: the name tells what kind of percent.
  // WDI writes probabilities of dying per 1,000 ("Probability of dying among youth ages 20-24 years (per 1,000)").
  { id: 'pct-probability', when: { units: [...PCT, ...RATIO], name: L.PROBABILITY }, then: { family: 'temporal', indicator_type: 'probability' }, confidence: STRONG, why: 'a probability in % or per 1,000' },
  { id: 'pct-gap', when: { units: [...PCT, ...RATIO], name: L.GAP }, then: { family: 'change-movement', indicator_type: 'gap' }, confidence: STRONG, why: 'a gap to trend or target' },
  { id: 'pct-spread', when: { units: [...PCT, ...RATIO, 'unknown'], name: L.SPREAD, not_name: L.BALANCE_OF_OPINION }, then: { family: 'numeric-measurement', indicator_type: 'spread' }, confidence: STRONG, why: 'a spread between two rates' },
  // The split of a portfolio is an allocation even when a survey asks it ("Asset Allocation Survey").
  { id: 'pct-allocation', when: { units: [...PCT, ...RATIO, 'unknown'], name_or_units: L.ALLOCATION_OF }, then: { family: 'qualitative', indicator_type: 'allocation' }, confidence: STRONG, why: 'a portfolio or budget allocation' },
  { id: 'pct-balance-of-opinion', when: { units: PCT, name_or_units: L.BALANCE_OF_OPINION, not_name: L.CONSTRUCTED_INDEX }, then: { family: 'qualitative', indicator_type: 'sentiment' }, confidence: STRONG, why: 'a survey balance of opinion in %' },
  // Confidence and climate indicators are averages of balances: constructed indices (TAXONOMY §3), not one opinion.
  { id: 'pct-balance-index', when: { units: PCT, name_or_units: L.BALANCE_OF_OPINION, name: L.CONSTRUCTED_INDEX }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: UNITS, why: 'a confidence indicator built from survey balances is a constructed index' },
  { id: 'pct-sentiment', when: { units: PCT, name: L.SENTIMENT, not_name: SURVEYED_MEASURE }, then: { family: 'qualitative', indicator_type: 'sentiment' }, confidence: UNITS, why: 'a survey outlook or sentiment in %' },
  { id: 'pct-bond-yield', when: { units: PCT, name: L.BOND_YIELD, not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'yield', heat_map_orientation: 'neutral' }, confidence: STRONG, why: 'long-term and government bond rates are yields (TAXONOMY §3)' },
  { id: 'pct-interest-rate', when: { units: PCT, name: L.INTEREST_RATE, not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'price' }, confidence: STRONG, why: 'an interest rate is the price of money' },
  { id: 'pct-yield', when: { units: PCT, name: L.YIELD, not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'yield' }, confidence: STRONG, why: 'a bond or asset yield' },
  { id: 'pct-threshold', when: { units: PCT, name: L.THRESHOLD, not_name: L.BELOW_THRESHOLD }, then: { family: 'temporal', indicator_type: 'threshold' }, confidence: UNITS, why: 'a target or threshold level' },
  { id: 'pct-gdp-position', when: { units: [...PCT, ...RATIO, 'unknown'], name_or_units: L.GDP_DENOMINATOR, name: L.GDP_RATIO_SUBJECT, not_name: L.CHANGE }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: STRONG, why: 'a stock, position or fiscal balance over GDP is a ratio' },
  { id: 'pct-gdp-share', when: { units: [...PCT, ...RATIO, 'unknown'], name_or_units: L.GDP_DENOMINATOR, name: L.OUTPUT_COMPONENT, not_name: L.CHANGE }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: STRONG, why: 'a component of output as % of GDP is a share' },
  { id: 'pct-gdp-ratio', when: { units: [...PCT, ...RATIO, 'unknown'], name_or_units: L.GDP_DENOMINATOR, not_name: L.CHANGE }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: STRONG, why: 'an aggregate over GDP is a ratio' },
  { id: 'pct-change', when: { units: PCT, name: L.CHANGE }, then: { family: 'change-movement', indicator_type: 'rate' }, confidence: STRONG, why: 'name says growth/change in %' },
  { id: 'pct-labour', when: { units: PCT, name: L.LABOUR_RATE }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: STRONG, why: 'a labour-market rate in %' },
  { id: 'pct-bad-loans', when: { units: PCT, name: L.BAD_LOANS, not_name: L.NOT_OF_LOANS }, then: { family: 'numeric-measurement', indicator_type: 'percentage', heat_map_orientation: 'lower-is-positive' }, confidence: STRONG, why: 'bad or overdue loans as a part of all loans' },
  { id: 'pct-stock-to', when: { units: PCT, name: L.STOCK_TO }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'one stock over another quantity is a ratio' },
  { id: 'pct-share', when: { units: PCT, name: L.SHARE }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: UNITS, why: 'a share of a composition' },
  { id: 'pct-measure', when: { units: PCT, name: L.PERCENTAGE_MEASURE }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: UNITS, why: 'a part of a whole in %' },
  // A velocity (exchange "turnover velocity of domestic shares", the velocity of money) is value traded or spent over
  // the amount held, a ratio like a turnover ratio.
  { id: 'pct-named-ratio', when: { units: PCT, name: words('ratios?', 'velocity', L.RETURN_ON.source) }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'a ratio quoted in % is still a ratio, not a change' },
  // "% of X" (TAXONOMY §3): a part of the people counted, a share of the subject's own kind, else one quantity over another.
  // A bare "(% of total)" is of the subject's own total: a part of the people or events counted ("Births attended by
  // skilled health staff"), else a share of a composition ("Electricity production from coal sources").
  { id: 'pct-of-total-people', when: { units: PCT, raw_units: OF_TOTAL, name: L.PEOPLE_OR_EVENTS }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: UNITS, why: 'a percent of all the people or events counted is a part of a whole' },
  { id: 'pct-of-total', when: { units: PCT, raw_units: OF_TOTAL }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: UNITS, why: 'a percent of the total of the subject itself is a share of a composition' },
  { id: 'pct-of-people', when: { units: PCT, name_or_units: L.OF_PEOPLE }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: UNITS, why: 'a percent of the population or labour force is a part of a whole' },
  // Debt or wealth over income is one quantity over another (debt-to-income); saving out of income is a saving rate.
  { id: 'pct-stock-of-income', when: { units: PCT, name: words('debt', 'liabilities', 'credit', 'loans', 'assets', 'wealth'), name_or_units: PERCENT_OF_INCOME }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'debt or wealth over income is a ratio' },
  { id: 'pct-saving-of-income', when: { units: PCT, name: words('savings?'), name_or_units: PERCENT_OF_INCOME }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: UNITS, why: 'saving out of income is a saving rate, a part of a whole' },
  { id: 'pct-of-budget', when: { units: PCT, name_or_units: PERCENT_OF_BUDGET, not_name: words('interest') }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: UNITS, why: 'a part of government revenue or expense is a share of the budget' },
  // A cost over a value or income is one quantity over another, even of the same thing ("Cost to register
  // property (% of property value)"): a ratio, not a share of the property.
  { id: 'pct-cost-of-value', when: { units: PCT, name: words('costs? (to|of)') }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'a cost over a value or income is a ratio' },
  { id: 'pct-of-own-kind', when: { units: PCT, name_or_units: L.OF_OWN_KIND }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: UNITS, why: 'a percent of a total of the same kind is a share of it' },
  { id: 'pct-of-other', when: { units: PCT, name_or_units: L.PERCENT_OF }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'a percent of another quantity is a ratio, not a change' },
  { id: 'pct-debt-level', when: { units: PCT, name: L.DEBT_OR_BALANCE_LEVEL, not_name: L.CHANGE }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: NAME, why: 'a debt or fiscal balance in a plain percent is a ratio to income or output, not a change' },
  // A PMI or confidence index published in % (NBS, Caixin) is still a constructed index, not a change.
  { id: 'pct-constructed-index', when: { units: PCT, name: L.CONSTRUCTED_INDEX, not_name: L.CHANGE }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: UNITS, why: 'a PMI or confidence index quoted in percent is a constructed index' },
  // "Housing cost overburden rate", "Job vacancy rate": a rate in % that names no change is a part of a whole.
  { id: 'pct-named-rate', when: { units: PCT, name: words('rates?'), not_name: L.CHANGE }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: NAME, why: 'a rate in percent that names no change is a part of a whole' },
  { id: 'pct-price-change', when: { units: PCT, name: L.PRICE_MEASURE }, then: { family: 'change-movement', indicator_type: 'rate' }, confidence: UNITS, why: 'a price measure quoted in % is a change' },
  { id: 'pct-activity-change', when: { units: PCT, name: CHANGE_SUBJECT }, then: { family: 'change-movement', indicator_type: 'rate' }, confidence: UNITS, why: 'an activity measure quoted in % is a change (units win over names)' },
  { id: 'pct-default', when: { units: PCT }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: WEAK, why: 'a percent with no more specific cue' },

  // Index units: a constructed index level unless the name says otherwise.
  { id: 'index-volatility', when: { units: INDEX, name: L.VOLATILITY }, then: { family: 'change-movement', indicator_type: 'volatility' }, confidence: STRONG, why: 'a volatility index' },
  { id: 'index-sentiment', when: { units: INDEX, name: L.SENTIMENT, not_name: L.CONSTRUCTED_INDEX }, then: { family: 'qualitative', indicator_type: 'sentiment' }, confidence: STRONG, why: 'a survey outlook / sentiment balance' },
  { id: 'index-previous-period', when: { units: [...INDEX, 'unknown'], name_or_units: L.PREVIOUS_PERIOD_100 }, then: { family: 'change-movement', indicator_type: 'rate', temporal_aggregation: 'period-rate' }, confidence: STRONG, why: 'an index of the previous period = 100 is a change (TAXONOMY §3)' },
  { id: 'index-level', when: { units: INDEX }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: STRONG, why: 'units are index points' },

  // Units the parser leaves unknown but that a catalogue uses for survey results and normalised indices.

  // "Pure number" on a named indicator is a constructed index, not a count (TAXONOMY §3 units in words).
  { id: 'pure-number-index', when: { raw_units: PURE_NUMBER, name: words('indicators?', 'index', 'indices', 'stress', 'leading', 'composite', 'conditions') }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: UNITS, why: 'a constructed indicator published as a pure number' },
  { id: 'normalised-index', when: { units: ['unknown'], raw_units: NORMALISED_UNITS }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: UNITS, why: 'a series published as a normalised score or in index points is a constructed index' },
  { id: 'capacity-units', when: { raw_units: L.CAPACITY_UNITS, not_name: L.POWER_USE, not_units: MONEY }, then: { family: 'physical-fundamental', indicator_type: 'capacity' }, confidence: UNITS, why: 'power in MW or throughput per calendar day is a capacity' },

  // Ratio and duration units.
  { id: 'money-per-quantity', when: { units: RATIO, currency: true, per_people: false }, then: { family: 'price-value', indicator_type: 'price' }, confidence: UNITS, why: 'money per quantity of a good is a price' },
  { id: 'ratio-percentage', when: { units: RATIO, name: L.PERCENTAGE_MEASURE, per_people: false }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: UNITS, why: 'a part of a whole given as a 0–1 fraction is still a percentage (TAXONOMY §3)' },
  // Crop yields and densities: a physical quantity per unit of land is one quantity over another, not an asset's yield.
  { id: 'physical-per-area', when: { units: RATIO, raw_units: /(?:\bper\b|\/)\s*(?:hectares?|ha|acres?|sq\.?\s*km|square\s+kilomet(?:er|re)s?|km2|km²)(?!\p{L})/iu }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'a quantity per unit of land area is a ratio' },
  { id: 'ratio-units', when: { units: RATIO, physical: false }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'units are a ratio' },
  { id: 'cover-in-time', when: { name_or_units: L.COVER_IN_TIME }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'days or months of supply or imports are a coverage ratio, not a duration' },
  // "Gigawatt-hours" holds an hour but is energy (TAXONOMY §4 lists GWh among physical units); money per kWh is a price.
  { id: 'energy-units', when: { raw_units: words('(kilo|mega|giga|tera)?watt[- ]?hours?'), not_units: MONEY }, then: { family: 'physical-fundamental', indicator_type: 'volume' }, confidence: UNITS, why: 'energy in watt-hours is a physical quantity over the period' },
  { id: 'duration-units', when: { units: DURATION }, then: { family: 'temporal', indicator_type: 'duration' }, confidence: STRONG, why: 'units are a length of time' },

  // Money units.
  { id: 'fx-rate', when: FX_QUOTE, then: { family: 'price-value', indicator_type: 'price', temporal_aggregation: 'point-in-time', heat_map_orientation: 'neutral' }, confidence: STRONG, why: 'an exchange rate quoted in a bare currency' },
  // An equity index in currency points is an index level, not money (the money rows below would read a stock or a flow).
  { id: 'money-index-level', when: { units: MONEY, bare_currency: true, name: L.MARKET_INDEX, not_name: NOT_MARKET_INDEX }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: UNITS, why: 'a market index or average quoted in currency points is an index level' },
  { id: 'money-threshold', when: { units: MONEY, name: L.THRESHOLD }, then: { family: 'temporal', indicator_type: 'threshold' }, confidence: UNITS, why: 'a threshold or target in money' },
  { id: 'money-wages', when: { units: MONEY, name: L.WAGES, scaled: false, not_name: L.PER_PERSON_INPUT }, then: { family: 'price-value', indicator_type: 'price' }, confidence: UNITS, why: 'a wage is the price of labour' },
  { id: 'money-per-household', when: { units: MONEY, name: L.INCOME_PER_UNIT }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: "a typical household's or person's income is money per head, a ratio" },
  { id: 'money-per-input', when: { units: [...MONEY, ...RATIO, 'per-capita'], currency: true, name_or_units: L.PER_INPUT }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: UNITS, why: 'money per hour worked or per employee is a ratio (TAXONOMY §3)' },
  { id: 'money-per-unit', when: { units: ['currency-per-unit'] }, then: { family: 'price-value', indicator_type: 'price' }, confidence: STRONG, why: 'money per unit of a good is a price' },
  { id: 'commodity-price', when: { units: MONEY, name: L.COMMODITY, bare_currency: true, not_name: L.NOT_COMMODITY_PRICE }, then: { family: 'price-value', indicator_type: 'price' }, confidence: UNITS, why: 'a commodity quoted in a bare currency is its price' },
  { id: 'money-price', when: { units: MONEY, name: L.PRICE_WORD, not_name: L.NOT_PRICE }, then: { family: 'price-value', indicator_type: 'price' }, confidence: UNITS, why: 'a price in money' },
  { id: 'money-capacity', when: { units: MONEY, name: L.CAPACITY, not_name: L.NOT_CAPACITY }, then: { family: 'physical-fundamental', indicator_type: 'capacity' }, confidence: UNITS, why: 'a maximum attainable level' },
  { id: 'money-balance', when: { units: MONEY, name: L.BALANCE, not_name: L.NOT_BALANCE }, then: { family: 'physical-fundamental', indicator_type: 'balance' }, confidence: STRONG, why: 'a net of opposing flows in money' },
  // TAXONOMY §3 year-to-date: money accumulated since the year start is a flow, even when its subject is a stock word ("loans").
  { id: 'money-ytd-flow', when: { units: MONEY, cumulative: true, name: L.MONEY_STOCK, not_name: words('capacity', 'installed', 'outstanding') }, then: { family: 'physical-fundamental', indicator_type: 'flow' }, confidence: UNITS, why: 'money accumulated over the year so far is a flow' },
  { id: 'money-stock', when: { units: MONEY, name: L.MONEY_STOCK, not_name: L.NOT_MONEY_STOCK }, then: { family: 'physical-fundamental', indicator_type: 'stock' }, confidence: STRONG, why: 'an amount of money held at a moment' },
  // Flow-of-funds levels ("Rest of the world; corporate equities; asset, Level") are holdings, whatever the instrument.
  { id: 'money-level', when: { units: MONEY, name: L.LEVEL_MEASURE }, then: { family: 'physical-fundamental', indicator_type: 'stock' }, confidence: UNITS, why: 'a level of a financial account is an amount held at a moment' },
  // TAXONOMY §2 balance: a net of opposing flows can be negative, a gross flow cannot (TE "Foreign Bond Investment" is net purchases).
  { id: 'money-signed-flow', when: { units: MONEY, changes_sign: true }, then: { family: 'physical-fundamental', indicator_type: 'balance' }, confidence: UNITS, why: 'money over a period that takes both signs nets opposing flows' },
  { id: 'money-flow', when: { units: MONEY }, then: { family: 'physical-fundamental', indicator_type: 'flow' }, confidence: UNITS, why: 'an amount of money over a period' },

  // Physical units.
  { id: 'physical-capacity', when: { units: PHYSICAL, name: L.CAPACITY, not_name: L.NOT_CAPACITY }, then: { family: 'physical-fundamental', indicator_type: 'capacity' }, confidence: STRONG, why: 'installed or potential capacity, even per day' },
  { id: 'physical-change', when: { units: PHYSICAL, name: words('changes?') }, then: { family: 'physical-fundamental', indicator_type: 'balance' }, confidence: STRONG, why: 'the change of an inventory nets opposing flows' },
  { id: 'physical-per-time', when: { physical: true, per_time: true, not_units: MONEY }, then: { family: 'physical-fundamental', indicator_type: 'volume' }, confidence: STRONG, why: 'a physical quantity per day/month is a volume' },
  { id: 'physical-stock', when: { units: PHYSICAL, name: PHYSICAL_STOCK }, then: { family: 'physical-fundamental', indicator_type: 'stock' }, confidence: STRONG, why: 'a physical inventory held at a moment' },
  { id: 'physical-volume', when: { units: PHYSICAL }, then: { family: 'physical-fundamental', indicator_type: 'volume' }, confidence: UNITS, why: 'a physical quantity over a period' },

  // Count units.
  // A total fertility rate is births per woman over a lifetime, a ratio, though catalogues quote it as a "Number".
  { id: 'count-births-per-woman', when: { units: COUNT, name: words('total fertility rates?') }, then: { family: 'numeric-measurement', indicator_type: 'ratio', temporal_aggregation: 'not-applicable' }, confidence: STRONG, why: 'a total fertility rate is births per woman, a ratio' },
  { id: 'count-people', when: { units: COUNT, name: L.PEOPLE_OR_EVENTS }, then: { family: 'numeric-measurement', indicator_type: 'count' }, confidence: STRONG, why: 'people, firms or events counted' },
  // A fleet ("Stock of vehicles", "Passenger cars in use") is the goods held at a moment, not those sold over the period.
  { id: 'count-goods-stock', when: { units: COUNT, name: words('stock of', 'in use', 'fleet'), name_or_units: L.GOODS }, then: { family: 'physical-fundamental', indicator_type: 'stock' }, confidence: STRONG, why: 'a fleet of goods held at a moment' },
  { id: 'count-goods', when: { units: COUNT, name: L.GOODS }, then: { family: 'physical-fundamental', indicator_type: 'volume' }, confidence: STRONG, why: 'goods sold or produced in units are a volume' },
  { id: 'count-units', when: { units: COUNT, raw_units: words('units?') }, then: { family: 'physical-fundamental', indicator_type: 'volume' }, confidence: UNITS, why: 'counted in units of goods' },
  { id: 'count-default', when: { units: COUNT }, then: { family: 'numeric-measurement', indicator_type: 'count' }, confidence: NAME, why: 'a count with no more specific cue' },

  // Names alone, for units the parser could not read (or a family an LLM chose against the units).
  { id: 'name-fx', when: { name: L.FX, not_name: L.NOT_FX, not_units: ['percent-change', 'index'] }, then: { family: 'price-value', indicator_type: 'price', heat_map_orientation: 'neutral' }, confidence: NAME, why: 'name says exchange rate' },
  { id: 'name-volatility', when: { name: L.VOLATILITY }, then: { family: 'change-movement', indicator_type: 'volatility' }, confidence: NAME, why: 'name says volatility' },
  { id: 'name-probability', when: { name: L.PROBABILITY }, then: { family: 'temporal', indicator_type: 'probability' }, confidence: NAME, why: 'name says probability' },
  { id: 'name-gap', when: { name: words('output gap') }, then: { family: 'change-movement', indicator_type: 'gap' }, confidence: NAME, why: 'name says output gap' },
  // Capacity in units the parser does not read ("MTPA", "mmt"), or in power units beside a production word.
  { id: 'name-capacity', when: { name: L.CAPACITY, not_name: L.NOT_CAPACITY, not_units: [...PCT, ...PCT_CHANGE, ...INDEX, ...MONEY] }, then: { family: 'physical-fundamental', indicator_type: 'capacity' }, confidence: NAME, why: 'name says capacity' },
  { id: 'name-bond-yield', when: { name: L.BOND_YIELD, not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'yield', heat_map_orientation: 'neutral' }, confidence: NAME, why: 'name says long-term or government bond rate' },
  { id: 'name-interest-rate', when: { name: L.INTEREST_RATE, not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'price' }, confidence: NAME, why: 'name says interest rate' },
  { id: 'name-yield', when: { name: words('yields?'), not_name: L.CHANGE }, then: { family: 'price-value', indicator_type: 'yield' }, confidence: NAME, why: 'name says yield' },
  { id: 'name-threshold', when: { name: L.THRESHOLD }, then: { family: 'temporal', indicator_type: 'threshold' }, confidence: NAME, why: 'name says threshold or target' },
  { id: 'name-duration', when: { name: L.DURATION }, then: { family: 'temporal', indicator_type: 'duration' }, confidence: NAME, why: 'name says duration' },
  { id: 'name-sentiment', when: { name: L.SENTIMENT, not_name: L.CONSTRUCTED_INDEX }, then: { family: 'qualitative', indicator_type: 'sentiment' }, confidence: NAME, why: 'name says outlook/survey/sentiment' },
  { id: 'name-change', when: { name: L.CHANGE, not_units: MONEY }, then: { family: 'change-movement', indicator_type: 'rate' }, confidence: NAME, why: 'name says growth/change' },
  { id: 'name-index', when: { name: SCORE }, then: { family: 'composite-derived', indicator_type: 'index' }, confidence: NAME, why: 'name says index/score/PMI/confidence' },
  { id: 'name-rate-per-people', when: { name: L.RATE_PER_PEOPLE, not_units: [...PCT, ...PCT_CHANGE] }, then: { family: 'numeric-measurement', indicator_type: 'ratio', temporal_aggregation: 'point-in-time' }, confidence: NAME, why: 'a death, birth or crime rate counts events per N people' },
  { id: 'name-labour-rate', when: { name: L.RATE_WORD, name_or_units: L.LABOUR_RATE, not_units: COUNT }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: WEAK, why: 'a labour-market rate' },
  { id: 'name-share', when: { name: L.SHARE }, then: { family: 'numeric-measurement', indicator_type: 'share' }, confidence: WEAK, why: 'name says share' },
  { id: 'name-ratio', when: { name: words('ratio', 'per', 'to') }, then: { family: 'numeric-measurement', indicator_type: 'ratio' }, confidence: WEAK, why: 'name says ratio' },
  { id: 'name-people', when: { name: L.PEOPLE_OR_EVENTS }, then: { family: 'numeric-measurement', indicator_type: 'count' }, confidence: WEAK, why: 'name counts people or events' },
  { id: 'name-price', when: { name: L.PRICE_WORD }, then: { family: 'price-value', indicator_type: 'price' }, confidence: WEAK, why: 'name says price' },
  { id: 'name-balance', when: { name: L.BALANCE, not_name: L.NOT_BALANCE }, then: { family: 'physical-fundamental', indicator_type: 'balance' }, confidence: WEAK, why: 'name says balance' },
  { id: 'name-stock', when: { name: L.MONEY_STOCK, not_name: L.NOT_MONEY_STOCK }, then: { family: 'physical-fundamental', indicator_type: 'stock' }, confidence: WEAK, why: 'name says debt/reserves/assets' },
  { id: 'name-rate', when: { name: words('rates?') }, then: { family: 'numeric-measurement', indicator_type: 'percentage' }, confidence: WEAK, why: 'name says rate' },
]

/** When no rule fires, an aggregate over a period is the commonest kind of indicator; the type then comes from the family's default (taxonomy table). */
export const FALLBACK_FAMILY: Family = 'physical-fundamental'
export const FALLBACK_CONFIDENCE = 0.3
