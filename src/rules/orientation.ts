import type { HeatMapOrientation, IndicatorType } from '../taxonomy/index'
import * as L from './lexicon'
import { words } from './match'
import type { When } from './types'

export interface OrientationRule {
  id: string
  types: readonly IndicatorType[]
  when: When
  orientation: HeatMapOrientation
  why: string
}

// Catalogue languages write the same subjects in their own words and scripts (German compounds, "İşsizlik",
// "безработица", "失业率", "실업률"; informal work, "informalidad"); scripts without spaces are matched inside the title's run of characters.
// Swedish 'arbetslösa' are the unemployed; Norwegian and Danish 'ledige' ("helt ledige", "fuldtidsledige") the fully
// unemployed, but 'ledige stillinger' are vacant jobs.
const BAD_PEOPLE = words(
  'unemployment', 'unemployed', 'jobless', 'job ?seekers', 'demandeurs d.emploi', 'claims?', 'claimant', 'bankruptc(y|ies)', 'insolvenc(y|ies)', 'job cuts',
  'layoffs', 'redundancies', 'deaths', 'strikes', 'poverty', 'underemployment', 'underutili[sz]ation', 'subutiliza(ç|c)(ã|a)o', 'subocupaci(ó|o)n', 'inactivity', 'neet', 'homeless(ness)?',
  'desocupa(ç|c)(ã|a)o', 'desocupaci(ó|o)n', 'desemprego', 'paro', 'desempleo', 'pengangguran', 'ch(ô|o)mage', 'disoccupazione', 'arbeitslos[a-z]*', 'inattivit(à|a)', 'nezam(ě|e)stnan[a-z]*', '(i|İ)şsizlik', 'arbejdsl(ø|o)s[a-z]*', 'arbetsl(ö|o)s[a-zåäö]*', '[a-zæøå]*ledige(?! stillinger)',
  'desocupad[oa]s?', 'parados', 'erwerbslos[a-z]*', 'ch(ô|o)meurs', 'disoccupat[io]', 'werklo(ze|zen|osheid)[a-z]*', 'inactive', '(labou?r market )?slack', 'live register', 'безработ[а-яё]*', '失[业業]', '실업', 'informal(idad|ity)?', L.BAD_EVENTS.source,
)
const GOOD_PEOPLE = words('employment', 'employed', '고용률', '경제활동참가', 'taxa de participa(ç|c)(ã|a)o', 'partisipasi angkatan kerja', 'ocupad[oa]s?', 'occupati', 'business (applications|formations?|births|creations?)', 'cr(é|e)ations? d.entreprises', 'new (businesses|firms|enterprises|companies)', '(enterprise|firm) births', 'employees', 'erwerbst(ä|a)tige', 'werkzame', 'overnight stays', 'pernoctaciones', 'presenze', 'tasa de actividad', 'taxa de atividade', 'taux d.activit(é|e)', 'tass[oi] di occupazione', 'tasa de (empleo|ocupaci(ó|o)n)', 'taxa de ocupa(ç|c)(ã|a)o', 'taux d.emploi', 'jobs', 'payrolls?', 'hires', 'arrivals', 'tourists?', 'visitors', 'participation', 'job (openings|offers|postings)', 'vacancies', 'job vacancy', 'vacatures', 'job creation', '(patent|trademark|industrial design) applications', 'listed (domestic )?companies')
// "Net, total financial assets/liabilities" is a net position of both sides, not a debt.
// Credit from the IMF outstanding ("Use of Fund Credit (GRA), Outstanding", "Total Fund Credit Outstanding", "Credit
// outstanding to the IMF") is the country's debt to the Fund.
// "Assets minus liabilities" (a net position) names the side subtracted, not a debt.
// Gross financing needs or requirements are what a government must borrow in the year, a borrowing burden.
const DEBT_WORDS = words('debt', L.L_DEBT, L.RU_DEBT, '(?<!assets\\s*(/|minus|less)\\s*)liabilities', 'deficit', 'arrears', 'non[- ]?performing', 'npls?', 'delinquen(cy|t|cies)', 'bad loans?', 'borrowing', 'financing (needs?|requirements?)', 'default', '(fund|imf) credit', 'credit outstanding to the (imf|fund)')
// In "A to B" the numerator A decides: "Liquid assets to short-term liabilities" is a buffer, not a debt.
const DEBT = new RegExp(`^(?:(?!\\bto\\b).)*?${DEBT_WORDS.source}`, 'i')
// Credit and leverage over income or output: more is a larger burden (BIS credit-to-GDP gap, loan-to-value).
const LEVERAGE = new RegExp(`^(?:(?!\\bto\\b).)*?${words('credit', 'leverage', 'loan-to-value').source}`, 'i')
// A bank's leverage ratio is the other way up: Tier 1 capital over exposure, a buffer like capital adequacy.
const BANK_CAPITAL = words('tier 1', 'capital')
// Money aggregates are liabilities of the banks that issue them, but neither good nor bad in size (TAXONOMY §2 stock).
// A central bank's balance sheet ("Central Bank Survey", the Fed's "Liabilities and Capital", the Eurosystem's) holds the
// money it issues: its liabilities are banks' reserves and notes, not a borrower's debt. The Fed's factors supplying or
// absorbing reserve funds (H.4.1) are the items of that balance sheet that create or drain banks' reserves, not reserves
// a country holds.
const MONEY_AGGREGATE = words('central bank survey', '(supplying|absorbing) reserve funds', 'base monet(a|á)ria', '(total |required |excess )?reserves (of|held by) (depository institutions|banks)', 'required reserves', 'reserve money', 'liabilities and capital', 'eurosystem', 'monetary authorit(y|ies)', 'reserve balances', 'excess reserves', 'm[0-4]', 'money supply', 'broad money', 'narrow money', 'monetary base', 'base money', 'money stock', 'monetary aggregates?')
// Burdens of doing business: "Cost to export", "Cost of starting a business", in money or over income or value ("Cost of
// business start-up procedures (% of GNI per capita)").
const BURDEN_COST = words('cost to', 'costs? of (business|doing|starting|enforcing|registering|getting)', 'fees?', 'charges')
// Interest paid, "on external debt" too, is debt service. As a flow it is neutral like other spending (README flow
// orientation); over output, income, revenue or exports it is a burden, lower like debt-to-income (README ratio
// orientation). Hierarchical titles put the item after its heading ("GFS, Expense, Interest"); "Non-interest
// expenses" are not interest. National accounts write the transaction as payable ("Interest, payable", "Interest (EDP
// D.41) payable").
const INTEREST_PAID = words('(?<!non-)interest (payments?|expenses?|expenditures?|paid|outlays)', '(?<!non-)interest(,| \\([^)]*\\))? payable', '(outlays|expenses?|expenditures?)[:,]? interest(?! rates?)')
// "Capital consumption adjustment" is an accounting term of profits, not a use of goods; "Construction Spending"
// (Census value put in place) is output, not an outlay.
// Demand, product supplied, refinery input and energy supply are use of a good, like consumption; Chinese '用电'
// (electricity used) is electricity consumption. Spanish 'importaciones' and Chinese '进口' are imports.
// Income and transfers paid abroad ("Primary income payments", "Personal remittances, paid") are the debit side.
// Outlays and public construction are government spending (README Flow orientation); total construction spending,
// mostly private, is activity.
const IMPORTS = words('imports?', 'importaciones', '进口', '用[电電]', 'demand', 'products? supplied', 'energy supply', 'net input', 'paid', '(?<!balance of )payments', 'debits?', '(?<!construction )spending', 'outlays?', 'public construction', 'expenditures?(?! approach)', 'expenses?', 'outflows?', '(?<!capital )consumption', 'repayments?', 'debt service', INTEREST_PAID.source)
// Household and private consumption spending is demand, like output (government consumption stays spending);
// "Consumer Spending" and "Household spending" name the same aggregate.
const HOUSEHOLD_CONSUMPTION = words('(personal|private|households?|npish(s|es)?) (final )?consumption', 'consumption expenditures? of households', '(consumer|households?) spending')
// "Taxes on production and imports" is revenue, not imports.
const REVENUE = words('tax(es)?', 'revenues?')
// Growth of trade, money and population is neither good nor bad in itself.
// Retail and wholesale trade are sales, activity like output, not foreign trade.
// "Loan growth" names the aggregate in the singular, as "credit growth" does.
const NEUTRAL_CHANGE = words('exports?', 'imports?', '(?<!retail |wholesale )trade', 'inventories', 'money supply', 'm[0-3]', 'credit', 'loans?', 'lending', 'financing', 'deposits?', 'population')
const RISK = words('uncertainty', 'risk', 'stress', 'pressures?', 'financial conditions', 'fear', 'misery', 'volatility', 'vix', 'distress', 'vulnerability', 'corruption', 'fragility', 'terrorism', 'conflict', 'crime', 'poverty')
// Interbank rates over OIS (LIBOR-OIS, FRA-OIS) measure funding stress. A spread over Germany, the euro area's benchmark
// borrower ("Italy-Germany", "Greece vs Germany"), is a sovereign spread like one over the Bund.
const RISK_SPREAD = words('(?<=[-–/]\\s?)germany', '(over|vs\\.?|versus) germany', 'credit', 'sovereign', 'risk', 'high[- ]yield', 'cds', 'cdx', 'itraxx', 'ois', 'corporate', 'junk', 'ted', 'embi', 'emerging', 'default', 'baa', 'bbb', 'btp', 'bund', 'bonos', 'oat')
// A yield over the policy rate ("Baa Corporate Bond Minus Federal Funds Rate") is the curve against policy, not a
// default premium over a risk-free yield of the same maturity, whatever the bond.
const POLICY_RATE_SPREAD = words('minus (the )?(effective )?federal funds( rate)?')
// R&D spending over GDP (research intensity) and aid given over the donor's GNI (the UN 0.7 % target) are development
// goals; aid received is not the recipient's effort (README Research and aid effort).
const RESEARCH_AID = words('r&d', 'research and development', 'gerd', '(net )?oda', 'official development assistance')
// Revenue and spending over GDP are sizes of the state, not burdens or buffers (README ratio orientation: "the rest
// neutral"); "Taxes on income, profits and capital gains" is a tax, not capital or income.
const FISCAL_AGGREGATE = words('tax(es|ation)?', 'revenues?', 'receipts', 'expenditures?', 'outlays', 'spending', 'expenses?')
// Japanese '収入' (income: "実収入（1世帯当たり1か月間）", per household a month) is income per unit, like income per household.
const GOOD_RATIO = words(L.INCOME_PER_UNIT.source, L.RETURN_ON.source, L.PER_PERSON_INPUT.source, 'provisions', 'surplus', 'liquid assets', 'liquidity', 'capital', 'tier 1', 'reserves?', 'investment position', 'international investment positions', 'net (financial )?worth', 'financial wealth', 'productivity', 'per hours? worked', 'utili[sz]ation', 'capacity factors?', 'kapasite kullan(ı|i)m', 'occupancy', '収入', 'import cover', 'months of imports?', 'literacy', 'life expectancy', 'using the internet', 'access to')

// The Federal Reserve, a Reserve Bank or the Reserve System is the holder's name, not reserves held.
const RESERVES_HELD = '(?<!federal )reserves?(?! (banks?|board|system))'
// Reserve assets and net claims on the rest of the world that do not say "reserves": SDR holdings (not the SDR
// allocation, a liability) and net foreign assets, a net position like the NIIP (README Net positions).
const RESERVE_ASSETS = 'sdr holdings|holdings of sdrs?|net foreign assets'
// Births, marriages, net migration and the natural change of a population per 1,000 people are demography, neither
// good nor bad (deaths and adolescent births are welfare outcomes, read before; README count orientation: net
// migration neutral).
const VITAL_NEUTRAL = words('(crude )?(birth|marriage) rates?', 'net migration( rates?)?', 'natural (change|increase|growth)')

// TAXONOMY §3: welfare outcomes are oriented by meaning, whatever their type (a poverty line, a threshold, stays neutral).
const WELFARE_TYPES: readonly IndicatorType[] = ['rate', 'count', 'percentage', 'ratio', 'share', 'index', 'duration']
const WELFARE_BAD = words(
  'mortality', 'deaths?', 'death rates?', 'poverty', 'pobreza', 'pauvret(é|e)', 'povert(à|a)', 'armut', 'gini', 'inequality', 'undernourish(ment|ed)', 'malnutrition', 'stunting',
  'homicides?', 'deprivation', 's80/s20', 'p90/p10', 'interdecile', 'quintile share ratio', 'palma (ratio|index)', 'slums?', 'early leavers', 'school drop-?outs?', 'bankruptc(y|ies)', '(food )?insecurity', 'miskin', 'kemiskinan',
  'neither in employment', 'not in (employment|education)', 'displaced', 'displacements?', 'out-of-pocket', '(very )?low work intensity',
  // Prevalence and incidence of diseases and risks (contraceptive prevalence is access to care), and the risks
  // themselves: drinking, smoking, obesity.
  '(?<!contraceptive )prevalence', 'alcohol consumption', 'tobacco (use|consumption)', 'smok(e|ers|ing)', 'obes(e|ity)', 'suicides?', 'incidence of', 'out of school', 'inability', 'unmet needs?',
  'low[- ]birth ?weight', 'adolescent (fertility|births?)', 'child(ren)? (labou?r|in employment)',
  // Obstacles firms report in enterprise surveys ("Firms experiencing electrical outages", "… losses due to theft",
  // "… expected to give gifts in meetings with tax officials", bribery).
  'outages', 'theft', 'give gifts',
  // Output lost in handling or distribution (electricity transmission and distribution losses, food loss) is waste.
  'losses', 'food loss',
)
const WELFARE_GOOD = words(
  'life expectancy', '(healthy )?life years', 'literacy', 'educational attainment', 'tertiary attainment', 'enrol?l?ment', 'school (attendance|completion)', 'completion rate',
  'access to (electricity|water|(safe(ly)? )?(drinking )?water|sanitation|clean)',
  'using (at least )?(basic|safely managed) (drinking water|sanitation)',
  'immuni[sz]ation', 'vaccination', 'treatment success', 'attended by skilled', 'account ownership',
)
// "Deficit" alone is signed against surplus; "deficit/surplus", "Surplus or Deficit [-]" and "deficit(-) or surplus(+)"
// are the signed balance itself (surplus positive).
const SIGNED_DEFICIT = /(?<!surplus\s*(?:\/|\bor\b)\s*)\bdeficits?\b(?!\s*(?:\/\s*surplus|\(\s*-\s*\)|\[\s*-\s*\]|or\s+surplus))/i
// Survey balances of expected prices or of credit standards: more respondents expecting inflation or tightening is worse.
// Prices as French, Italian, Spanish and Portuguese surveys write them ("prix de vente", "prezzi di vendita"). Stocks
// of finished goods judged too large and bearish investors weigh on demand (the EC confidence indicators invert stocks).
// Lenders reporting more defaults, losses or arrears (BoE Credit Conditions Survey) report worse credit.
const ADVERSE_EXPECTATION = words('prices?', 'prix', 'prezzi', 'precios', 'pre(ç|c)os', 'inflation', 'credit standards', 'tighten(ing|ed)?', '(increasing|widening) (spreads|premiums)', 'stocks', 'bear(s|ish)', 'defaults?', 'losses', 'arrears')
// "Industry (except construction, sewerage, waste management …)": what a scope leaves out is not the subject.
const EXCLUDED_WASTE = /\b(?:except|excluding|excl\.?|other than)\b[^)]*\bwaste\b/i
// Equity indices rise with wealth; currency and commodity indices cut both ways.
const EQUITY_INDEX = words('share prices?', 'stock (market|exchange|price)s?', 'equit(y|ies)', 's&p', 'dow jones', 'nasdaq', 'stoxx', 'nikkei', 'ftse', 'dax', 'msci')
// A financial or credit cycle indicator measures the phase of a cycle: a boom is no better than a bust.
const NEUTRAL_INDEX = words('exchange rates?', 'reer', 'neer', 'dollar index', 'currency index', 'commodit(y|ies)', 'dry index', 'freight', 'capesize', 'panamax', 'supramax', 'handysize', '(financial|credit) cycle', 'trade[- ]weighted')
// Commodity groups of the price indices (World Bank Pink Sheet, IMF PCPS: "Beverages index", "Metals, Index"), unit
// value indices (trade prices) and BLS CPI items ("…, all urban consumers"), price levels that do not say "price";
// Trading Economics calls the house price index "Housing Index". A production, output or sales index of the same
// goods is activity, not a price.
const PRICE_LEVEL_SUBJECT = words('beverages?', 'food', 'fertili[sz]ers?', 'metals?', 'minerals', 'raw materials', 'agricultur(e|al)', 'unit values?', 'urban consumers', 'housing index')
const ACTIVITY = words('production', 'output', 'turnover', 'sales', 'volumes?', 'manufactur(e|ing)', 'consumption', 'use', 'intensity')
// People by kind of job (part-time, temporary, self-employed, holding a second job) are a composition of employment, not more or less of it.
const EMPLOYMENT_KIND = words('part[- ]time', 'temporary (employ(ees|ment)|workers|contracts?|jobs)', 'self[- ]employ(ed|ment)', 'second jobs?', 'multiple job ?holders')

/** Ordered; the first entry that fits the type and the name sets the orientation. */
export const ORIENTATION_RULES: readonly OrientationRule[] = [
  { id: 'welfare-bad', types: WELFARE_TYPES, when: { name: WELFARE_BAD }, orientation: 'lower-is-positive', why: 'mortality, poverty, inequality or hunger is better lower' },
  { id: 'welfare-good', types: WELFARE_TYPES, when: { name: WELFARE_GOOD }, orientation: 'higher-is-positive', why: 'longer lives, literacy, schooling and access are better higher' },
  { id: 'bad-people', types: ['rate', 'count', 'percentage', 'ratio', 'sentiment'], when: { name: BAD_PEOPLE }, orientation: 'lower-is-positive', why: 'more unemployment, claims or failures is worse' },
  { id: 'employment-kind', types: ['count', 'percentage'], when: { name: EMPLOYMENT_KIND }, orientation: 'neutral', why: 'part-time, temporary or self-employment is a composition of employment' },
  { id: 'good-people', types: ['rate', 'count', 'percentage'], when: { name: GOOD_PEOPLE }, orientation: 'higher-is-positive', why: 'more employment or arrivals is better' },
  { id: 'rate-neutral-prices', types: ['rate'], when: { name: L.PRICE_CHANGE_NEUTRAL }, orientation: 'neutral', why: 'property and trade price changes cut both ways' },
  { id: 'rate-wages', types: ['rate'], when: { name: L.WAGES }, orientation: 'higher-is-positive', why: 'wage growth is better higher, even in a wage price index' },
  { id: 'rate-inflation', types: ['rate'], when: { name: L.PRICE_MEASURE, not_name: L.VALUED_AT_PRICES }, orientation: 'lower-is-positive', why: 'inflation and price changes are better lower' },
  { id: 'rate-neutral', types: ['rate'], when: { name: NEUTRAL_CHANGE }, orientation: 'neutral', why: 'trade, money and population changes cut both ways' },
  { id: 'credit-flow', types: ['flow'], when: { name: words('loans', 'lending', 'credit', 'financing', 'borrowing', 'issues', 'issuance'), not_name: L.GROSS_SIDE }, orientation: 'neutral', why: 'new credit, like credit growth, cuts both ways' },
  { id: 'revenue', types: ['flow'], when: { name: REVENUE }, orientation: 'higher-is-positive', why: 'taxes and other government revenue are better higher, whatever they are levied on' },
  { id: 'saving-flow', types: ['flow'], when: { name: words('savings?') }, orientation: 'neutral', why: 'saving is income not spent, neither good nor bad, like a saving rate' },
  { id: 'household-consumption', types: ['flow'], when: { name: HOUSEHOLD_CONSUMPTION }, orientation: 'higher-is-positive', why: 'household spending is demand, better higher like output' },
  { id: 'imports', types: ['flow', 'volume'], when: { name: IMPORTS }, orientation: 'neutral', why: 'imports, spending and repayments are neither good nor bad' },
  { id: 'signed-balance', types: ['ratio'], when: { name: words('net lending', 'budget', '(fiscal|primary|structural|cyclically adjusted|government) balance', 'surplus'), not_name: SIGNED_DEFICIT }, orientation: 'higher-is-positive', why: 'a signed fiscal balance is better higher (surplus positive)' },
  // A net position vis-à-vis the Eurosystem (a TARGET2 balance) is a claim held, not money the Eurosystem issues.
  { id: 'money-aggregate', types: ['stock'], when: { name: MONEY_AGGREGATE, not_name: L.NET_POSITION }, orientation: 'neutral', why: 'a money aggregate is neither good nor bad in size' },
  { id: 'leverage', types: ['ratio'], when: { name: LEVERAGE, not_name: BANK_CAPITAL }, orientation: 'lower-is-positive', why: 'credit over income or output is a burden, better lower' },
  { id: 'interest-paid', types: ['ratio'], when: { name: INTEREST_PAID }, orientation: 'lower-is-positive', why: 'interest paid over output, income or revenue is a burden, better lower' },
  { id: 'debt', types: ['stock', 'ratio', 'percentage'], when: { name: DEBT }, orientation: 'lower-is-positive', why: 'debt, deficits and bad loans are better lower' },
  { id: 'stock-reserves', types: ['stock'], when: { name: words(RESERVES_HELD, L.FOREIGN_RESERVES, L.RU_RESERVES, RESERVE_ASSETS, 'investment position', 'international investment positions', L.NET_POSITION.source, 'wealth', 'net worth', "owners'? equity", L.FOREIGN_HOLDINGS.source) }, orientation: 'higher-is-positive', why: 'reserves and net positions are better higher' },
  { id: 'emissions', types: ['volume', 'flow', 'rate', 'ratio', 'index'], when: { name: words('emissions?', 'greenhouse gas(es)?', 'ghg', 'co2', 'carbon dioxide', 'pollution', 'waste', 'deforestation'), not_name: EXCLUDED_WASTE }, orientation: 'lower-is-positive', why: 'emissions and pollution are better lower' },
  { id: 'burden-cost', types: ['price', 'ratio'], when: { name: BURDEN_COST }, orientation: 'lower-is-positive', why: 'a cost or fee of doing business, in money or over income or value, is better lower' },
  // Energy or water used per head; consumption per head in money ("Survey mean consumption or income per capita (2017
  // PPP $ per day)") is a living standard, read by money-per-head.
  { id: 'use-per-head', types: ['ratio'], when: { name: words('use', 'consumption', 'withdrawals?'), currency: false }, orientation: 'neutral', why: 'what is used or consumed per head is neither good nor bad' },
  { id: 'money-per-head', types: ['ratio'], when: { name_or_units: L.PER_CAPITA, currency: true }, orientation: 'higher-is-positive', why: 'more income or output per head is better' },
  { id: 'research-aid-effort', types: ['ratio'], when: { name: RESEARCH_AID, not_name: words('received') }, orientation: 'higher-is-positive', why: 'research intensity and aid given are development goals, better higher (README Research and aid effort)' },
  { id: 'fiscal-aggregate', types: ['ratio'], when: { name: FISCAL_AGGREGATE }, orientation: 'neutral', why: 'taxes, revenue and spending over output are neither good nor bad' },
  { id: 'ratio-good', types: ['ratio', 'percentage'], when: { name_or_units: GOOD_RATIO }, orientation: 'higher-is-positive', why: 'more income, capital or access per head is better' },
  { id: 'land-yield', types: ['ratio'], when: { name: words('yields?') }, orientation: 'higher-is-positive', why: 'more harvested per unit of land is better' },
  { id: 'vital-neutral', types: ['ratio'], when: { name: VITAL_NEUTRAL }, orientation: 'neutral', why: 'births, marriages and natural change per head are demography, neither good nor bad' },
  { id: 'ratio-per-people', types: ['ratio'], when: { per_people: true }, orientation: 'higher-is-positive', why: 'resources per head are better higher' },
  { id: 'price-wages', types: ['price'], when: { name: L.WAGES }, orientation: 'higher-is-positive', why: 'wages are the price of labour, better higher' },
  { id: 'hours-worked', types: ['duration'], when: { name: words('weekly hours', 'hours (actually )?worked', 'working hours') }, orientation: 'neutral', why: 'hours worked are a length of time but not a delay' },
  { id: 'policy-rate-spread', types: ['spread'], when: { name: POLICY_RATE_SPREAD }, orientation: 'neutral', why: 'a spread over the policy rate says where policy sits against the curve, not a priced risk' },
  { id: 'credit-spread', types: ['spread'], when: { name: RISK_SPREAD }, orientation: 'lower-is-positive', why: 'a wider credit or sovereign risk spread is worse' },
  { id: 'interest-rate', types: ['price'], when: { name: L.INTEREST_RATE }, orientation: 'lower-is-positive', why: 'an interest rate is the price of money, better lower' },
  { id: 'index-prices-paid', types: ['index'], when: { name: L.PRICES_PAID }, orientation: 'lower-is-positive', why: 'a prices-paid or cost index is better lower' },
  { id: 'governance-score', types: ['index'], when: { name: L.GOVERNANCE_SCORE, not_name: words('ranks?', 'ranking') }, orientation: 'higher-is-positive', why: 'a governance score is better higher (a rank is not)' },
  { id: 'sentiment-adverse', types: ['sentiment'], when: { name: ADVERSE_EXPECTATION }, orientation: 'lower-is-positive', why: 'a balance expecting higher prices or tighter credit is worse' },
  { id: 'index-risk', types: ['index', 'sentiment'], when: { name: RISK }, orientation: 'lower-is-positive', why: 'an uncertainty or risk index is better lower' },
  { id: 'index-equity', types: ['index'], when: { name: EQUITY_INDEX, not_name: L.PRICE_CHANGE_NEUTRAL }, orientation: 'higher-is-positive', why: 'an equity index rises with wealth' },
  { id: 'index-neutral-market', types: ['index'], when: { name: NEUTRAL_INDEX }, orientation: 'neutral', why: 'a currency or commodity index cuts both ways' },
  { id: 'index-goods-prices', types: ['index'], when: { name: PRICE_LEVEL_SUBJECT, not_name: ACTIVITY }, orientation: 'neutral', why: 'a commodity, trade or consumer price level is neither good nor bad' },
  { id: 'index-wages', types: ['index'], when: { name: L.WAGES }, orientation: 'neutral', why: 'a wage or earnings index level is the price of labour, a price level (README Index orientation)' },
  { id: 'index-price-level', types: ['index'], when: { name_or_units: L.PRICE_MEASURE, not_name: L.VALUED_AT_PRICES }, orientation: 'neutral', why: 'a price level is neither good nor bad' },
  { id: 'index-terms-of-trade', types: ['index'], when: { name: words('terms of trade') }, orientation: 'higher-is-positive', why: 'better terms of trade are better' },
]
