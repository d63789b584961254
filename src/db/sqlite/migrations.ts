import { MIGRATIONS } from '../migrations'
import {
  printColumn,
  printIndex,
  printMigrations,
  printTable,
  type ColumnTypes,
  type Index,
  type Step,
  type Table,
} from '../schema'

// The rowid keeps the insertion order, so row_no needs no column.
const TYPES: ColumnTypes = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  millis: 'INTEGER',
  id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  row_no: null,
}

/** SQLite cannot change a table's CHECKs: a new table takes its rows in their order (rowid), then its name. */
const rebuild = (table: Table, indexes: readonly Index[]) => [
  printTable(table, TYPES, `${table.name}_rebuilt`),
  `INSERT INTO ${table.name}_rebuilt SELECT * FROM ${table.name} ORDER BY rowid`,
  `DROP TABLE ${table.name}`,
  `ALTER TABLE ${table.name}_rebuilt RENAME TO ${table.name}`,
  ...indexes.map(printIndex),
]

function print(step: Step): string[] {
  if ('create' in step) return [printTable(step.create, TYPES)]
  if ('index' in step) return [printIndex(step.index)]
  if ('addColumn' in step) return [`ALTER TABLE ${step.to} ADD COLUMN ${printColumn(step.addColumn, TYPES)}`]
  if ('dropColumn' in step) return [`ALTER TABLE ${step.from} DROP COLUMN ${step.dropColumn}`]
  if ('dropTable' in step) return [`DROP TABLE ${step.dropTable}`]
  if ('addChecks' in step)
    return rebuild({ ...step.to, checks: [...(step.to.checks ?? []), ...step.addChecks] }, step.indexes)
  if ('recheck' in step) return rebuild(step.of, step.indexes)
  return step.only === 'sqlite' ? [step.sql] : []
}

export const SQLITE_MIGRATIONS = printMigrations(MIGRATIONS, print)
