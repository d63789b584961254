// Catalogue titles carry what a units field would (TAXONOMY §3 "Units inside the name"): World Bank and
// statistics offices write "Urban population (% of total population)", IMF and World Bank series end in
// ", US dollars". This reads that unit out of the title and leaves the subject the rules should read.
import type { ParsedUnitType } from '../taxonomy/index'
import { withoutCountries } from './countries'
import { parseUnits } from './units'

export interface TitleReading {
  /** The title without its unit part; notes that shared a parenthesis with the unit stay. */
  subject: string
  /** The unit text the title carries, or null. */
  unit: string | null
}

// A unit read from a title must be read nearly whole: one stray word ("% gross") at most.
const MIN_UNIT_CONFIDENCE = 0.85
// One level of nesting: "(Terajoule (gross calorific value - GCV))", "(Normalised (Normal=100))".
const TRAILING_GROUP = /\s*[([]((?:[^()[\]]|\([^()]*\))*)[)\]]\s*$/u
const INNER_NOTE = /\s*\([^()]*\)/gu
// Adjustment notes after the unit ("(in sterling millions) seasonally adjusted") are not part of the subject's end.
const TRAILING_ADJUSTMENT = /[\s,;]+(?:not\s+)?seasonally\s+adjusted\s*$/iu
// INEGI closes its titles with the unit after a full stop: "Balanza comercial de mercancías de México. … . Miles de dólares".
// A full stop after a lone capital ends an abbreviation ("U.S. dollars"), not a part.
const ABBREVIATION_DOT = String.raw`(?<=(?:^|[^\p{L}])\p{Lu})\.`
const TRAILING_PART = new RegExp(
  String.raw`(?:,|(?<!(?:^|[^\p{L}])\p{Lu})\.(?=\s)|\s[-–]\s)\s*((?:[^,;:()[\].]|\.(?!\s)|${ABBREVIATION_DOT})+)$`,
  'u',
)
const TRAILING_IN_PHRASE = /\s+in\s+([^,;:()[\]]+)$/iu
const MAX_GROUPS = 3
// What a series includes or leaves out is its scope, not its subject: "(includes gold, current US$)".
const SCOPE_NOTE = /^(?:incl(?:udes?|uding|\.)?|excl(?:udes?|uding|\.)?)\s/iu
// "Broad Money (M3) (RM million)", "Uang Beredar Luas (M2)": a money aggregate's code names the series, it is not
// square or cubic metres (which a title writes in lower case or with a superscript).
const MONEY_AGGREGATE = /^M[0-4]\+?$/u

// After a comma or "in", a count ("International tourism, number of arrivals") names the subject, not a unit.
const SUBJECT_LIKE: ReadonlySet<ParsedUnitType> = new Set(['unknown', 'count'])

function readsAsUnit(text: string, notUnits: ReadonlySet<ParsedUnitType> = new Set(['unknown'])): boolean {
  const p = parseUnits(text)
  return !notUnits.has(p.parsed_unit_type) && p.confidence >= MIN_UNIT_CONFIDENCE
}

/** Splits a parenthesis into the unit segment and the notes beside it ("includes gold, current US$"). */
function splitGroup(inner: string): { unit: string | null; notes: string[] } {
  const segments = inner
    .split(/;|,(?!\d)|\s[-–]\s/)
    .map((s) => s.trim())
    .filter(Boolean)
  // A note inside the unit ("Terajoule (gross calorific value)") is read past when the unit alone reads.
  const readable = (s: string) => {
    if (MONEY_AGGREGATE.test(s)) return null
    if (readsAsUnit(s)) return s
    const bare = s.replace(INNER_NOTE, '')
    return readsAsUnit(bare) ? bare : null
  }
  const at = segments.findIndex((s) => readable(s) !== null)
  if (at < 0) return { unit: null, notes: segments }
  return { unit: readable(segments[at]!), notes: segments.filter((s, i) => i !== at && !SCOPE_NOTE.test(s)) }
}

const tidy = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:]+$/u, '')
    .trim()

// A trailing country ("…(£): United Kingdom", "… - Germany") is the series' place, read past for the unit. A comma
// between digits groups thousands ("(per 1,000 population) - Germany"): it does not start a part.
const LAST_PART = /(?::|;|,(?!\d)|\s[-–])\s*((?:[^:;,]|,(?=\d))+)$/u

// FRED and BLS name the place after "in" or "for": "… (Cost per Dozen) in U.S. City Average", "… for United States".
const IN_OR_FOR = /\s(?:in|for)\s+(?:the\s+)?/gu
const PLACE = /^COUNTRY\b[^()[\]]*$/u

function withoutTrailingCountry(title: string): string {
  const m = LAST_PART.exec(title)
  if (m && withoutCountries(m[1]!).trim() === 'COUNTRY') return title.slice(0, m.index)
  const place = [...title.matchAll(IN_OR_FOR)].find((p) =>
    PLACE.test(withoutCountries(title.slice(p.index + p[0].length))),
  )
  return place ? title.slice(0, place.index) : title
}

// Dash-separated parts run to the end together ("Infra-annual labour statistics - Unemployment rate - Total -
// Percentage of labour force"): the unit is the shortest tail that reads as one, so a leading dataset heading is not
// read as the whole subject.
function trailingParts(title: string, pattern: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = []
  for (let from = 0, m = pattern.exec(title); m; m = pattern.exec(title.slice(from))) {
    m.index += from
    found.unshift(m)
    from = m.index + 1
  }
  return found
}

export function readTitle(name: string): TitleReading {
  const title = tidy(name)
  let head = withoutTrailingCountry(title).replace(TRAILING_ADJUSTMENT, '')
  const groups: string[] = []
  for (let m = TRAILING_GROUP.exec(head); m && groups.length < MAX_GROUPS; m = TRAILING_GROUP.exec(head)) {
    groups.unshift(m[1]!)
    head = head.slice(0, m.index)
  }
  // The first parenthesis that reads as a unit is the unit; later ones are method notes ("(modeled ILO estimate)").
  for (const [i, inner] of groups.entries()) {
    const { unit, notes } = splitGroup(inner)
    if (!unit || !head.trim()) continue
    const kept = [...groups.slice(0, i), ...(notes.length ? [notes.join(', ')] : []), ...groups.slice(i + 1)]
    return { subject: tidy([head, ...kept.map((g) => `(${g})`)].join(' ')), unit }
  }
  for (const pattern of [TRAILING_PART, TRAILING_IN_PHRASE]) {
    for (const m of trailingParts(title, pattern))
      if (m.index > 0 && readsAsUnit(m[1]!, SUBJECT_LIKE))
        return { subject: tidy(title.slice(0, m.index)), unit: m[1]!.trim() }
  }
  return { subject: title, unit: null }
}
