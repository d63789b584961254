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

/** The packages a module loads at run time, following its relative imports (type-only imports load nothing). */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const [, kind, spec] of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) {
      if (kind) continue
      if (spec!.startsWith('.')) visit(`${join(file, '..', spec!)}.ts`)
      else packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!)
    }
  }
  visit(entry)
  return packages
}

// Every step invocation is a fresh process that pays for what it loads: the LLM SDKs and the PostgreSQL driver are
// imported on first use only, and the steps that carry a unit (02–07, seven or more processes per unit) read the
// settings handed down to them and plain taxonomy data, and load zod only when a stage asks an LLM (llm/zod.ts).
test('no step loads an LLM SDK or the PostgreSQL driver before it uses one; the unit steps load no zod', () => {
  for (const file of readdirSync(join(PROJECT_ROOT, 'steps')).filter((f) => f.endsWith('.step.ts'))) {
    const loaded = packagesLoadedBy(join(PROJECT_ROOT, 'steps', file))
    const unitStep = /^0[2-7]-/.test(file)
    for (const heavy of ['openai', '@anthropic-ai/sdk', 'pg', ...(unitStep ? ['zod', 'dotenv'] : [])])
      assert.ok(!loaded.has(heavy), `${file} loads ${heavy}: ${[...loaded].join(', ')}`)
  }
})
