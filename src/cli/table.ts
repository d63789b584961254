/** A plain fixed-width text table: readable in any terminal and in CI logs. */
export function formatTable(
  columns: { key: string; title: string; width?: number }[],
  rows: Record<string, unknown>[],
): string {
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v)
  const widths = columns.map((c) =>
    Math.min(c.width ?? 40, Math.max(c.title.length, ...rows.map((r) => text(r[c.key]).length))),
  )
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w))
  const line = (cells: string[]) =>
    cells
      .map((s, i) => fit(s, widths[i]!))
      .join('  ')
      .trimEnd()
  return [
    line(columns.map((c) => c.title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => text(r[c.key])))),
  ].join('\n')
}
