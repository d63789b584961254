import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { PROJECT_ROOT } from '../../src/cli/service-process'

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

// Motia compiles each step and follows only extensionless relative imports (`'../src/x'`, not `'../src/x.js'`
// nor a bare folder): anything else is missing at run time in the step's child process.
test('every relative import reachable from steps is extensionless and names a file', () => {
  const bad: string[] = []
  for (const file of [...tsFiles(join(PROJECT_ROOT, 'steps')), ...tsFiles(join(PROJECT_ROOT, 'src'))]) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)) {
      if (/\.(js|ts)$/.test(spec!)) bad.push(`${file}: ${spec}`)
      else {
        const target = join(file, '..', spec!)
        const exists = (p: string) => {
          try {
            return statSync(p).isFile()
          } catch {
            return false
          }
        }
        if (!exists(`${target}.ts`)) bad.push(`${file}: ${spec} (no ${spec}.ts)`)
      }
    }
  }
  assert.deepEqual(bad, [])
})
