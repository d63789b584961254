import type { ParsedUnitType, ReportingFrequency, Scale } from '../taxonomy/index'

export type PerTime = 'day' | 'week' | 'month' | 'quarter' | 'year'
export type CurrencyKind = 'iso' | 'word' | 'national'

export interface ParsedUnits {
  raw: string
  parsed_unit_type: ParsedUnitType
  scale: Scale
  scale_multiplier: number
  detected_currency: string | null
  currency_kind: CurrencyKind | null
  physical_unit: string | null
  per_time: PerTime | null
  frequency_hint: ReportingFrequency | null
  per_capita: boolean
  per_n: number | null
  base_year: string | null
  is_real: boolean | null
  confidence: number
  evidence: string[]
}

/** The request's own currency_code and scale fields (TAXONOMY §4). */
export interface UnitsEvidence {
  currency_code?: string
  scale?: string
}

/** Evidence notes that report a scale read from the units start with this, so reconcile can tell stated from defaulted. */
export const SCALE_EVIDENCE_PREFIX = 'scale '

/** The evidence note naming the words of the units no rule read (the calibration prices it). */
export const UNREAD_EVIDENCE = 'unread: '
