import { randomUUID } from 'node:crypto'

/**
 * A run's id names its process, so that the replica's server renews the claim while that process lives (a run busy
 * with CPU for longer than a lease cannot renew by itself) and not after it was killed.
 */
export function runIdOfThisProcess(): string {
  return `${process.pid}:${randomUUID()}`
}

/** Whether the run `runId` (of this host) is still running, as far as its process tells. */
export function runLives(runId: string): boolean {
  const pid = Number(runId.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
