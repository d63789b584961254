// The schema's building blocks, written once for both stores: src/db/migrations.ts declares the tables with these,
// sqlite/migrations.ts and postgres/migrations.ts print them in their dialect.

/**
 * `millis`: epoch milliseconds (BIGINT in PostgreSQL); `id`: an auto-numbered primary key; `row_no`: the insertion
 * order, which SQLite keeps as the implicit rowid and PostgreSQL in a column of its own.
 */
export type ColumnType = 'text' | 'integer' | 'real' | 'millis' | 'id' | 'row_no'

export interface Column {
  name: string
  type: ColumnType
  primaryKey?: boolean
  notNull?: boolean
  /** An SQL literal. */
  default?: string
  /** The values the column may hold (a CHECK; NULL passes). */
  oneOf?: readonly string[]
  /** `table(column)`. */
  references?: string
}

export interface Table {
  name: string
  columns: readonly Column[]
  primaryKey?: readonly string[]
  /** Table CHECK clauses. */
  checks?: readonly string[]
}

export interface Index {
  name: string
  table: string
  columns: readonly string[]
  unique?: boolean
  where?: string
}

/**
 * One change of a migration. A table whose CHECKs change is given whole as it is afterwards (with the indexes it has),
 * because SQLite can only rebuild it; PostgreSQL alters the constraints in place.
 */
export type Step =
  | { create: Table }
  | { index: Index }
  | { addColumn: Column; to: string }
  | { addChecks: readonly string[]; to: Table; indexes: readonly Index[] }
  | { recheck: string; of: Table; indexes: readonly Index[] }
  | { dropColumn: string; from: string }
  | { dropTable: string }
  /** What only one dialect needs, in its own SQL. */
  | { only: 'sqlite' | 'postgres'; sql: string }

export interface Migration {
  version: number
  name: string
  steps: readonly Step[]
}

/** A migration printed in one dialect, as the migrators apply it. */
export interface PrintedMigration {
  version: number
  name: string
  sql: string
}

/** How a dialect spells each column type; null leaves the column out (it exists implicitly). */
export type ColumnTypes = Record<ColumnType, string | null>

export const col = (name: string, type: ColumnType, more: Omit<Column, 'name' | 'type'> = {}): Column => ({
  name,
  type,
  ...more,
})
export const notNull = (name: string, type: ColumnType, more: Omit<Column, 'name' | 'type' | 'notNull'> = {}) =>
  col(name, type, { notNull: true, ...more })

export const oneOfCheck = (column: string, values: readonly string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(',')}))`

export function printColumn(column: Column, types: ColumnTypes): string | null {
  const type = types[column.type]
  if (type === null) return null
  return [
    `${column.name} ${type}`,
    column.primaryKey && 'PRIMARY KEY',
    column.notNull && 'NOT NULL',
    column.default !== undefined && `DEFAULT ${column.default}`,
    column.oneOf && oneOfCheck(column.name, column.oneOf),
    column.references && `REFERENCES ${column.references}`,
  ]
    .filter(Boolean)
    .join(' ')
}

export function printTable(table: Table, types: ColumnTypes, name = table.name): string {
  const parts = [
    ...table.columns.map((c) => printColumn(c, types)).filter((c) => c !== null),
    ...(table.primaryKey ? [`PRIMARY KEY (${table.primaryKey.join(', ')})`] : []),
    ...(table.checks ?? []),
  ]
  return `CREATE TABLE ${name} (\n  ${parts.join(',\n  ')}\n)`
}

export const printIndex = (index: Index) =>
  `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.name} ON ${index.table}(${index.columns.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`

/** A step that changes a table's CHECKs: the one kind of step the dialects print in ways of their own. */
export type CheckStep = Extract<Step, { addChecks: readonly string[] } | { recheck: string }>

/** How a dialect prints migrations: its column types, its name in `only` steps, and how it changes CHECKs. */
export interface Dialect {
  name: 'sqlite' | 'postgres'
  types: ColumnTypes
  changeChecks: (step: CheckStep) => string[]
}

function printStep(step: Step, { name, types, changeChecks }: Dialect): string[] {
  if ('create' in step) return [printTable(step.create, types)]
  if ('index' in step) return [printIndex(step.index)]
  if ('addColumn' in step) return [`ALTER TABLE ${step.to} ADD COLUMN ${printColumn(step.addColumn, types)}`]
  if ('dropColumn' in step) return [`ALTER TABLE ${step.from} DROP COLUMN ${step.dropColumn}`]
  if ('dropTable' in step) return [`DROP TABLE ${step.dropTable}`]
  if ('only' in step) return step.only === name ? [step.sql] : []
  return changeChecks(step)
}

/** Prints every migration in a dialect (statements joined, each ended by its semicolon). */
export const printMigrations = (migrations: readonly Migration[], dialect: Dialect) =>
  migrations.map(({ version, name, steps }): PrintedMigration => ({
    version,
    name,
    sql: steps.flatMap((step) => printStep(step, dialect)).join(';\n') + ';',
  }))
