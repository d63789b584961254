// A cell a spreadsheet would read as a formula (or DDE) gets a leading apostrophe (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value)
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One RFC 4180 CSV line of a row's columns, nested values written as JSON, formula-leading texts neutralised. */
export function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => cell(row[c])).join(',') + '\r\n'
}

export const csvHeader = (columns: readonly string[]): string => columns.join(',') + '\r\n'
