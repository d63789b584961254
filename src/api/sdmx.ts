// SDMX-CSV (Eurostat, ECB, OECD, IMF exports) is long form: one observation per row, the series named by its
// dimension columns. Rows of one series become one indicator with its observations as sample_values.

const TIME = 'TIME_PERIOD'
const VALUE = 'OBS_VALUE'
/** Columns that describe the structure or one observation, not the series. */
const NOT_SERIES = new Set([
  'STRUCTURE',
  'STRUCTURE_ID',
  'STRUCTURE_NAME',
  'ACTION',
  'DATAFLOW',
  'LAST UPDATE',
  'LAST_UPDATE',
  TIME,
  VALUE,
  'OBS_FLAG',
  'OBS_STATUS',
  'OBS_CONF',
  'CONF_STATUS',
  'OBS_COMMENT',
  'OBS_PRE_BREAK',
  'DECIMALS',
])
const FREQ = ['FREQ']
const UNIT = ['UNIT_MEASURE', 'UNIT']
const AREA = ['GEO', 'REF_AREA', 'LOCATION', 'COUNTRY']
/** Dimensions that qualify a series rather than name its subject. */
const QUALIFIERS = new Set([...FREQ, ...UNIT, ...AREA, 'UNIT_MULT', 'S_ADJ', 'ADJUSTMENT'])
const FREQUENCIES: Record<string, string> = {
  A: 'Annual',
  S: 'Semiannual',
  H: 'Semiannual',
  Q: 'Quarterly',
  M: 'Monthly',
  W: 'Weekly',
  D: 'Daily',
  B: 'Daily',
}
const AGENCIES: Record<string, string> = {
  ESTAT: 'Eurostat',
  ECB: 'European Central Bank',
  OECD: 'OECD',
  IMF: 'IMF',
  BIS: 'BIS',
}

export function isSdmxLongForm(columns: string[]): boolean {
  return columns.includes(TIME) && columns.includes(VALUE)
}

/** "A:Annual" or "A: Annual" (SDMX-CSV with labels) → code and label; a bare code is its own label. */
function codeAndLabel(cell: string): { code: string; label: string } {
  const match = /^([^:\s]+):\s*(.+)$/.exec(cell)
  return match ? { code: match[1]!, label: match[2]! } : { code: cell, label: cell }
}

/** "ESTAT:NAMA_10_GDP(1.0)" → agency ESTAT, id NAMA_10_GDP. */
function dataflowOf(cell: string | undefined): { agency?: string; id?: string } {
  const match = cell ? /^(?:([\w.-]+):)?([\w.-]+?)(?:\([^)]*\))?(?:\s*:.*)?$/.exec(cell.trim()) : null
  return match ? { agency: match[1], id: match[2] } : {}
}

/** The frequency's label, or the name of its SDMX code when the export carries codes only. */
function periodicityOf(cell: string): string {
  const { code, label } = codeAndLabel(cell)
  return label !== code ? label : (FREQUENCIES[code.toUpperCase()] ?? code)
}

export function sdmxSeries(rows: Record<string, string>[]): Record<string, unknown>[] {
  if (rows.length === 0) return []
  const columns = Object.keys(rows[0]!)
  const dimensions = columns.filter((c) => !NOT_SERIES.has(c.toUpperCase()))
  const pick = (names: string[]) => dimensions.find((c) => names.includes(c.toUpperCase()))
  const freq = pick(FREQ)
  const unit = pick(UNIT)
  const area = pick(AREA)
  const subject = dimensions.filter((c) => !QUALIFIERS.has(c.toUpperCase()))
  const dataflowColumn = columns.find((c) => ['DATAFLOW', 'STRUCTURE_ID'].includes(c.toUpperCase()))

  const series = new Map<string, Record<string, unknown> & { sample_values: { date: string; value: number }[] }>()
  for (const row of rows) {
    const flow = dataflowOf(dataflowColumn ? row[dataflowColumn] : undefined)
    const codes = dimensions.map((c) => codeAndLabel(row[c] ?? '').code)
    const key = [flow.id ?? '', ...codes].join('.')
    let record = series.get(key)
    if (!record) {
      const label = (column: string | undefined) =>
        column && row[column] ? codeAndLabel(row[column]!).label : undefined
      const name = subject.map(label).filter(Boolean).join(', ') || flow.id || key
      record = {
        indicator_id: key,
        name,
        ...(unit && row[unit] ? { units: label(unit) } : {}),
        ...(freq && row[freq] ? { periodicity: periodicityOf(row[freq]!) } : {}),
        ...(flow.id ? { dataset: flow.id } : {}),
        ...(flow.agency ? { source_name: AGENCIES[flow.agency] ?? flow.agency } : {}),
        ...(area && row[area] ? { long_name: `${name}, ${label(area)}` } : {}),
        extra: Object.fromEntries(dimensions.filter((c) => row[c]).map((c) => [c, row[c]])),
        sample_values: [],
      }
      series.set(key, record)
    }
    const value = row[VALUE]?.trim()
    if (value)
      record.sample_values.push({
        date: row[TIME]!,
        value: Number.isFinite(Number(value)) ? Number(value) : (value as unknown as number),
      })
  }
  return [...series.values()].map((record) =>
    record.sample_values.length > 0 ? record : { ...record, sample_values: undefined },
  )
}
