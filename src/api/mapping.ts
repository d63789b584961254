import { indicatorInputSchema } from '../taxonomy/index'

/** A note on how the batch was read, summed over its indicators: one line per field, not per indicator. */
export interface IntakeWarning {
  field: string
  count: number
  message: string
  mapped_to?: string
  did_you_mean?: string
}

const OUR_FIELDS: readonly string[] = Object.keys(indicatorInputSchema.shape)
const OURS: ReadonlySet<string> = new Set(OUR_FIELDS)

/** Field names of public catalogue APIs and their meaning in ours. */
const ALIASES: Record<string, { to: string; style: string }> = {
  id: { to: 'indicator_id', style: 'FRED / World Bank' },
  title: { to: 'name', style: 'FRED / generic' },
  frequency: { to: 'periodicity', style: 'FRED / generic' },
  notes: { to: 'description', style: 'FRED' },
  unit: { to: 'units', style: 'World Bank / SDMX / generic' },
  sourceNote: { to: 'description', style: 'World Bank' },
  sourceOrganization: { to: 'source_name', style: 'World Bank' },
  freq: { to: 'periodicity', style: 'SDMX' },
  DATAFLOW: { to: 'dataset', style: 'SDMX' },
}

/** Catalogue fields with no taxonomy input: kept in `extra` and named as known, not as typos. */
const KEPT: Record<string, string> = {
  seasonal_adjustment: 'FRED',
  seasonal_adjustment_short: 'FRED',
  frequency_short: 'FRED',
  units_short: 'FRED',
  observation_start: 'FRED',
  observation_end: 'FRED',
  last_updated: 'FRED',
  popularity: 'FRED',
  realtime_start: 'FRED',
  realtime_end: 'FRED',
}

/** World Bank's `source` and `topics` are objects of `{id, value}`: their values are our dataset and topic. */
const WORLD_BANK_OBJECTS: Record<string, string> = { source: 'dataset', topics: 'topic' }

type Counted = Map<string, IntakeWarning>

function note(warnings: Counted, field: string, make: () => Omit<IntakeWarning, 'count' | 'field'>): void {
  const existing = warnings.get(field)
  if (existing) existing.count++
  else warnings.set(field, { field, count: 1, ...make() })
}

/** Maps public catalogue field names to ours, keeps the rest verbatim in `extra`, and says what it did. */
export function mapIndicators(records: readonly unknown[]): { indicators: unknown[]; warnings: IntakeWarning[] } {
  const warnings: Counted = new Map()
  const indicators = records.map((record) => (isObject(record) ? mapOne(record, warnings) : record))
  return { indicators, warnings: [...warnings.values()].map(withCount) }
}

function withCount(w: IntakeWarning): IntakeWarning {
  return { ...w, message: `${w.message} (${w.count} indicator${w.count === 1 ? '' : 's'})` }
}

function mapOne(input: Record<string, unknown>, warnings: Counted): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const given = input.extra
  const extra: Record<string, unknown> = isObject(given) ? { ...given } : {}
  // Anything else the schema names as a bad `extra`.
  if (given !== undefined && !isObject(given)) out.extra = given
  const later: [string, unknown][] = []
  for (const [key, value] of Object.entries(input)) {
    if (key === 'extra') continue
    if (OURS.has(key)) out[key] = value
    else later.push([key, value])
  }
  for (const [key, value] of later) {
    const target = targetOf(key)
    // An empty catalogue field is absent, as null is for ours.
    if (target && (value === null || value === undefined || value === '')) continue
    if (target && out[target.to] === undefined) {
      out[target.to] = value
      note(warnings, key, () => ({ mapped_to: target.to, message: `"${key}" (${target.style}) read as ${target.to}` }))
      continue
    }
    const nested = WORLD_BANK_OBJECTS[key]
    const nestedValue = nested ? worldBankValue(value) : undefined
    if (nested && nestedValue !== undefined && out[nested] === undefined) {
      out[nested] = nestedValue
      note(warnings, key, () => ({ mapped_to: nested, message: `"${key}" (World Bank) read as ${nested}` }))
      continue
    }
    extra[key] = value
    if (key === 'country') continue
    if (target) note(warnings, key, () => ({ message: `"${key}" kept in extra: ${target.to} is already given` }))
    else if (KEPT[key])
      note(warnings, key, () => ({
        message: `"${key}" (${KEPT[key]}) kept in extra: the taxonomy has no input field for it`,
      }))
    else {
      const guess = nearest(key)
      note(warnings, key, () => ({
        message: `unknown field "${key}" kept in extra${guess ? `; did you mean "${guess}"?` : ''}`,
        ...(guess ? { did_you_mean: guess } : {}),
      }))
    }
  }
  // A country qualifies the series rather than naming it: it goes into long_name, the way catalogues write one.
  if (typeof extra.country === 'string' && out.long_name === undefined && typeof out.name === 'string') {
    out.long_name = `${out.name}, ${extra.country}`
    note(warnings, 'country', () => ({
      mapped_to: 'long_name',
      message: '"country" (generic) added to long_name as "<name>, <country>" and kept in extra',
    }))
  } else if (extra.country !== undefined)
    note(warnings, 'country', () => ({ message: '"country" (generic) kept in extra' }))
  if (Object.keys(extra).length > 0) out.extra = extra
  return out
}

/** Our field or an alias, whatever its case or separators: "Indicator ID", "indicatorId", "UNIT". */
function targetOf(key: string): { to: string; style: string } | undefined {
  if (ALIASES[key]) return ALIASES[key]
  const folded = fold(key)
  const ours = OUR_FIELDS.find((f) => fold(f) === folded)
  if (ours) return { to: ours, style: 'case or spelling of ours' }
  const alias = Object.keys(ALIASES).find((a) => fold(a) === folded)
  return alias ? ALIASES[alias] : undefined
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const fold = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

function worldBankValue(value: unknown): string | undefined {
  const values = (Array.isArray(value) ? value : [value]).map((v) =>
    v !== null && typeof v === 'object' ? (v as { value?: unknown }).value : undefined,
  )
  const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
  return texts.length > 0 ? texts.join('; ') : undefined
}

/** The closest of our field names within a third of the name's length in edits, if any. */
function nearest(key: string): string | undefined {
  let best: { field: string; distance: number } | undefined
  for (const field of [...OUR_FIELDS, ...Object.keys(ALIASES)]) {
    const distance = editDistance(fold(key), fold(field))
    if (distance <= Math.max(1, Math.floor(field.length / 3)) && (!best || distance < best.distance))
      best = { field: ALIASES[field]?.to ?? field, distance }
  }
  return best?.field
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}
