const cell = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One RFC 4180 CSV line of a row's columns, nested values written as JSON. */
export function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => cell(row[c])).join(',') + '\r\n'
}

export const csvHeader = (columns: readonly string[]): string => columns.join(',') + '\r\n'
