// CPU time (user + system) of a process and all its descendants, read from /proc/<pid>/stat every `intervalMs`.
// A process's counters vanish when it exits, so each process keeps the last value seen for it: a descendant that
// exits between two samples loses at most one interval of its CPU. Reaped children's cutime/cstime are not added,
// since their own samples already count them.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcStat {
  pid: number
  ppid: number
  /** utime + stime, clock ticks. */
  ticks: number
}

/** Fields of /proc/<pid>/stat after the parenthesised command (which may hold spaces and parentheses). */
export function parseProcStat(stat: string): ProcStat {
  const close = stat.lastIndexOf(')')
  const pid = Number(stat.slice(0, stat.indexOf(' ')))
  // After ")": state(3) ppid(4) … utime(14) stime(15), so field n is at index n - 3.
  const fields = stat.slice(close + 2).split(' ')
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }
}

/** The pids of `root` and everything below it, from a list of (pid, ppid). */
export function descendants(root: number, stats: readonly ProcStat[]): Set<number> {
  const children = new Map<number, number[]>()
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid])
  const tree = new Set<number>()
  const stack = stats.some((s) => s.pid === root) ? [root] : []
  while (stack.length > 0) {
    const pid = stack.pop()!
    if (tree.has(pid)) continue
    tree.add(pid)
    stack.push(...(children.get(pid) ?? []))
  }
  return tree
}

export function readAll(): ProcStat[] {
  const out: ProcStat[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      out.push(parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8')))
    } catch {
      /* exited while listing */
    }
  }
  return out
}

let ticksPerSecond: number | undefined
export function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  return ticksPerSecond
}

export interface CpuSampler {
  /** CPU seconds of the tree so far. */
  seconds(): number
  /** Samples once more, stops, and returns the CPU seconds. */
  stop(): number
}

/** Samples the CPU of every root's tree (e.g. one replica, or PostgreSQL's postmaster and its backends). */
export function sampleTreeCpu(roots: readonly number[], intervalMs = 500): CpuSampler {
  const last = new Map<number, number>()
  const sample = () => {
    const stats = readAll()
    const byPid = new Map(stats.map((s) => [s.pid, s]))
    for (const root of roots) for (const pid of descendants(root, stats)) last.set(pid, byPid.get(pid)!.ticks)
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  const seconds = () => [...last.values()].reduce((a, b) => a + b, 0) / clockTicks()
  return {
    seconds,
    stop() {
      clearInterval(timer)
      sample()
      return seconds()
    },
  }
}
