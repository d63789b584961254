import assert from 'node:assert/strict'
import { test } from 'node:test'
import { descendants, parseProcStat } from '../../bench/cpu'
import { parseArgs } from '../../bench/options'

test('bench options: sqlite with one replica by default; postgres takes any count and leaves out the SQLite-only runs', () => {
  const plain = parseArgs([])
  assert.equal(plain.database, 'sqlite')
  assert.equal(plain.replicas, 1)
  assert.ok(plain.only.includes('kill') && plain.only.includes('intake'))

  const cluster = parseArgs(['--replicas', '2', '--database=postgres'])
  assert.equal(cluster.database, 'postgres')
  assert.equal(cluster.replicas, 2)
  assert.deepEqual(cluster.only, ['rules', 'hybrid', 'llm', 'llm-batch', 'baseline'])
})

test('bench options: replicas need PostgreSQL, and the crash and intake runs are SQLite-only', () => {
  assert.throws(() => parseArgs(['--replicas', '2']), /needs --database postgres/)
  assert.throws(() => parseArgs(['--replicas', '0', '--database', 'postgres']), /positive integer/)
  assert.throws(() => parseArgs(['--database', 'mysql']), /sqlite or postgres/)
  assert.throws(() => parseArgs(['--database', 'postgres', '--only', 'hybrid,kill']), /kill runs on SQLite only/)
})

test('/proc/<pid>/stat: ppid and utime + stime, also when the command holds spaces and parentheses', () => {
  const stat = '4242 (node (worker) 1) S 4200 4242 4242 0 -1 4194560 100 0 0 0 150 25 3 4 20 0 11 0 500 0 0'
  assert.deepEqual(parseProcStat(stat), { pid: 4242, ppid: 4200, ticks: 175 })
})

test('a process tree is the root and everything below it, nothing beside it', () => {
  const stats = [
    { pid: 10, ppid: 1, ticks: 0 },
    { pid: 11, ppid: 10, ticks: 0 },
    { pid: 12, ppid: 11, ticks: 0 },
    { pid: 20, ppid: 1, ticks: 0 },
    { pid: 21, ppid: 20, ticks: 0 },
  ]
  assert.deepEqual([...descendants(10, stats)].sort(), [10, 11, 12])
  assert.deepEqual([...descendants(99, stats)], [])
})
