import { BOOLEAN_FIELDS } from '../taxonomy/index'
import type { BatchStatus, StoredClassification } from './store'

// How final rows cross the SQL boundary in every store: booleans as 0/1, JSON columns as text.

export const JSON_COLUMNS = new Set(['stage_confidence', 'corrections', 'extra'])

/** The result filters that are equalities on a column of the same name. */
export const EQUALITY_FILTERS = ['status', 'review_status', 'family', 'indicator_type', 'source'] as const

export function toSqlValue(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

export function fromSqlRow(row: Record<string, unknown>): StoredClassification {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (JSON_COLUMNS.has(key)) out[key] = typeof value === 'string' ? JSON.parse(value) : value
    else if (BOOLEAN_FIELDS.has(key)) out[key] = value === null ? null : value === 1
    else out[key] = value
  }
  return out as StoredClassification
}

/** A finished batch's status from its final rows. */
export function settledStatus(counts: { completed: number; failed: number }): BatchStatus {
  return counts.failed === 0 ? 'completed' : counts.completed === 0 ? 'failed' : 'partial'
}

/** Timestamps are stored as ISO 8601 text, which sorts in time order. */
export const now = () => new Date().toISOString()
