import { MIGRATIONS } from '../migrations'
import { oneOfCheck, printMigrations, type CheckStep, type ColumnTypes } from '../schema'

// Text timestamps and 0/1 booleans as in SQLite, so both stores hold the same data the same way.
const TYPES: ColumnTypes = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'DOUBLE PRECISION',
  millis: 'BIGINT',
  id: 'BIGSERIAL PRIMARY KEY',
  row_no: 'BIGSERIAL',
}

// PostgreSQL changes CHECKs in place; a column's CHECK is named <table>_<column>_check.
function changeChecks(step: CheckStep): string[] {
  if ('addChecks' in step) return step.addChecks.map((check) => `ALTER TABLE ${step.to.name} ADD ${check}`)
  const { name, columns } = step.of
  const column = columns.find((c) => c.name === step.recheck)
  if (!column?.oneOf) throw new Error(`${name}.${step.recheck} has no CHECK to change`)
  const constraint = `${name}_${column.name}_check`
  return [
    `ALTER TABLE ${name} DROP CONSTRAINT ${constraint}`,
    `ALTER TABLE ${name} ADD CONSTRAINT ${constraint} ${oneOfCheck(column.name, column.oneOf)}`,
  ]
}

export const PG_MIGRATIONS = printMigrations(MIGRATIONS, { name: 'postgres', types: TYPES, changeChecks })
