// Hierarchical titles are read from their most specific part (TAXONOMY §3 "Units inside the name"). Dataset
// catalogues put the dataset's own title before the series: "Government revenue, expenditure and main
// aggregates - Total general government revenue". A heading that lists several subjects names a collection,
// not what this series measures, so its words ("expenditure") must not decide the series' kind or orientation.

const PART = /\s[-–]\s/u
import { withoutCountries } from './countries'

// Breakdowns and notes inside a heading say how the collection is cut, not what it holds: "by sex and age".
const BREAKDOWN = /\s*\([^()]*\)|\s+by\s+.*$/giu
// Fixed pairs that name one subject.
// Institutional sectors are named as pairs too: "Households and NPISHs", "Households and nonprofit organizations".
// So are fields: "Early leavers from education and training", "Research and development", "R&D"; and a signed
// balance named by both its signs, "deficit (-) and surplus (+)".
const ONE_SUBJECT =
  /\bgoods and services\b|\b(?:deficit|surplus) and (?:deficit|surplus)\b|\beducation and training\b|\bresearch and development\b|\br&d\b|\bprofit and loss\b|\bmergers and acquisitions\b|\bhouseholds and (?:npish|non-?profit)\w*(?: (?:institutions|organi[sz]ations)(?: serving households)?)?/giu
// "X and Y", "X, Y and Z", "X and associated data": an enumeration of subjects.
const ENUMERATION = /\band\b|&/iu
// Parts that qualify a series without naming a subject: a frequency, "Total", an age band, a country code.
const QUALIFIER_WORDS = new Set(
  'total all data daily weekly monthly quarterly annual yearly from to years year and over under the of in level levels index value values volume nsa sa world country'.split(
    ' ',
  ),
)

// A place ("- World", "- Germany") says where, not what.
const namesSubject = (part: string) =>
  (
    withoutCountries(part)
      .toLowerCase()
      .match(/\p{L}{3,}/gu) ?? []
  ).some((word) => !QUALIFIER_WORDS.has(word))

function isCollection(heading: string): boolean {
  return ENUMERATION.test(heading.replace(BREAKDOWN, '').replace(ONE_SUBJECT, ''))
}

// IMF IFS titles open with the dataset and the accounting approach: "National Accounts, Expenditure, Gross Domestic Product".
const ACCOUNTS_APPROACH = /^national accounts,\s*(?:expenditure|income|production|output)(?: approach)?,\s*(?=\S)/iu

/** The title without a leading dataset heading that lists several subjects, when a specific part follows. */
export function withoutCollectionHeading(title: string): string {
  const approach = ACCOUNTS_APPROACH.exec(title)
  if (approach) return title.slice(approach[0].length)
  const parts = title.split(PART)
  if (parts.length < 2 || !isCollection(parts[0]!) || !parts.slice(1).some(namesSubject)) return title
  return title.slice(title.search(PART)).replace(PART, '').trim()
}
