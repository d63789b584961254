// The request's currency_code and scale fields are evidence too (TAXONOMY §4): they fill what the
// units string left open, and where they disagree the units' reading stands with lower confidence.
import type { ParsedUnitType } from '../taxonomy/index'
import { isMoneyCode } from './currencies'
import { readScaleField, scaleOf } from './units-scale'
import { SCALE_EVIDENCE_PREFIX, type ParsedUnits, type UnitsEvidence } from './units-types'

export type ReconciledUnits = ParsedUnits & { conflicts: string[] }

const CONFLICT_PENALTY = 0.2
// A bare scale ("Million") or nothing at all plus a currency field is an amount of that currency.
const becomesAmount = (p: ParsedUnits): boolean =>
  p.parsed_unit_type === 'unknown' || (p.parsed_unit_type === 'count' && p.physical_unit === null)
const CAN_HOLD_CURRENCY: ReadonlySet<ParsedUnitType> = new Set(['currency-amount', 'currency-per-unit', 'per-capita'])

function reconcileCurrency(out: ReconciledUnits, field: string | undefined): void {
  const code = field?.trim().toUpperCase()
  if (!code) return
  if (!isMoneyCode(code)) {
    out.evidence.push(`request currency_code "${field}" is not an ISO 4217 code, ignored`)
    return
  }
  if (out.detected_currency === code) {
    out.evidence.push(`request currency_code ${code} agrees`)
    return
  }
  if (out.detected_currency) {
    out.conflicts.push(`currency: units say ${out.detected_currency}, request says ${code}`)
    return
  }
  if (becomesAmount(out)) {
    out.parsed_unit_type = 'currency-amount'
    out.confidence = Math.min(out.confidence, 0.6)
  } else if (!CAN_HOLD_CURRENCY.has(out.parsed_unit_type) && out.currency_kind === null) {
    // A percent or index series tagged with its country's currency is not money.
    out.evidence.push(`request currency_code ${code} not applied to ${out.parsed_unit_type} units`)
    return
  }
  out.detected_currency = code
  out.currency_kind ??= 'iso'
  out.evidence.push(`currency ${code} (request currency_code)`)
}

function reconcileScale(out: ReconciledUnits, field: string | undefined): void {
  if (!field?.trim()) return
  const reading = readScaleField(field)
  if (!reading) {
    out.evidence.push(`request scale "${field}" not understood, ignored`)
    return
  }
  if (out.scale === 'percent' || out.scale === 'index') {
    const agrees = reading.kind === out.scale || (reading.kind === 'magnitude' && reading.multiplier === 1)
    if (!agrees) out.conflicts.push(`scale: units are ${out.scale}, request says ${field}`)
    return
  }
  if (reading.kind !== 'magnitude') {
    out.conflicts.push(`scale: units read as ${out.scale}, request says ${field}`)
    return
  }
  const stated = out.evidence.some((e) => e.startsWith(SCALE_EVIDENCE_PREFIX))
  if (!stated) {
    out.scale_multiplier = reading.multiplier
    out.scale = scaleOf(reading.multiplier)
    out.evidence.push(`${SCALE_EVIDENCE_PREFIX}${field} (request scale)`)
  } else if (reading.multiplier !== out.scale_multiplier) {
    out.conflicts.push(`scale: units say x${out.scale_multiplier}, request says ${field}`)
  }
}

export function reconcileUnits(parsed: ParsedUnits, evidence: UnitsEvidence): ReconciledUnits {
  const out: ReconciledUnits = { ...parsed, evidence: [...parsed.evidence], conflicts: [] }
  reconcileScale(out, evidence.scale)
  reconcileCurrency(out, evidence.currency_code)
  for (const conflict of out.conflicts) out.evidence.push(`conflict: ${conflict}`)
  out.confidence = Math.round(Math.max(0.1, out.confidence - CONFLICT_PENALTY * out.conflicts.length) * 100) / 100
  return out
}
