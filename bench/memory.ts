// Peak resident memory of the service: the motia process and everything in its process group
// (step workers, embedded Redis), sampled from /proc every `intervalMs`.
import { readdirSync, readFileSync } from 'node:fs'

export interface MemoryPeak {
  /** Peak VmRSS of the main motia process, MiB. */
  main_mb: number
  /** Peak of the summed VmRSS of every process in the group, MiB. */
  total_mb: number
  /** Most processes seen in the group at once. */
  max_processes: number
  samples: number
}

/** Process group id, field 5 of /proc/<pid>/stat (after the parenthesised command, which may contain spaces). */
function pgidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[2])
  } catch {
    return null
  }
}

/** VmRSS in KiB; 0 for a process that is gone or a kernel thread. */
function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

export function groupRss(groupId: number): { mainKb: number; totalKb: number; processes: number } {
  let totalKb = 0
  let processes = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pgidOf(pid) !== groupId) continue
    totalKb += rssKb(pid)
    processes++
  }
  return { mainKb: rssKb(groupId), totalKb, processes }
}

export interface MemorySampler {
  stop(): MemoryPeak
  /** The peak so far, without stopping. */
  peek(): MemoryPeak
}

export function sampleGroupMemory(groupId: number, intervalMs = 500): MemorySampler {
  let mainKb = 0
  let totalKb = 0
  let maxProcesses = 0
  let samples = 0
  const sample = () => {
    const now = groupRss(groupId)
    mainKb = Math.max(mainKb, now.mainKb)
    totalKb = Math.max(totalKb, now.totalKb)
    maxProcesses = Math.max(maxProcesses, now.processes)
    samples++
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  const peek = (): MemoryPeak => ({
    main_mb: round1(mainKb / 1024),
    total_mb: round1(totalKb / 1024),
    max_processes: maxProcesses,
    samples,
  })
  return {
    peek,
    stop() {
      clearInterval(timer)
      sample()
      return peek()
    },
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10
