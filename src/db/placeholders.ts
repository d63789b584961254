/**
 * SQLite takes `?` parameters where PostgreSQL numbers them ($1, $2, …): SQL the two engines run alike is written once
 * with `?` (src/db/sql) and numbered here for PostgreSQL. A `?` inside a quoted literal or identifier is text.
 */
export function numbered(sql: string): string {
  let n = 0
  let quote: string | null = null
  let out = ''
  for (const ch of sql) {
    if (quote !== null) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"') quote = ch
    else if (ch === '?') {
      out += `$${++n}`
      continue
    }
    out += ch
  }
  return out
}

/** Every query of a set, numbered for PostgreSQL. */
export const numberedAll = <K extends string>(queries: Record<K, string>): Record<K, string> =>
  Object.fromEntries(Object.entries<string>(queries).map(([name, sql]) => [name, numbered(sql)])) as Record<K, string>
