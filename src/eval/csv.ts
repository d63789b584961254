/**
 * RFC 4180: comma-separated fields, double-quoted when they hold commas, quotes or line breaks, "" for a quote
 * inside quotes, CRLF or LF line ends. Small enough not to be worth a dependency.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0 // spreadsheet exports often start with a BOM
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = false
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') endField()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRow()
    } else field += c
  }
  if (quoted) throw new Error('CSV: unterminated quoted field')
  if (field !== '' || row.length > 0) endRow()
  // A blank line is a row with one empty field; it holds no record.
  return rows.filter((r) => !(r.length === 1 && r[0] === ''))
}

/** Rows as records keyed by the header row; every row must have the header's width. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  if (!header) return []
  return rows.map((row, n) => {
    if (row.length !== header.length)
      throw new Error(`CSV row ${n + 2}: ${row.length} fields, header has ${header.length}`)
    return Object.fromEntries(header.map((name, k) => [name.trim(), row[k]!]))
  })
}
