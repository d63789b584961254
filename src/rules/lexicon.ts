import { words } from './match'

// Reserves and debt as Spanish, Portuguese, French, Italian, German and Turkish catalogues write them.
export const FOREIGN_RESERVES = 'reservas?|r(é|e)serves|riserve|rezerv(ler|leri)?'
// World Bank IDS writes debt outstanding as "DOD" (debt outstanding and disbursed): "Use of IMF credit (DOD, current US$)".
export const L_DEBT = 'deudas?|d(í|i)vidas?|dettes?|debit[oi]|schulden(stand)?|dod'
// Russian 'долг' (debt, "Внешний долг") as a whole Cyrillic word, inflected: 'долгосрочный' is long-term, and word
// boundaries are ASCII only.
export const RU_DEBT = '(?<![а-яё])долг(и|а|ов|у|ом)?(?![а-яё])'
// Russian 'резерв…' (reserves: 'Международные резервы', 'резервные активы'), at a Cyrillic word start.
export const RU_RESERVES = '(?<![а-яё])резерв[а-яё]*'

// Subject vocabularies shared by the type, aggregation and orientation tables. Each is a word-boundary
// alternation; extend a list here and every table that names it learns the word.

// A currency's own name ("Pakistani Rupee") over a bare currency unit is its exchange rate.
export const FX = words(
  'exchange rates?',
  'tipos? de cambio',
  'taxas? de c(â|a)mbio',
  // A purchasing power parity or a PPP conversion factor converts one currency into another, as an exchange rate does.
  'purchasing power parities',
  '(ppp |alternative )?conversion factors?',
  'fx( rates?)?',
  'forex rates?',
  'currency',
  'spot rate',
  '[a-z]{3}/[a-z]{3}',
  '(usd|eur|gbp|jpy|chf|cny)[a-z]{3}',
  'dollar',
  // "Euro area" is a place, not the currency.
  'euro(?![- ](area|zone))',
  'pound( sterling)?',
  'yen',
  'yuan',
  'renminbi',
  'rupee',
  'rupiah',
  'peso',
  'rand',
  'naira',
  'lira',
  'brazilian real',
  'shilling',
  'franc',
  'won',
  'ruble',
  'rouble',
  'ringgit',
  'baht',
  'dong',
  'zloty',
  'forint',
  'krona',
  'krone',
  'dinar',
  'dirham',
  'riyal',
)
export const NOT_FX = words(
  'index',
  'indices',
  'composition',
  'breakdown',
  'thousands?',
  'millions?',
  'billions?',
  'reserves?',
  'circulation',
  'deposits?',
  'volatility',
  'loans?',
  'holdings',
  // Pay in a currency whose name is a dimension label of the title ("Monthly minimum wages - … - Euro - Croatia").
  'wages?',
  'earnings',
  'salar(y|ies)',
)

export const INTEREST_RATE = words(
  'interest rates?',
  'policy rates?',
  'bank rate',
  'cash rate',
  'base rate',
  'key rate',
  '(reverse )?repo( rate)?',
  'refinancing( rate)?',
  'discount rate',
  'deposit (facility )?rates?',
  // Central-bank standing facilities are quoted by the facility's name alone ("ECB Deposit facility").
  '(deposit|marginal lending|standing|lending) facility',
  'main refinancing operations',
  // ECB "Composite cost of borrowing indicator": the interest rate borrowers pay.
  'cost of borrowing',
  'borrowing costs?',
  'deposit interest',
  'lending (facility )?rates?',
  'lending interest',
  'prime (lending )?rate',
  'interbank( rates?)?',
  'overnight( rates?)?',
  'sofr',
  'sonia',
  'e?str',
  'commercial paper',
  'call rates?',
  'prime loan rate',
  'libor',
  'euribor',
  'shibor',
  'tibor',
  'hibor',
  'jibar',
  // Mexico's TIIE and the funding rates of Banxico ("fondeo") and the CBRT ("fonlama maliyeti", funding cost; "faiz",
  // interest, "politika faizi" with the Turkish possessive) are interest rates in their catalogues' own words.
  'tiie',
  'fondeo',
  'fonlama maliyeti',
  'faiz(i|ı)?( oran(ı|i))?',
  'selic',
  'federal funds',
  'fed funds',
  'mortgage (interest )?rates?',
  'fixed[- ]rate mortgage',
  'call money',
  'money market rates?',
  'benchmark rate',
  'loan prime rate',
  'lpr',
  'short[- ]term rate',
  'cash target',
  // Spanish, Portuguese, French, Italian and German catalogue words.
  'tasas? de inter(é|e)s',
  // Policy rates by their own names: Banco Central de Chile "Tasa de política monetaria", Banco de España "tipo de interés".
  'tasas? de pol(í|i)tica monetaria',
  'tipos? de inter(é|e)s',
  'taux directeurs?',
  'taxas? de juros',
  'taux d.int(é|e)r(ê|e)t',
  'tass[oi] di interesse',
  'zins(s(ä|a)tze?|satz)',
)
// Long-term interest rates are government bond yields (TAXONOMY §3 "Catalogue styles"), not a price of money.
export const BOND_YIELD = words(
  'government (bonds?|securities)',
  'long[- ]term (interest )?rates?',
  'bond yields?',
  // Bills quoted as a rate are yields too (README), even under an IFS "Interest Rates" heading.
  'treasury bills?',
  't-?bills?',
  'cetes',
  'convergence criterion',
)
export const YIELD = words(
  'yields?',
  'bonds?',
  'treasur(y|ies)',
  'gilts?',
  'bunds?',
  'jgbs?',
  'notes?',
  't-?bills?',
  'bills?',
  'oat',
  'btp',
)

// Exchanges list their volatility indices by ticker alone ("VDAX-NEW", "V2X", "VHSI", "VKOSPI").
export const VOLATILITY = words(
  'vix',
  'vstoxx',
  'ovx',
  'vdax',
  'v2x',
  'vhsi',
  'vkospi',
  'volatility',
  'implied vol',
  'move index',
)
// A poverty gap is the shortfall of the poor below the line as a % of it, a welfare percentage (TAXONOMY §3), not a gap to trend.
export const GAP = /^(?!.*\bpoverty gaps?\b).*\bgaps?\b/i
export const SPREAD = words(
  'spreads?',
  'term premium',
  '\\d+y\\s*[-–]\\s*\\d+y',
  // Curve slopes in traders' shorthand: "2s10s", "5s30s".
  '\\d+s\\s?\\d+s',
  'minus',
  'differential',
  // Breakeven inflation is a nominal yield minus a real one.
  'breakeven( inflation)?( rates?)?',
  'relative to (the )?yield',
  'cds',
  'cdx',
  'itraxx',
  'credit default swaps?',
  'oas',
)
export const PROBABILITY = words('probabilit(y|ies)', 'likelihood', 'odds', 'chance', 'default frequency')
export const THRESHOLD = words(
  'thresholds?',
  // The unemployment rate consistent with stable inflation or wages is a reference level, not a labour rate.
  'nairu',
  'nawru',
  'non-accelerating (inflation|wage) rate of unemployment',
  '(natural|noncyclical|non-cyclical) rate of unemployment',
  '(maintenance|initial) margins?',
  'margin requirements?',
  'poverty (line|level|guidelines?)',
  'targets?',
  'ceilings?',
  'cut-?offs?',
  'limits?',
  'buffer rate',
  '(countercyclical|conservation|systemic risk|capital) (capital )?buffers?',
  // A financing requirement is what a government must borrow (IMF "gross financing requirements"), an amount, not a
  // level set by rule.
  '(?<!financing )requirements?',
  '(cash |required )?reserve ratio',
  'reserve requirements?',
)
// The people below a threshold are a part of the population, not the threshold: "At-risk-of-poverty rate by poverty threshold".
export const BELOW_THRESHOLD = words('at[- ]risk[- ]of[- ]poverty', 'poverty rates?', 'headcount', 'below')
// A profit over a stock ("Return on equity") is a ratio, not a change like an index's annual return.
export const RETURN_ON = words(
  'returns? on (average )?(equity|assets|capital|investment|invested capital)',
  'roe',
  'roa',
)
// Debts and fiscal or external balances quoted in a plain "%" or "Per cent" are ratios (to GDP, to income), not changes.
export const DEBT_OR_BALANCE_LEVEL = words(
  'debt',
  'liabilities',
  'deficits?',
  'surplus',
  'net (lending|borrowing)',
  '(budget|fiscal|primary|current account) balance',
)
export const CORRELATION = words('correlations?', 'co-?movement', 'beta')
export const ELASTICITY = words('elasticity', 'elasticities', 'pass-?through')
export const MULTIPLIER = words('multipliers?')
export const DURATION = words(
  'duration',
  'days? (sales|payable|inventory)',
  'time to',
  'waiting time',
  'length of',
  'maturity',
)

// Survey balances of opinion (TAXONOMY §3): named Outlook/Survey/Sentiment, or the known balance surveys.
export const SENTIMENT = words(
  // "World Economic Outlook", "OECD Economic Outlook" are forecast databases, not a survey's outlook.
  '(?<!economic )outlook',
  'sentiment',
  'surveys?',
  'opinion',
  'tankan',
  'economy watchers',
  'expectations? survey',
  'diffusion index',
)
export const BALANCE_OF_OPINION = words('net balance', 'net percentage', 'balance of opinion', 'solde d.opinion')
export const CONSTRUCTED_INDEX = words(
  'confidence',
  'climate',
  'pmi',
  'purchasing managers',
  'optimism',
  'ism',
  'ifo',
  'nfib',
)

const CHANGE_WORDS = words(
  'growth',
  'changes?',
  'yoy',
  'mom',
  'qoq',
  'y/y',
  'm/m',
  'q/q',
  'y-o-y',
  'm-o-m',
  'q-o-q',
  'saar',
  'year[- ]on[- ]year',
  'month[- ]on[- ]month',
  'quarter[- ]on[- ]quarter',
  'year[- ]over[- ]year',
  'month[- ]over[- ]month',
  'quarter[- ]over[- ]quarter',
  'annuali[sz]ed',
  'increase',
  'decrease',
  'inflation',
  'deflation',
  'contribution to',
  'varia(ç|c)(ã|a)o',
  'variaci(ó|o)n',
  'variazione',
  'ver(ä|a)nderung(srate)?',
  // TurkStat "yıllık değişim" (annual change).
  'de(ğ|g)i(ş|s)im',
  'variations?',
  'glissement',
)
// A hierarchical title whose last part is the measure "Level" or "Outstanding amounts" (ECB, Fed Z.1, BoJ) is a
// level, whatever change words an earlier part holds ("date of changes").
export const LEVEL_MEASURE =
  /(?:[;,:]|\s[-–])\s*(?:levels?|(?:amounts?|stocks?) outstanding|outstanding amounts?|end[- ]of[- ]period levels?)\s*$/i
export const CHANGE = new RegExp(`^(?![^]*${LEVEL_MEASURE.source})[^]*?${CHANGE_WORDS.source}`, 'i')
export const PRICE_CHANGE_NEUTRAL = words(
  // A currency's value cuts both ways, even deflated by consumer prices.
  '(real |nominal )?(effective )?exchange rates?',
  'reer',
  'neer',
  'house prices?',
  'home prices?',
  'property prices?',
  'housing prices?',
  'house price index',
  'real estate prices',
  // The same subject in catalogue languages: INE "Índice de Precios de Vivienda", Destatis "Häuserpreisindex".
  'precios de (la )?vivienda',
  'pre(ç|c)os (de|dos) im(ó|o)veis',
  'prix des logements',
  'prezzi delle abitazioni',
  'pre(ç|c)os da habita(ç|c)(ã|a)o',
  '(h(ä|a)user|wohnimmobilien)preis(e|index)',
  'terms of trade',
)
// Prices and costs: a level in points, a change in %.
const PRICE_WORDS = words(
  'inflation',
  'deflation',
  'prices?',
  'cpi',
  'cpih',
  'hicp',
  'ipca',
  'inpc',
  'ipc',
  'precios',
  'pre(ç|c)os',
  'prix',
  'prezzi',
  // German compounds: "Verbraucherpreisindex", "Erzeugerpreise".
  '[a-zäöü]*preis(e|index)?',
  // Norwegian, Danish and Swedish compounds: "Produsentprisindeks", "Konsumprisindeksen", "Konsumentprisindex".
  '[a-zæøåäö]*prisinde(ks|x)(en)?',
  // TurkStat "Tüketici fiyat endeksi", "Üretici fiyatları".
  'fiyat(lar(ı|i))?',
  'pce',
  'ppi',
  'rpi',
  'wpi',
  'deflator',
  'cost of living',
  'costs?',
  // Core inflation and core CPI, but not what 'core' picks out among industries or orders (India's "Eight Core
  // Industries", Japan's "core machinery orders"): their output and demand.
  'core(?! (industr(y|ies)|sectors?|machinery|capital goods))',
)
// Rosstat's Russian titles ("Индекс потребительских цен") have no ASCII word boundary, so the stem of "цены" (prices)
// is matched after any non-letter.
export const PRICE_MEASURE = new RegExp(`${PRICE_WORDS.source}|(?<!\\p{L})цен`, 'iu')
// Survey sub-indices of prices and costs ("ISM Manufacturing Prices"), not price levels like the CPI or a construction
// or labour cost index.
export const PRICES_PAID =
  /\b(?:prices paid|input prices|input costs?|prices charged|output prices)\b|\b(?:ism|pmi|fed|survey)\b.*\b(?:prices?|costs?)\b/i

export const LABOUR_RATE = words(
  'unemployment',
  'unemployed',
  'jobless',
  'employment',
  'employed',
  'participation',
  'tasa de actividad',
  'taxa de atividade',
  'taux d.activit(é|e)',
  'labou?r force',
  'inactivity',
  'inactive',
  'underemployment',
  'employment[- ]to[- ]population',
  'neet',
  'desocupa(ç|c)(ã|a)o',
  'desocupaci(ó|o)n',
  'desocupad[oa]s?',
  'parados',
  'ocupad[oa]s',
  'occupati',
  'erwerbslose',
  'ch(ô|o)meurs',
  'desemprego',
  'paro',
  'desempleo',
  'ch(ô|o)mage',
  'disoccupazione',
  'arbeitslos(e|igkeit)?',
)
export const PERCENTAGE_MEASURE = words(
  'capacity utili[sz]ation',
  'utili[sz]ation',
  'occupancy',
  'literacy',
  'enrol?ment',
  'home ?ownership',
  'vacancy rate',
  'tax rates?',
  'unmet needs?',
  'insecurity',
  'saving rate',
  'savings rate',
  'savings? ratio',
  'coverage',
  'poverty',
  'headcount',
  'of population',
  'to total',
  'using the internet',
  'access to',
)
// "% of X" (TAXONOMY §3 units in the name): a percent of something is a part or a ratio, never a change.
export const PERCENT_OF = /(?:%|\bper\s?cent(?:age)?|\bpercentage)\s+of\b/i
// "% of total population", "% of labour force": a part of the people counted, a percentage.
// "% of primary school age" is a part of the people of that age; "% of new cases" a part of the patients counted;
// "percentage of the total number of employees" a part of the employees; "% of firms" (Enterprise Surveys) a part of the
// firms surveyed.
export const OF_PEOPLE =
  /(?:%|\bper\s?cent(?:age)?|\bpercentage)\s+of\s+(?:the\s+)?(?:(?:total\s+)?number\s+of\s+)?(?:(?:total\s+|youth\s+|adult\s+|working[- ]age\s+|extended\s+|urban\s+|rural\s+|female\s+|male\s+|new\s+)?(?:population|people|persons|labou?r force|adults|children|households|individuals|employed|employees|workers|births|women|men|females|males|girls|boys|cases|patients|pupils|students|firms)\b|(?:[\w-]+\s+){0,3}ages?\b)/i
// "High-technology exports (% of manufactured exports)": the denominator names the subject's own kind, a share of it.
export const OF_OWN_KIND =
  /\b(?!total\b|percent\b|percentage\b)([a-z]{4,}?)s?\b.*(?:%|\bper\s?cent(?:age)?|\bpercentage)\s+of\s+(?:[\w-]+\s+){0,3}?\1s?\b/i
// "X to Y" of two stocks or a stock and a flow ("household debt to income", "capital to risk-weighted assets").
export const STOCK_TO =
  /\b(?:debt|capital|credit|loans?|assets|liabilities|reserves|inventories|deposits|provisions)\b.*\bto\b(?! total\b)/i

export const GDP_DENOMINATOR =
  /\b(?:of|to|over|\/|del|do|da|du|des|de)[\s-]*(?:the\s+)?(?:potential\s+)?(?:gdp|gnp|gni|output|gross domestic product|gross national income|pib|pil|bip)\b|\bgdp ratio\b|%\s*(?:pib|pil|bip)\b/i
// A component of output over GDP is a share of it; fiscal and external aggregates over GDP are ratios (TAXONOMY §3).
export const OUTPUT_COMPONENT = words(
  'manufacturing',
  'agriculture',
  'agricultural',
  'industry',
  'industrial',
  'construction',
  'mining',
  'consumption',
  'gross fixed capital formation',
  'gfcf',
  'capital formation',
  'value added',
  'tourism',
  'household',
  'private consumption',
  'government consumption',
  'investment',
  'sector',
  'savings',
  'saving',
  'npish',
  'npishs',
)
// Stocks, positions and fiscal balances over GDP are ratios even when the name holds an output word ("private sector").
export const GDP_RATIO_SUBJECT = words(
  'debt',
  L_DEBT,
  'credit',
  'positions?',
  'liabilities',
  'assets',
  'net lending',
  'net borrowing',
  // What the government must borrow in the year ("Public sector gross financing requirements, Percent of GDP").
  'financing (needs?|requirements?)',
  'deficit',
  'surplus',
  'balance',
)
// Loans past due or in default, as a % of loans: a part of a whole (labelled percentage), not a rate of change.
export const BAD_LOANS = words(
  'non[- ]?performing',
  'npls?',
  'delinquen(cy|t|cies)',
  'bad loans?',
  'impaired loans?',
  'past due',
  'overdue',
  'in arrears',
  'charge-?offs?',
  // Catalogue-language names of the same ratio: Banxico, BCB, Banco de España, Banque de France, Banca d'Italia.
  'morosidad',
  'inadimpl(ê|e)ncia',
  'cartera vencida',
  'cr(é|e)ances douteuses',
  'sofferenze',
  // Banco de España's "Ratio de dudosos", and "doubtful loans" where catalogues translate it.
  'dudos[oa]s',
  'doubtful (loans|debts?|assets)',
)
// Bad loans over capital or assets are one stock over another (a ratio), not a part of all loans.
// So are reserves set against bad loans ("Provisions to nonperforming loans"): the bad loans are the denominator.
export const NOT_OF_LOANS = new RegExp(
  `${words('to (total )?(capital|equity|assets|gdp)').source}|\\bto\\b.*${BAD_LOANS.source}`,
  'i',
)
// Cover of demand by a stock, in days or months of it (TAXONOMY §3): a ratio, not a duration.
export const COVER_IN_TIME =
  /\b(?:days?|weeks?|months?)'?(?: of)? (?:supply|imports|import cover|cover|consumption|forward demand)\b|\b(?:monthly|weekly) supply\b|\bmonths'? supply\b/i
export const SHARE = words(
  // Equities traded or listed ("turnover ratio of domestic shares", "Turnover velocity of listed shares") are not a part.
  '(?<!(listed|quoted|domestic|foreign|ordinary|common|preferred|unlisted|unquoted) )shares?(?! traded)',
  // A sector's part of output or value added as Portuguese and Spanish accounts write it ("Participação da Indústria no
  // valor adicionado", "Participación porcentual de las actividades terciarias en el PIB"); a participation rate of the
  // labour force is followed by where it is taken ("na força de trabalho"), not by whose part it is.
  'participa(ção|cao|ción|cion)( porcentual)? d[aeo]s?',
  // "Proportion of population spending more than 10% … on health" is a part of the people, not of a composition.
  'proportion(?! of (the )?(population|people|persons|households|children|adults|women|men)\\b)',
  'composition',
  'percent of total',
  'portion',
  'fraction',
  'renewables?',
)
// The split of a portfolio or budget (TAXONOMY §2 allocation), usually told by the denominator in the units. A fund's
// or portfolio's asset class as a "share of total assets" or "of net assets" is its split too.
export const ALLOCATION_OF =
  /^(?=[^]*\b(?:portfolio|fund)\b)[^]*\bshare of (?:total |net )assets\b|\ballocations?\b|\b(?:portfolio|country|sector) weights?\b|\bcurrency (?:breakdown|composition)\b|\bsectoral distribution\b|\bof (?:the )?(?:portfolio|fund|total investments?|(?:[\w-]+ )*investments|allocated reserves|(?:general )?government expenditure|budget)\b/i

// A typical household's or person's income is money per household or head (TAXONOMY §3 money per unit of input).
// Japan's household survey gives money "1世帯当たり" (per household) for income and spending alike.
export const INCOME_PER_UNIT = new RegExp(
  `${
    words(
      '(median|mean|average) ((real|equivali[sz]ed|net|gross|household|family|personal|per capita|disposable|annual|monthly|weekly) ){1,4}income',
      'income per (household|family)',
    ).source
  }|1世帯当たり`,
  'i',
)
// Vital and crime rates are counts per N people, even when the units say only "Rate".
export const RATE_PER_PEOPLE = words(
  '(crude |(age-)?standardi[sz]ed )?(death|mortality|birth|suicide|homicide|incidence|notification) rates?',
)
// Governance and institutional scores are constructed indices (World Bank WGI "Control of Corruption: Estimate").
export const GOVERNANCE_SCORE = words(
  'government effectiveness',
  'rule of law',
  'control of corruption',
  'regulatory quality',
  'voice and accountability',
  'political stability',
  'corruption perceptions?',
  // Trading Economics names the Corruption Perceptions Index score "Corruption Index" (100 = very clean).
  'corruption index',
)
// Pay per employee is money per unit of input (a ratio, TAXONOMY §3); pay per hour stays a wage, the price of labour.
export const PER_PERSON_INPUT = words('per employee', 'per (employed )?person employed', 'per worker', 'per job')
// Money per unit of input (TAXONOMY §3): output or pay per hour worked, per employee.
export const PER_INPUT = words('per hours? worked', 'per hour', PER_PERSON_INPUT.source)
// "Same month last year = 100", "previous period = 100", "annual rate ... 2015=100" (TAXONOMY §3): a change, not a level.
// Rosstat writes the same as "в % к предыдущему месяцу" / "к соответствующему периоду" (in % of the previous month or
// of the same period a year before).
export const PREVIOUS_PERIOD_100 =
  /\b(?:previous|preceding|same|corresponding) (?:\w+ ){0,3}?(?:period|year|month|quarter)[^=]{0,20}=\s*100\b|\bannual rate\b.*=\s*100\b|в\s*%\s*к\s*(?:предыдущему|соответствующему)/i
export const PER_CAPITA = words(
  'per capita',
  'per head',
  'per person',
  'per inhabitant',
  'per \\d[\\d,]* (people|persons|inhabitants|population|adults|children|births|live births)',
)

// Power (MW, not MWh) and refinery throughput per calendar or stream day are how capacity is quoted.
export const CAPACITY_UNITS =
  /\b(?:[kmgt]we?|(?:kilo|mega|giga|tera)watts?)\b(?!\s*-?\s*h)|\bper (?:calendar|stream) day\b|\bb\/[cs]d\b/i
// Not a capacity even in power units: what is drawn or produced at a moment.
export const POWER_USE = words('demand', 'load', 'consumption', 'generation', 'output', 'production')
// A stock-market index or average quoted in currency points ("Nikkei Stock Average [Yen]", "Hang Seng Index [HKD]").
export const MARKET_INDEX = words('ind(ex|ices)', '(stock|share|industrial) averages?', 'composite')
export const CAPACITY = words('capacity', 'capacities', 'potential', 'installed', 'nameplate')
export const NOT_CAPACITY = words('utili[sz]ation', 'utili[sz]ed')

// Foreign-currency holdings of a central bank are reserve assets held at a moment.
export const FOREIGN_HOLDINGS = words('foreign (currency|exchange) (assets|investments|holdings)')
// A net position of stocks (README Net positions vs net flows): a TARGET2 claim, banks' net external position, a central
// bank's net foreign assets ("activos externos netos"). Catalogues also call it a 'saldo' or balance; it is still held.
export const NET_POSITION = words(
  'net (external |foreign |international |creditor |debtor )?positions?',
  'posici(ó|o)n (externa |internacional )?neta',
  '(activos|ativos) (externos|internacionales|internacionais) (netos|l(í|i)quidos)',
)
// Russian reserves and monetary base (Bank of Russia: 'Международные резервы', 'Денежная база') are matched at a
// Cyrillic word start (word boundaries are ASCII only), reserves as RU_RESERVES and debt as RU_DEBT ('Внешний долг').
export const MONEY_STOCK = new RegExp(
  `${
    words(
      FOREIGN_HOLDINGS.source,
      NET_POSITION.source,
      FOREIGN_RESERVES,
      L_DEBT,
      'base monet(a|á)ria',
      'debt',
      'debts',
      'reserves?',
      'assets',
      'liabilities',
      'deposits',
      'dep(ó|o)sitos',
      'money supply',
      'm[0-3]',
      'monetary base',
      'base money',
      'money stock',
      'broad money',
      'narrow money',
      'holdings',
      'loans? outstanding',
      'outstanding',
      'credit to',
      'private sector credit',
      // A loan book in BCB and Latin American catalogues: "carteira de crédito", "cartera de crédito".
      'cartei?ra (de )?cr(é|e)dito',
      'domestic credit',
      'loans to',
      'loans',
      'bank lending',
      // "Foreign Stock Investment" is investment in stocks over the week, not a stock held.
      'stocks?(?! investment)',
      'inventories',
      'wealth',
      'net worth',
      'currency in circulation',
      // Notes and coin in circulation, "Banknote circulation", RBA "Notes on issue": money held by the public.
      'circulation',
      'notes on issue',
      // Credit aggregates are amounts outstanding ("Total Consumer Credit Owned and Securitized", "Bank Credit").
      '(total|bank|consumer|household|housing|business|revolving|nonrevolving|mortgage) credit',
      'balance sheet',
      'investment positions?',
      'iip',
      'market capitali[sz]ation',
      'gold reserves',
      'treasury holdings',
      'claims on',
    ).source
  }|(?:^|[^а-яё])денежн[а-яё]* база|${RU_RESERVES}|${RU_DEBT}`,
  'i',
)
export const NOT_MONEY_STOCK = words(
  'stock (exchange|market)s?(?! capitali[sz]ation)',
  'traded',
  'turnover',
  'changes? in',
  'flows?(?! of funds)',
  'issuance',
  // Securities statistics count issues and redemptions over the month: flows, even of "debt securities".
  '(gross|net) issues',
  'redemptions',
  'repayments?',
  'service',
  'servicing',
  'interest payments?',
)
// Reserves in a balance-of-payments title ("Reserves and related items (BoP, current US$)", "BoP FA: Reserve assets: …")
// are the period's transactions in them, a net of acquisitions and disposals, not the reserves held; the investment
// position, compiled under the same BPM6 manual, holds them.
const BOP_RESERVES =
  '^(?=[^]*\\b(?:bop|bpm6)\\b)(?![^]*\\b(?:iip|investment position)\\b)[^]*\\breserve(?:s| assets)\\b'
// Japanese balances ('経常収支', '貿易収支', '第一次所得収支') have no word boundaries to match on.
export const BALANCE = new RegExp(
  `${
    words(
      'balance(?! of payments| sheet)',
      'current account',
      'capital account',
      'financial account',
      'surplus',
      'deficit',
      'budget',
      'net lending',
      'net borrowing',
      'changes? in inventories',
      'changes? in stocks',
      // Bundesbank "Loans / Total / Monthly changes": the change of a stock over the period nets new lending and repayments.
      '(weekly|monthly|quarterly|annual) changes?',
      'inventory change',
      'net flows?',
      // Net primary or secondary income (receipts less payments) and net saving (income less outlays) net opposing flows.
      'net (primary|secondary) income',
      // Net financial transactions of the financial accounts (ESA, GFS, OECD): a net of acquisitions and disposals.
      'net acquisition of (financial )?assets',
      'net incurrence of liabilities',
      'net ([a-z]+ ){0,2}saving',
      'net (issues|issuance)',
      'tic flows',
      'net exports',
      'net trade',
      'net capital',
      'net portfolio',
      'net investment',
      'net errors',
      'primary balance',
      'fiscal balance',
      'net inflows',
      'net outflows',
      'stock change',
      'inventory change',
      'saldo',
      'balanza',
      // Net financial transactions: Z.1 "asset/liability, Transactions", FDI flows net of disinvestment.
      '(assets?|liability|liabilities),? transactions',
      '(fdi|foreign direct investment|direct investment) flows',
    ).source
  }|収支|${BOP_RESERVES}`,
  'i',
)
// The credit or debit side of an account ("Current Account, Goods, Credit") is a gross flow, not the net balance.
export const GROSS_SIDE = /[,;:-]\s*(?:credit|debit)s?\b/i
// The balance of a debt is what is owed ("Household Debt and Credit: Auto Loan Balance"), a stock.
const DEBT_BALANCE = /\b(?:debt|loans?|mortgages?) balances?\b/i
// An item of a trade-balance table that is one side of it ("Balanza comercial de mercancías de México. Importaciones
// totales") is that gross flow, not the balance.
const TRADE_SIDE =
  /(?:[,;:]|\.\s|\s[-–]\s)\s*(?:exports|imports|exportaciones|importaciones)(?:\s+totales)?\s*(?:$|[,;:.]|\s[-–]\s)/i
// "Amounts outstanding of … net lending" (Bank of England) is the stock the net flows add up to.
// "Saldo al cierre de la semana", "saldo ao final do período", "saldo da carteira de crédito", "Reservas internacionales -
// Saldo": the closing level of an account, loan book or reserves, not a net of flows.
export const NOT_BALANCE = new RegExp(
  `\\bbalance sheet\\b|\\b(?:${FOREIGN_RESERVES})\\b[^]*\\bsaldos?\\b|${NET_POSITION.source}|\\bsaldos? (?:(?:al|a|ao|de) (?:cierre|final|fin)|d[aeo]s? (?:la )?cartei?ra|de cr(?:é|e)dito|de (?:los )?pr(?:é|e)stamos)\\b|\\bamounts? outstanding\\b|\\boutstanding amounts?\\b|${GROSS_SIDE.source}|${TRADE_SIDE.source}|${DEBT_BALANCE.source}`,
  'i',
)

export const COMMODITY = words(
  'gold',
  'silver',
  'platinum',
  'palladium',
  'copper',
  'aluminium',
  'aluminum',
  'nickel',
  'zinc',
  'tin',
  'lead',
  'iron ore',
  'steel',
  'brent',
  'wti',
  'crude( oil)?',
  'oil',
  'natural gas',
  'gas',
  'coal',
  'uranium',
  'gasoline',
  'petrol',
  'diesel',
  'heating oil',
  'wheat',
  'corn',
  'maize',
  'soybeans?',
  'rice',
  'sugar',
  'coffee',
  'cocoa',
  'cotton',
  'palm oil',
  'rubber',
  'lumber',
  'cattle',
  'hogs',
  'electricity',
  'power price',
  'carbon',
  'bitcoin',
  'ethanol',
  'oats',
  'canola',
  'milk',
  'butter',
  'cheese',
  'eggs',
)
// Amounts of a commodity's market rather than its price: "Bitcoin market capitalization", "Gold exports".
export const NOT_COMMODITY_PRICE = words(
  'market capitali[sz]ation',
  'holdings',
  'reserves?',
  'exports?',
  'imports?',
  'production',
  'sales',
  'revenues?',
  'volumes?',
)
// Wages are the price of labour (labelled fixtures: minimum wage and hourly earnings are prices).
// Japanese pay ("現金給与総額", "きまって支給する給与", "賃金") has no word boundaries to match on.
export const WAGES = new RegExp(
  `${words('wages?', 'earnings', 'salar(y|ies)', 'compensation per', 'pay').source}|給与|賃金`,
  'i',
)
// Swedish and Dutch average prices ("medelpris i tusentals kronor", "gemiddelde verkoopprijs").
export const PRICE_WORD = words(
  'prices?',
  'cost',
  'costs',
  'tariffs?',
  'fares?',
  'rents?',
  'quotes?',
  'medelpris',
  '(verkoop)?prijs',
)
// GDP "at current prices" is valued at prices, not a price.
// "At current prices" values an aggregate at prices; it is not a price.
// The same valuations as Spanish, Portuguese, French and Italian accounts write them ("PIB a precios de mercado",
// "a preços básicos", "aux prix du marché", "a prezzi correnti").
export const VALUED_AT_PRICES = words(
  '(current|constant|market|basic|purchasers.?|chained|\\d{4}) prices',
  // ABS writes the valuation in the singular: "Household spending ; Total ; Australia ; Current Price ;".
  '(current|constant) price',
  '(a|aux) (precios|pre(ç|c)os|prix) (de mercado|b(á|a)sicos|constantes|correntes|corrientes|du march(é|e)|de base|courants|constants)',
  'a prezzi (correnti|costanti|di mercato|base)',
)
export const NOT_PRICE = words(
  'index',
  'indices',
  'deflator',
  VALUED_AT_PRICES.source,
  'gdp',
  'gross domestic product',
  'gross national',
  // Trade valued "Cost, Insurance, Freight" (CIF) names a valuation basis, not a cost.
  'cost,? insurance,? (and )?freight',
)

// Goods sold or produced in units are volumes; people, firms, claims and arrivals are counts (TAXONOMY §3).
export const GOODS = words(
  'vehicles?',
  'cars?',
  'autos?',
  'automobiles?',
  'trucks?',
  'motorcycles?',
  'starts',
  'permits',
  'completions',
  'homes?',
  'houses',
  'housing',
  'dwellings?',
  'apartments',
  // Dwellings in catalogue languages (Destatis "Baugenehmigungen ... Wohnungen", INE "viviendas").
  'wohnungen',
  'baugenehmigungen',
  'viviendas',
  'logements',
  'abitazioni',
  'units',
  'ships',
  'aircraft',
  'tonnes',
  'barrels',
  'teu',
  'containers?',
  'shares',
  'trading volume',
  'volumes?',
)
export const PEOPLE_OR_EVENTS = words(
  'rigs?',
  'rig count',
  'population',
  'persons?',
  'people',
  'employed',
  'unemployed',
  'employees',
  'workers',
  'jobs',
  'payrolls?',
  'claims?',
  'claimant',
  'bankruptc(y|ies)',
  'insolvenc(y|ies)',
  'firms',
  'companies',
  'businesses',
  'arrivals',
  'tourists?',
  'visitors',
  'migrants?',
  'migration',
  'births',
  'deaths',
  'cases',
  'strikes',
  'job cuts',
  'layoffs',
  'vacancies',
  'openings',
  'hires',
  'quits',
  'labou?r force',
  'employment',
  'unemployment',
  'applications',
  'households',
  'erwerbst(ä|a)tige',
  'overnight stays',
  'pernoctaciones',
  'presenze',
  'nights',
  'job ?seekers',
  'demandeurs d.emploi',
  'children',
  'pupils',
  'students',
  // People in catalogue languages: "personas", "pessoas", "habitantes"; BPS "penduduk" (population), "jiwa" (persons);
  // DANE "Población ocupada" (the employed population).
  'personas',
  'poblaci(ó|o)n',
  'pessoas',
  'habitantes',
  'penduduk',
  'jiwa',
)
// Failures, crimes, stoppages and suicides happen in a period and are better fewer.
export const BAD_EVENTS = words(
  'suicides',
  'liquidations?',
  'crimes?',
  'offen[cs]es',
  'd(é|e)faillances',
  '(business|bank|company|corporate) failures',
  'stoppages',
  'foreclosures?',
  'evictions?',
  // German compounds: "Insolvenzverfahren", "Unternehmensinsolvenzen".
  '[a-zäöü]*insolvenz[a-z]*',
  'faillites',
  'quiebras',
  'fatalities',
  'injur(y|ies)',
  'accidents',
  'redundanc(y|ies)',
)
// A claimant count is the people claiming on the count date, a level; the claims made ("Initial Claims") and its change
// ("Claimant Count Change") are over the period.
export const EVENT_COUNT = words(
  BAD_EVENTS.source,
  'changes?',
  'claims?',
  'bankruptc(y|ies)',
  'insolvenc(y|ies)',
  'arrivals',
  'births',
  'deaths',
  'cases',
  'strikes',
  'job cuts',
  'layoffs',
  'hires',
  'quits',
  'separations',
  'applications',
  'registrations',
  'payrolls?',
  'additions',
  'new',
  'created',
  'creation',
  'cr(é|e)ations',
  'losses',
  'visitors',
  'tourists?',
  'migration',
  'starts',
  'overnight stays',
  'pernoctaciones',
  'presenze',
  'nights',
)

// "Level" as the measure, not "at national level" (the place the figure covers).
export const COUNT_LEVEL = words(
  'continuing',
  'insured unemployment',
  '(?<!(national|regional|country|state|local|county|municipal|eu) )level',
  'stock of',
)
export const AVERAGE = words('averages?', 'avg', 'mean')
// How descriptions say a series is an average over its period ("Monthly average of daily spot prices").
export const DESCRIBED_AVERAGE =
  /\b(?:daily|weekly|monthly|quarterly|annual|yearly|period) averages?\b|\baverages? (?:for the year|of (?:the )?(?:daily|weekly|monthly) |of observations)/i
// A rate word, which a labour-market name needs to be a percentage rather than a number of people.
export const RATE_WORD = words(
  'rates?',
  'ratios?',
  'participation',
  'percent(age)?',
  'share',
  'tasa',
  'taxa',
  'taux',
  'tasso',
  'quote',
)
