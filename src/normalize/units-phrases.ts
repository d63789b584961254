// Units written in words, or in the catalogue's own language, mean what their symbols mean (TAXONOMY §3
// "Units phrased in words"): they are rewritten to the form the scanner and the rules read, and the
// reading says so. Rewrites run on the text without accents, as the scanner reads it.

/** [pattern, replacement], in order: longer phrases before the words they contain. */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /(?:percent(?:age)?|per\s?cent|%)\s+of\s+(?:the\s+)?potential\s+gross\s+domestic\s+product(?:\s*\(GDP\))?/giu,
    '% of potential GDP',
  ],
  [/(?:percent(?:age)?|per\s?cent|%)\s+of\s+(?:the\s+)?gross\s+domestic\s+product(?:\s*\(GDP\))?/giu, '% of GDP'],
  [/(?:percent(?:age)?|per\s?cent|%)\s+of\s+(?:the\s+)?gross\s+national\s+income(?:\s*\(GNI\))?/giu, '% of GNI'],
  // A units string that is only "Balance" is a survey's balance of opinion, in percentage points.
  [
    /^\s*[[(]?\s*(?:net\s+)?(?:balance(?:\s+of\s+opinions?)?|solde(?:\s+d'opinion)?|saldo)\s*[\])]?\s*$/giu,
    '% balance of opinion',
  ],
  // Eurostat's purchasing power standard (PPS) is a PPP unit of account, money of no country, like "international $";
  // its abbreviation is not "pps" (percentage points).
  [/\bpurchasing\s+power\s+standards?(?:\s*\(\s*PPS\b[^)]*\))?/giu, 'international $'],
  // Spanish, Portuguese, German and French catalogue words.
  // "(en millones de dólares)", "Valor en millones de dólares": the value in a magnitude.
  [/(?:\bvalor\s+)?\ben\s+(?=(?:mil\s+)?(?:millones|miles)\s+de\b)/giu, ''],
  [/\bmil\s+millones\s+de\b/giu, 'billions of'],
  [/\bmillones\s+de\b|\bmilhoes\s+de\b/giu, 'millions of'],
  [/\bmiles\s+de\b/giu, 'thousands of'],
  [/\btsd\.?(?=\s|$)/giu, 'thousand'],
  [/\bmill\.(?=\s|$)/giu, 'million'],
  [/\bmrd\.?(?=\s|$)/giu, 'billion'],
  [/\bdolares\s+estadounidenses\b/giu, 'US dollars'],
  // Turkish (TCMB, TÜİK): "Milyon ABD Doları" is million US dollars.
  [/\babd\s+dolar[ıi](?!\p{L})/giu, 'US dollars'],
  [/\bmilyon(?!\p{L})/giu, 'million'],
  // Chinese and Japanese units (NBS, SHFE, DCE, SGE, e-Stat): "亿元" 100 million yuan, "元/吨" yuan per tonne, "千美元"
  // thousand US dollars, "億円" 100 million yen, "万千瓦" ten thousand kW; the kilogram, kilowatt and kilowatt-hour
  // before the thousand they start with.
  [/美元/gu, ' US dollars '],
  [/元/gu, ' yuan '],
  [/円/gu, ' yen '],
  [/千瓦时/gu, ' kWh '],
  [/千瓦/gu, ' kW '],
  [/平方米/gu, ' square metres '],
  [/千克/gu, ' kilograms '],
  [/百万/gu, ' million '],
  [/[亿億]/gu, ' 100 million '],
  [/[万萬]/gu, ' ten thousand '],
  [/千/gu, ' thousand '],
  [/吨/gu, ' tonnes '],
  [/克/gu, ' grams '],
  // Russian (Bank of Russia, Rosstat): "млрд руб." billion roubles, "млн долл. США" million US dollars.
  [/(?<!\p{L})млрд\.?(?!\p{L})/gu, 'billion'],
  [/(?<!\p{L})млн\.?(?!\p{L})/gu, 'million'],
  [/(?<!\p{L})долл\.?\s*США(?!\p{L})/gu, 'US dollars'],
  [/(?<!\p{L})руб\.?(?!\p{L})/gu, 'roubles'],
  [/\b(?:personen|personas|pessoas|personnes)\b/giu, 'persons'],
  // "Pesos por dólar", "S/ por US$": Spanish and Portuguese "per".
  [/\bpor\b/giu, 'per'],
  // BCB's "u.m.c." (unidade monetária corrente) is the national currency of the day: "u.m.c./US$", "u.m.c. (milhões)".
  [/\bu\.m\.c\./giu, 'national currency'],
  [/\b(?:milliers|migliaia|milhares|tausend)\b/giu, 'thousands'],
  // Indonesian and Malay magnitudes (Bank Indonesia, BPS): "Miliar Rupiah", "Juta US$", "Ribu Jiwa".
  [/\b(?:triliun|trilyun)\b/giu, 'trillion'],
  [/\b(?:miliar|milyar)\b/giu, 'billion'],
  [/\bjuta\b/giu, 'million'],
  [/\bribu\b/giu, 'thousand'],
  [/^\s*(?:numero|nombre|anzahl)\s*$/giu, 'number'],
  [/\b(?:porcentaje|percentual|prozent|pourcentage|persen|procent|prosent)\b/giu, 'percent'],
  // INSEE and INE Portugal write an index's base year alone: "Base 2021" is 2021 = 100.
  [/^\s*base(?=\s+(?:19|20)\d\d\s*$)/giu, 'index base'],
  // Norwegian "12-måneders endring": the change over twelve months.
  [/\b(?:\d+-)?maneders\s+endring\b/giu, 'percent change'],
  [/\b(?:numero[-\s]?)?indice\b/giu, 'index'],
  // "Cost per Dozen" (BLS average prices) is money of the catalogue's own currency per unit.
  [/\b(?:cost|price)\s+per\b/giu, 'national currency per'],
  [
    /\bveranderungsrate(?:\s+zum\s+vor(?:jahr|monat|quartal)\w*)?|\bglissement\s+annuel\b|\bvariation\s+(?:annuelle|mensuelle|trimestrielle)\b|\bvariazione\s+(?:percentuale|tendenziale|congiunturale)\b/giu,
    'rate of change',
  ],
  // "Taxa trimestral", "tasa interanual", "tasso tendenziale": a rate of change over the named period.
  [
    /\b(?:tasa|taxa|tasso)\s+(?:trimestral|trimestrale|anual|annuo|annuale|mensal|mensual|mensile|interanual|tendenziale|congiunturale)\b/giu,
    'rate of change',
  ],
  [/\b(?:tasa|taxa)\s+de\s+(?:variacion|variacao|crecimiento|crescimento)\b/giu, 'rate of change'],
  [/\b(?:variacion|variacao)(?:\s+(?:porcentual|percentual))?\b/giu, 'percent change'],
  // OECD: "Growth on the same period of the previous year", "Growth rate previous period, s.a.".
  [
    /\bgrowth(?:\s+rates?)?\s+(?:(?:on|over|from|compared\s+(?:to|with))\s+)?(?:the\s+)?(?:same|previous|preceding|corresponding)\b[\w\s]*/giu,
    'percent change ',
  ],
]

export interface PhrasedUnits {
  text: string
  /** The phrases rewritten, for the evidence. */
  rewrites: string[]
}

export function rewritePhrases(raw: string): PhrasedUnits {
  let text = raw.normalize('NFD').replace(/\p{M}+/gu, '')
  const rewrites: string[] = []
  for (const [pattern, replacement] of PHRASES) {
    text = text.replace(pattern, (match) => {
      rewrites.push(`"${match}" read as "${replacement}"`)
      return replacement
    })
  }
  return rewrites.length > 0 ? { text, rewrites } : { text: raw, rewrites }
}
