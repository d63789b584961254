import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// A test file or a bench run starts services and databases by the dozen; a temporary directory left behind by each
// (a 10,000-indicator bench database is 60–90 MB) filled /tmp with 5 GB in one working session.
const made = new Set<string>()

function removeAll() {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Still held (an immutable file a test forgot to release): leaving it is all that can be done at exit.
    }
  }
}

/** A fresh temporary directory under the system's, removed with everything in it when this process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (made.size === 0) process.on('exit', removeAll)
  made.add(dir)
  return dir
}
