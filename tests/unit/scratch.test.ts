import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { PROJECT_ROOT } from '../../src/cli/service-process'

test('a scratch directory and what was written in it are gone once the process that made it exits', () => {
  const script = [
    "import { writeFileSync } from 'node:fs'",
    "import { join } from 'node:path'",
    "import { scratchDir } from './src/cli/scratch.ts'",
    "const dir = scratchDir('classify-scratch-test-')",
    "writeFileSync(join(dir, 'a.db'), 'x')",
    'console.log(dir)',
  ].join('\n')
  const dir = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  }).trim()
  assert.match(dir, /classify-scratch-test-/)
  assert.equal(existsSync(dir), false, `${dir} was left behind`)
})
