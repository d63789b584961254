// Currency reference data for the units parser (TAXONOMY §4). Names double as match phrases, so
// each is written the way catalogues spell the currency ("Mexican peso", "Pound sterling").

/** ISO 4217 codes in force, with the English name. */
export const ISO_4217: Readonly<Record<string, string>> = {
  AED: 'UAE dirham', AFN: 'Afghan afghani', ALL: 'Albanian lek', AMD: 'Armenian dram',
  ANG: 'Netherlands Antillean guilder', AOA: 'Angolan kwanza', ARS: 'Argentine peso',
  AUD: 'Australian dollar', AWG: 'Aruban florin', AZN: 'Azerbaijani manat',
  BAM: 'Convertible mark', BBD: 'Barbados dollar', BDT: 'Bangladeshi taka', BGN: 'Bulgarian lev',
  BHD: 'Bahraini dinar', BIF: 'Burundian franc', BMD: 'Bermudian dollar', BND: 'Brunei dollar',
  BOB: 'Boliviano', BOV: 'Bolivian Mvdol (funds code)', BRL: 'Brazilian real', BSD: 'Bahamian dollar',
  BTN: 'Bhutanese ngultrum', BWP: 'Botswana pula', BYN: 'Belarusian ruble', BZD: 'Belize dollar',
  CAD: 'Canadian dollar', CDF: 'Congolese franc', CHE: 'WIR euro (funds code)', CHF: 'Swiss franc',
  CHW: 'WIR franc (funds code)', CLF: 'Unidad de Fomento (funds code)', CLP: 'Chilean peso',
  CNY: 'Chinese yuan', COP: 'Colombian peso', COU: 'Unidad de Valor Real (funds code)',
  CRC: 'Costa Rican colon', CUC: 'Cuban convertible peso', CUP: 'Cuban peso',
  CVE: 'Cape Verdean escudo', CZK: 'Czech koruna', DJF: 'Djiboutian franc', DKK: 'Danish krone',
  DOP: 'Dominican peso', DZD: 'Algerian dinar', EGP: 'Egyptian pound', ERN: 'Eritrean nakfa',
  ETB: 'Ethiopian birr', EUR: 'Euro', FJD: 'Fiji dollar', FKP: 'Falkland Islands pound',
  GBP: 'Pound sterling', GEL: 'Georgian lari', GHS: 'Ghanaian cedi', GIP: 'Gibraltar pound',
  GMD: 'Gambian dalasi', GNF: 'Guinean franc', GTQ: 'Guatemalan quetzal', GYD: 'Guyanese dollar',
  HKD: 'Hong Kong dollar', HNL: 'Honduran lempira', HTG: 'Haitian gourde', HUF: 'Hungarian forint',
  IDR: 'Indonesian rupiah', ILS: 'Israeli new shekel', INR: 'Indian rupee', IQD: 'Iraqi dinar',
  IRR: 'Iranian rial', ISK: 'Icelandic krona', JMD: 'Jamaican dollar', JOD: 'Jordanian dinar',
  JPY: 'Japanese yen', KES: 'Kenyan shilling', KGS: 'Kyrgyzstani som', KHR: 'Cambodian riel',
  KMF: 'Comoro franc', KPW: 'North Korean won', KRW: 'South Korean won', KWD: 'Kuwaiti dinar',
  KYD: 'Cayman Islands dollar', KZT: 'Kazakhstani tenge', LAK: 'Lao kip', LBP: 'Lebanese pound',
  LKR: 'Sri Lankan rupee', LRD: 'Liberian dollar', LSL: 'Lesotho loti', LYD: 'Libyan dinar',
  MAD: 'Moroccan dirham', MDL: 'Moldovan leu', MGA: 'Malagasy ariary', MKD: 'Macedonian denar',
  MMK: 'Myanmar kyat', MNT: 'Mongolian tugrik', MOP: 'Macanese pataca', MRU: 'Mauritanian ouguiya',
  MUR: 'Mauritian rupee', MVR: 'Maldivian rufiyaa', MWK: 'Malawian kwacha', MXN: 'Mexican peso',
  MXV: 'Mexican Unidad de Inversion (funds code)', MYR: 'Malaysian ringgit',
  MZN: 'Mozambican metical', NAD: 'Namibian dollar', NGN: 'Nigerian naira',
  NIO: 'Nicaraguan cordoba', NOK: 'Norwegian krone', NPR: 'Nepalese rupee',
  NZD: 'New Zealand dollar', OMR: 'Omani rial', PAB: 'Panamanian balboa', PEN: 'Peruvian sol',
  PGK: 'Papua New Guinean kina', PHP: 'Philippine peso', PKR: 'Pakistani rupee',
  PLN: 'Polish zloty', PYG: 'Paraguayan guarani', QAR: 'Qatari riyal', RON: 'Romanian leu',
  RSD: 'Serbian dinar', RUB: 'Russian ruble', RWF: 'Rwandan franc', SAR: 'Saudi riyal',
  SBD: 'Solomon Islands dollar', SCR: 'Seychelles rupee', SDG: 'Sudanese pound',
  SEK: 'Swedish krona', SGD: 'Singapore dollar', SHP: 'Saint Helena pound',
  SLE: 'Sierra Leonean leone', SLL: 'Sierra Leonean leone (old)', SOS: 'Somali shilling',
  SRD: 'Surinamese dollar', SSP: 'South Sudanese pound', STN: 'Sao Tome and Principe dobra',
  SVC: 'Salvadoran colon', SYP: 'Syrian pound', SZL: 'Swazi lilangeni', THB: 'Thai baht',
  TJS: 'Tajikistani somoni', TMT: 'Turkmenistan manat', TND: 'Tunisian dinar',
  TOP: "Tongan pa'anga", TRY: 'Turkish lira', TTD: 'Trinidad and Tobago dollar',
  TWD: 'New Taiwan dollar', TZS: 'Tanzanian shilling', UAH: 'Ukrainian hryvnia',
  UGX: 'Ugandan shilling', USD: 'United States dollar', USN: 'US dollar next day (funds code)',
  UYI: 'Uruguay peso en unidades indexadas (funds code)', UYU: 'Uruguayan peso',
  UYW: 'Unidad previsional (funds code)', UZS: 'Uzbekistani sum', VED: 'Venezuelan digital bolivar',
  VES: 'Venezuelan bolivar', VND: 'Vietnamese dong', VUV: 'Vanuatu vatu', WST: 'Samoan tala',
  XAF: 'CFA franc BEAC', XAG: 'Silver (one troy ounce)', XAU: 'Gold (one troy ounce)',
  XBA: 'European Composite Unit (bond market unit)', XBB: 'European Monetary Unit (bond market unit)',
  XBC: 'European Unit of Account 9 (bond market unit)', XBD: 'European Unit of Account 17 (bond market unit)',
  XCD: 'East Caribbean dollar', XCG: 'Caribbean guilder', XDR: 'Special drawing rights',
  XOF: 'CFA franc BCEAO', XPD: 'Palladium (one troy ounce)', XPF: 'CFP franc',
  XPT: 'Platinum (one troy ounce)', XSU: 'SUCRE (unit of account)', XTS: 'Code reserved for testing',
  XUA: 'ADB unit of account', XXX: 'No currency', YER: 'Yemeni rial', ZAR: 'South African rand',
  ZMW: 'Zambian kwacha', ZWG: 'Zimbabwe gold', ZWL: 'Zimbabwean dollar',
}

/** Withdrawn codes that historical catalogue series still carry. */
const FORMER_ISO_4217: Readonly<Record<string, string>> = {
  HRK: 'Croatian kuna', LTL: 'Lithuanian litas', LVL: 'Latvian lats', EEK: 'Estonian kroon',
  SKK: 'Slovak koruna', SIT: 'Slovenian tolar', CYP: 'Cypriot pound', MTL: 'Maltese lira',
  VEF: 'Venezuelan bolivar fuerte', BYR: 'Belarusian ruble (old)', MRO: 'Mauritanian ouguiya (old)',
  STD: 'Sao Tome and Principe dobra (old)', ZMK: 'Zambian kwacha (old)', GHC: 'Ghanaian cedi (old)',
  DEM: 'Deutsche mark', FRF: 'French franc', ITL: 'Italian lira', ESP: 'Spanish peseta',
}

// XXX means "no currency" and XTS is for testing: neither denotes money in a units string.
const NOT_MONEY = new Set(['XXX', 'XTS'])

export function isMoneyCode(code: string): boolean {
  return !NOT_MONEY.has(code) && (code in ISO_4217 || code in FORMER_ISO_4217)
}

/**
 * Codes that are also English words ("ALL ITEMS", "TOP 10"): they count as currencies only standing
 * alone or beside a scale word, "per", a price-basis word, a slash or a hyphen.
 */
export const WORD_LIKE_CODES: ReadonlySet<string> = new Set([
  'ALL', 'TRY', 'TOP', 'CUP', 'MAD', 'BAM', 'MOP', 'PEN', 'GEL', 'SOS', 'CAD', 'BOB', 'DOP',
  'NAD', 'AMD', 'ERN', 'FJD', 'HUF', 'LAK', 'SAR', 'BND', 'GIP', 'STD', 'SIT', 'ESP', 'DEM',
])

/** Phrases beyond the ISO names; null = money in a word that does not fix the code. */
const WORD_ALIASES: ReadonlyArray<readonly [string, string | null]> = [
  ['us dollar', 'USD'], ['u.s. dollar', 'USD'], ['u. s. dollar', 'USD'], ['usdollar', 'USD'],
  ['american dollar', 'USD'], ['canadian dollar', 'CAD'], ['australian dollar', 'AUD'],
  ['taiwan dollar', 'TWD'], ['nt dollar', 'TWD'], ['singaporean dollar', 'SGD'],
  ['barbadian dollar', 'BBD'], ['fijian dollar', 'FJD'],
  ['euro', 'EUR'], ['yen', 'JPY'], ['yuan', 'CNY'], ['renminbi', 'CNY'], ['chinese renminbi', 'CNY'],
  ['yuan renminbi', 'CNY'], ['chinese yuan renminbi', 'CNY'],
  ['british pound', 'GBP'], ['uk pound', 'GBP'], ['sterling', 'GBP'], ['pound sterling', 'GBP'],
  ['reais', 'BRL'], ['russian rouble', 'RUB'], ['ruble', 'RUB'], ['rouble', 'RUB'],
  ['rupiah', 'IDR'], ['rand', 'ZAR'], ['naira', 'NGN'], ['korean won', 'KRW'],
  ['pakistan rupee', 'PKR'], ['sri lanka rupee', 'LKR'], ['nepali rupee', 'NPR'],
  ['hryvnia', 'UAH'], ['zloty', 'PLN'], ['forint', 'HUF'], ['ringgit', 'MYR'], ['baht', 'THB'],
  ['shekel', 'ILS'], ['new israeli shekel', 'ILS'], ['new shekel', 'ILS'], ['sheqel', 'ILS'],
  ['tenge', 'KZT'], ['lek', 'ALL'], ['taka', 'BDT'], ['cedi', 'GHS'], ['hryvnya', 'UAH'],
  ['czech crown', 'CZK'], ['swedish crown', 'SEK'], ['danish crown', 'DKK'], ['norwegian crown', 'NOK'],
  ['swiss franc', 'CHF'], ['argentinian peso', 'ARS'], ['uruguay peso', 'UYU'], ['peruvian nuevo sol', 'PEN'],
  ['nuevo sol', 'PEN'], ['emirati dirham', 'AED'], ['u.a.e. dirham', 'AED'], ['dong', 'VND'],
  ['special drawing right', 'XDR'], ['sdr', 'XDR'], ['bolivar', 'VES'], ['bosnian convertible mark', 'BAM'],
  ['vietnam dong', 'VND'], ['egypt pound', 'EGP'], ['kenya shilling', 'KES'], ['ecu', null],
  ['dollar', null], ['dolar', null], ['rupee', null], ['peso', null], ['franc', null], ['lira', null], ['dinar', null],
  ['dirham', null], ['riyal', null], ['rial', null], ['shilling', null], ['krona', null],
  ['krone', null], ['kwacha', null], ['manat', null], ['cfa franc', null], ['crown', null],
]

const IRREGULAR_PLURALS: Readonly<Record<string, readonly string[]>> = {
  real: ['reais'], krona: ['kronor'], krone: ['kroner'], leu: ['lei'], lev: ['leva'],
  lira: ['lire', 'liras'], koruna: ['koruny', 'korunas'], rupiah: [], yen: [], yuan: [], won: [],
  renminbi: [], baht: [], dolar: ['dolares'], dong: [], naira: [], rand: ['rand', 'rands'], peso: ['pesos'],
}

function pluralForms(phrase: string): string[] {
  const words = phrase.split(' ')
  const last = words[words.length - 1]
  const head = words.slice(0, -1).join(' ')
  const plurals = IRREGULAR_PLURALS[last] ?? [`${last}s`]
  return plurals.map((p) => (head ? `${head} ${p}` : p))
}

function buildWordTable(): Map<string, string | null> {
  const table = new Map<string, string | null>()
  const add = (phrase: string, code: string | null): void => {
    for (const form of [phrase, ...pluralForms(phrase)]) if (!table.has(form)) table.set(form, code)
  }
  for (const [code, name] of Object.entries({ ...ISO_4217, ...FORMER_ISO_4217 })) {
    // Parenthesised names are descriptions (funds codes, metals), not phrases anyone writes.
    if (!name.includes('(')) add(name.toLowerCase(), code)
  }
  for (const [phrase, code] of WORD_ALIASES) add(phrase, code)
  return table
}

/** Lower-case currency phrase (singular and plural) → ISO code, or null when the word is ambiguous. */
export const CURRENCY_WORDS: ReadonlyMap<string, string | null> = buildWordTable()

/** Symbols and symbol prefixes, longest first when compiled; null = the symbol alone is ambiguous. */
export const CURRENCY_SYMBOLS: ReadonlyArray<readonly [string, string | null]> = [
  ['US$', 'USD'], ['U.S.$', 'USD'], ['US $', 'USD'], ['USD$', 'USD'], ['A$', 'AUD'], ['AU$', 'AUD'],
  ['C$', 'CAD'], ['CA$', 'CAD'], ['CAN$', 'CAD'], ['NZ$', 'NZD'], ['HK$', 'HKD'], ['S$', 'SGD'],
  ['NT$', 'TWD'], ['R$', 'BRL'], ['MX$', 'MXN'], ['Mex$', 'MXN'], ['€', 'EUR'], ['£', 'GBP'],
  ['₹', 'INR'], ['₩', 'KRW'], ['₽', 'RUB'], ['₺', 'TRY'], ['₦', 'NGN'], ['₱', 'PHP'], ['₪', 'ILS'],
  ['₫', 'VND'], ['฿', 'THB'], ['₴', 'UAH'], ['₸', 'KZT'], ['$', null], ['¥', null],
]

/** Upper-case abbreviations that are not ISO codes but name a currency. */
export const CURRENCY_ABBREVIATIONS: Readonly<Record<string, string | null>> = {
  RMB: 'CNY', NIS: 'ILS', SDR: 'XDR', SDRs: 'XDR', Rs: null, 'Rs.': null, Rp: 'IDR',
}
