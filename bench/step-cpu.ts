// `npx tsx bench/step-cpu.ts -- <command…>`, e.g. `npx tsx bench/step-cpu.ts -- npx tsx bench/run.ts --only rules,hybrid
// --dataset realistic --no-write`: runs the command and prints where its process tree's CPU went: per step (each
// invocation is a fresh `node-runner` process; `get-config` ones read a step's config at start-up), the Motia
// server, the bench itself and Redis. Every process's CPU is read from /proc every 100 ms and the last value kept, so
// one that exits between two reads loses at most 100 ms of it.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { clockTicks, descendants, readAll } from './cpu'

const command = process.argv.slice(process.argv.indexOf('--') + 1)
if (command.length === 0 || !process.argv.includes('--')) {
  console.error('usage: npx tsx bench/step-cpu.ts -- <command…>')
  process.exit(2)
}

/** What a process is, from its command line: read again while it runs, as a fork shows its parent's at first. */
function kindOf(cmdline: string): string {
  const step = /(node-runner|get-config)\.mjs .*steps\/([\w-]+)\.step/.exec(cmdline)
  if (step) return step[1] === 'get-config' ? `start-up config ${step[2]}` : `step ${step[2]}`
  if (/\bmotia start\b/.test(cmdline)) return 'motia server'
  if (/redis-server/.test(cmdline)) return 'redis'
  if (/bench\/run\.ts/.test(cmdline)) return 'bench'
  return 'other'
}

const seen = new Map<number, { ticks: number; kind: string }>()
const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit' })
const sample = () => {
  const stats = readAll()
  for (const s of stats.filter((s) => descendants(child.pid!, stats).has(s.pid))) {
    const known = seen.get(s.pid)
    let kind = known?.kind ?? 'other'
    if (!known || known.ticks !== s.ticks) {
      try {
        // An exited process not yet reaped has an empty command line: it keeps what it was known as.
        const read = kindOf(readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').replaceAll('\0', ' '))
        if (read !== 'other' || !known) kind = read
      } catch {
        /* exited meanwhile: keep what was known */
      }
    }
    seen.set(s.pid, { ticks: s.ticks, kind })
  }
}
const timer = setInterval(sample, 100)
child.on('exit', (code) => {
  clearInterval(timer)
  sample()
  const byKind = new Map<string, { processes: number; ticks: number }>()
  for (const { kind, ticks } of seen.values()) {
    const entry = byKind.get(kind) ?? { processes: 0, ticks: 0 }
    byKind.set(kind, { processes: entry.processes + 1, ticks: entry.ticks + ticks })
  }
  const ms = (ticks: number) => Math.round((ticks / clockTicks()) * 1000)
  console.log('\nCPU of the command by process kind (ms of user + system; mean per process):')
  for (const [kind, { processes, ticks }] of [...byKind].sort(([a], [b]) => a.localeCompare(b)))
    console.log(
      `${kind.padEnd(40)} ${String(processes).padStart(4)} × ${String(ms(ticks / processes)).padStart(6)} = ${ms(ticks)}`,
    )
  console.log(`${'total'.padEnd(40)} ${ms([...seen.values()].reduce((sum, p) => sum + p.ticks, 0))}`)
  process.exit(code ?? 1)
})
