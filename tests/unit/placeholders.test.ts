import assert from 'node:assert/strict'
import { test } from 'node:test'
import { numbered, numberedAll } from '../../src/db/placeholders'

test('each ? becomes the next $n, in order', () => {
  assert.equal(
    numbered('UPDATE units SET lease_owner = ?, lease_expires_ms = ? WHERE batch_id = ? AND unit_no = ?'),
    'UPDATE units SET lease_owner = $1, lease_expires_ms = $2 WHERE batch_id = $3 AND unit_no = $4',
  )
  assert.equal(numbered('SELECT version FROM schema_migrations'), 'SELECT version FROM schema_migrations')
})

test('a ? inside a quoted literal or identifier is text, doubled quotes included', () => {
  assert.equal(
    numbered(`SELECT 'why?', 'it''s ?', "odd?name" FROM t WHERE a = ? AND b = '?' AND c = ?`),
    `SELECT 'why?', 'it''s ?', "odd?name" FROM t WHERE a = $1 AND b = '?' AND c = $2`,
  )
})

test('a set of queries is numbered query by query, each from $1', () => {
  assert.deepEqual(numberedAll({ one: 'a = ?', two: 'b = ? AND c = ?' }), { one: 'a = $1', two: 'b = $1 AND c = $2' })
})
