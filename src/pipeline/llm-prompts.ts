import { TYPES_BY_FAMILY } from '../taxonomy/type-facts'
import type { SampleValue } from '../taxonomy/index'
import type { NormalizedIndicator, StageItem } from './types'

const MAX_DESCRIPTION = 100
export const MAX_SAMPLES = 3

/** The answer's format is the schema's (structured output, a forced tool): the prompt need not ask for JSON. */
export const SYSTEM_PROMPT =
  'You classify economic indicators into a fixed taxonomy. Units win over names for what was measured. ' +
  "conf: your confidence, 0 to 1. reason: at most ten words, only where you differ from the rules' view or are unsure, else null."

/** TAXONOMY §2–§3 in a few lines: sent once per call, never per indicator. */
export const TAXONOMY_BRIEF = [
  'Families and their types:',
  ...Object.entries(TYPES_BY_FAMILY).map(([family, types]) => `- ${family}: ${types.join(', ')}`),
  // Types only: the list above names each one's family.
  'Conventions: FX and interest rates are price (interest rates lower-is-positive, FX not currency-denominated); ' +
    'bond yields are yield; inflation and growth in % are rate (period-rate); unemployment/employment rates are percentage; ' +
    'debt or deficit to GDP is ratio, a component of output as % of GDP is share; price index levels (CPI in points) are index, neutral; ' +
    'PMIs and confidence indices are index, higher-is-positive (prices paid lower); survey outlooks/sentiment balances are sentiment; ' +
    'net changes of counts are count, period-total; vehicles and housing starts are volume; ' +
    'reserves are stock (higher), debt stock (lower), trade and current-account balances balance (neutral); flows per day (BBL/D) are volume, period-average; ' +
    'year-to-date series are period-cumulative.',
].join('\n')

/** Family and type questions need the taxonomy; time questions do not, and skip its ~300 tokens per call. */
export const withTaxonomy = (instructions: string): string => `${TAXONOMY_BRIEF}\n\n${instructions}`

/** Samples as one JSON string (`"date:value,…"`): a stored date or value can never open a new field or item. */
export const sampleList = (samples: readonly SampleValue[]): string =>
  JSON.stringify(samples.map((s) => `${s.date}:${s.value}`).join(','))

/** What a stage's question shows of an indicator besides its name, units and the rules' view. */
export interface LineFields {
  periodicity?: boolean
  /** The last few samples: `dated` as `date:value` (frequency and resets read the dates), `values` alone. */
  samples?: 'dated' | 'values'
  /** `news`: only a description that says more than the name, units and periodicity already do. */
  description?: boolean | 'news'
}

export const WHOLE_LINE: LineFields = { periodicity: true, samples: 'dated', description: true }

/** Catalogues often open a description with the indicator's name ("GDP: gross domestic product…"): only the rest is news. */
function ownDescription(name: string, description: string | undefined): string {
  const text = (description ?? '').replace(/\s+/g, ' ').trim()
  const rest = text.toLowerCase().startsWith(name.toLowerCase().trim())
    ? text.slice(name.trim().length).replace(/^[\s:;,.\u2013\u2014-]+/, '')
    : text
  return rest.slice(0, MAX_DESCRIPTION)
}

/** Words that carry no evidence of their own. */
const FILLER = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to'])
const words = (text: string | undefined) => (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

/** Every word of the description is already in the name, units or periodicity: it restates them. */
function restates(description: string, input: StageItem['input']): boolean {
  const known = new Set(words(`${input.name} ${input.units ?? ''} ${input.periodicity ?? ''}`))
  return words(description).every((word) => FILLER.has(word) || known.has(word))
}

/**
 * How the rules read the units, where the units field is blank and they were read from the name ("… (percent)"): the
 * model reads a units field itself, so a parse of it would only restate it.
 */
const unitsReadElsewhere = (input: StageItem['input'], normalized: NormalizedIndicator | undefined): string =>
  normalized && !input.units?.trim() ? ` (${normalized.units.parsed_unit_type})` : ''

/**
 * One compact line per indicator: name, units, and what the stage reads of periodicity, samples and description, then
 * the rules' view. Every user field is a JSON string, so a newline, quote, `id=` or instruction inside one stays inside it.
 */
export function indicatorLine(item: StageItem, rulesView: string, shows: LineFields = WHOLE_LINE): string {
  const { input } = item
  const normalized = item.results.normalize as NormalizedIndicator | undefined
  const samples = shows.samples ? (input.sample_values ?? []).slice(-MAX_SAMPLES) : []
  const own = shows.description ? ownDescription(input.name, input.description) : ''
  const description = shows.description === 'news' && restates(own, input) ? '' : own
  return [
    `name=${JSON.stringify(input.name)}`,
    `units=${JSON.stringify(input.units ?? '')}${unitsReadElsewhere(input, normalized)}`,
    shows.periodicity && input.periodicity ? `periodicity=${JSON.stringify(input.periodicity)}` : '',
    samples.length === 0
      ? ''
      : shows.samples === 'dated'
        ? `samples=${sampleList(samples)}`
        : `values=${JSON.stringify(samples.map((s) => s.value).join(','))}`,
    description ? `description=${JSON.stringify(description)}` : '',
    `rules: ${rulesView}`,
  ]
    .filter(Boolean)
    .join(' | ')
}
