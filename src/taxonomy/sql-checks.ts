import { BOOLEAN_FIELDS, ENUM_FIELDS } from './fields'
import { TYPE_TABLE } from './type-table'

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')

/**
 * SQL CHECK clauses that keep the stored classification columns inside the taxonomy: every enum column holds one of
 * its values, booleans are 0/1, and the family–type pair is one of §2's. A NULL (a failed row) passes a CHECK.
 */
export const CLASSIFICATION_CHECKS: readonly string[] = [
  ...Object.entries(ENUM_FIELDS).map(([field, values]) => `CHECK (${field} IN (${quoted(values)}))`),
  ...[...BOOLEAN_FIELDS].map((field) => `CHECK (${field} IN (0, 1))`),
  `CHECK ((family || '/' || indicator_type) IN (${quoted(TYPE_TABLE.map((row) => `${row.family}/${row.type}`))}))`,
]
