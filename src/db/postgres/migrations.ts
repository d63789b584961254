import { MIGRATIONS } from '../migrations'
import {
  oneOfCheck,
  printColumn,
  printIndex,
  printMigrations,
  printTable,
  type ColumnTypes,
  type Step,
} from '../schema'

// Text timestamps and 0/1 booleans as in SQLite, so both stores hold the same data the same way.
const TYPES: ColumnTypes = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'DOUBLE PRECISION',
  millis: 'BIGINT',
  id: 'BIGSERIAL PRIMARY KEY',
  row_no: 'BIGSERIAL',
}

function print(step: Step): string[] {
  if ('create' in step) return [printTable(step.create, TYPES)]
  if ('index' in step) return [printIndex(step.index)]
  if ('addColumn' in step) return [`ALTER TABLE ${step.to} ADD COLUMN ${printColumn(step.addColumn, TYPES)}`]
  if ('dropColumn' in step) return [`ALTER TABLE ${step.from} DROP COLUMN ${step.dropColumn}`]
  if ('dropTable' in step) return [`DROP TABLE ${step.dropTable}`]
  // PostgreSQL changes CHECKs in place; a column's CHECK is named <table>_<column>_check.
  if ('addChecks' in step) return step.addChecks.map((check) => `ALTER TABLE ${step.to.name} ADD ${check}`)
  if ('recheck' in step) {
    const { name, columns } = step.of
    const column = columns.find((c) => c.name === step.recheck)
    if (!column?.oneOf) throw new Error(`${name}.${step.recheck} has no CHECK to change`)
    const constraint = `${name}_${column.name}_check`
    return [
      `ALTER TABLE ${name} DROP CONSTRAINT ${constraint}`,
      `ALTER TABLE ${name} ADD CONSTRAINT ${constraint} ${oneOfCheck(column.name, column.oneOf)}`,
    ]
  }
  return step.only === 'postgres' ? [step.sql] : []
}

export const PG_MIGRATIONS = printMigrations(MIGRATIONS, print)
