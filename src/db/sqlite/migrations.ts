import { MIGRATIONS } from '../migrations'
import {
  printIndex,
  printMigrations,
  printTable,
  type CheckStep,
  type ColumnTypes,
  type Index,
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

const changeChecks = (step: CheckStep) =>
  'addChecks' in step
    ? rebuild({ ...step.to, checks: [...(step.to.checks ?? []), ...step.addChecks] }, step.indexes)
    : rebuild(step.of, step.indexes)

export const SQLITE_MIGRATIONS = printMigrations(MIGRATIONS, { name: 'sqlite', types: TYPES, changeChecks })
