import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { describe, test } from 'node:test'
import dotenv from 'dotenv'
import { PROJECT_ROOT } from '../../src/cli/service-process'
import { motiaArgs } from '../../src/cli/start'
import { README_BEGIN, README_END, renderEnvExample, renderReadmeTable } from '../../src/settings/docs'
import { handedSettings, HANDED_SETTINGS, stepSettings } from '../../src/settings/handed'
import { classifyMode, DEFAULT_SETTINGS, parseSettings, SETTING_NAMES, SettingsError } from '../../src/settings/index'

const run = promisify(execFile)

describe('the schema is the source of the docs', () => {
  test('.env.example is what the schema renders (npm run settings:docs rewrites it)', () => {
    assert.equal(readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8'), renderEnvExample())
  })

  test("the README's configuration table is what the schema renders (npm run settings:docs rewrites it)", () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
    const table = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END) + README_END.length)
    assert.equal(table, renderReadmeTable())
  })

  test('.env.example as a .env gives exactly the defaults, and names every variable once', () => {
    const example = dotenv.parse(renderEnvExample())
    assert.deepEqual(Object.keys(example), SETTING_NAMES)
    assert.deepEqual(parseSettings(example), DEFAULT_SETTINGS)
  })
})

describe('parseSettings', () => {
  test('defaults', () => {
    const s = parseSettings({})
    assert.equal(s.HOST, '127.0.0.1')
    assert.equal(s.PORT, 3000)
    assert.equal(s.CLASSIFY_CHUNK_SIZE, 2500)
    assert.equal(s.CLASSIFY_DEDUPE, true)
    assert.equal(s.CLASSIFY_MODE, undefined)
    assert.equal(s.OPENAI_API_KEY, undefined)
    assert.equal(s.MOTIA_REDIS_PORT, 6379)
  })

  test('values are typed and trimmed; blank is unset', () => {
    const s = parseSettings({
      PORT: ' 8080 ',
      CLASSIFY_CACHE: 'OFF',
      CLASSIFY_DEDUPE: 'yes',
      LLM_RPM: '1.5',
      HOST: '',
      LLM_PROVIDER_TYPE: 'local',
    })
    assert.equal(s.PORT, 8080)
    assert.equal(s.CLASSIFY_CACHE, false)
    assert.equal(s.CLASSIFY_DEDUPE, true)
    assert.equal(s.LLM_RPM, 1.5)
    assert.equal(s.HOST, '127.0.0.1')
    assert.equal(s.LLM_PROVIDER_TYPE, 'local')
  })

  const bad: [string, string][] = [
    ['PORT', '0'],
    ['PORT', '65536'],
    ['CLASSIFY_CHUNK_SIZE', '10001'],
    ['CLASSIFY_MAX_BATCH', 'lots'],
    ['CLASSIFY_STEP_RETRIES', '11'],
    ['CLASSIFY_DEDUPE', 'maybe'],
    ['LLM_RPM', '-1'],
    ['LLM_CONCURRENCY', '2.5'],
    ['MOTIA_REDIS_PORT', 'redis'],
    ['CLASSIFY_URL', 'not a url'],
    ['SCREENSHOT_WINDOW', '1920x1080'],
  ]
  for (const [name, value] of bad) {
    test(`${name}=${value} is rejected naming the variable and the value`, () => {
      assert.throws(
        () => parseSettings({ [name]: value }),
        (error: Error) => error instanceof SettingsError && error.message.startsWith(`${name}=${value} is invalid`),
      )
    })
  }

  test('every bad variable is named at once', () => {
    assert.throws(
      () => parseSettings({ PORT: 'x', CLASSIFY_MODE: 'fast', LLM_PROVIDER: 'gemini' }),
      (error: SettingsError) =>
        error.problems
          .map((p) => p.split('=')[0])
          .sort()
          .join() === 'CLASSIFY_MODE,LLM_PROVIDER,PORT',
    )
  })
})

test('classifyMode: hybrid when an LLM is asked and no mode is chosen, the chosen mode then, rules without an LLM', () => {
  assert.equal(classifyMode(undefined, true), 'hybrid')
  assert.equal(classifyMode('llm', true), 'llm')
  assert.equal(classifyMode('rules', true), 'rules')
  assert.equal(classifyMode(undefined, false), 'rules')
  assert.equal(classifyMode('llm', false), 'rules')
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'results') return []
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|sh)$/.test(name) ? [path] : []
  })
}

test('nothing but src/settings reads the environment: every variable goes through the schema', () => {
  const roots = ['src', 'steps', 'plugins', 'scripts', 'bench'].map((dir) => join(PROJECT_ROOT, dir))
  const files = [...roots.flatMap(sourceFiles), join(PROJECT_ROOT, 'motia.config.ts')].filter(
    (f) => !f.includes('/src/settings/'),
  )
  const readers = files.filter((file) =>
    /process\.env\s*(\.|\[)|\bimport\s+'dotenv|\bNodeJS\.ProcessEnv\b/.test(readFileSync(file, 'utf8')),
  )
  assert.deepEqual(
    readers.map((f) => f.slice(PROJECT_ROOT.length + 1)),
    [],
  )
})

test('the launcher passes HOST and PORT to motia, then any extra options', () => {
  assert.deepEqual(motiaArgs('start', parseSettings({ HOST: '0.0.0.0', PORT: '4123' }), ['--debug']), [
    'start',
    '--host',
    '0.0.0.0',
    '--port',
    '4123',
    '--motia-dir',
    'data/classify.db.motia',
    '--debug',
  ])
  assert.deepEqual(motiaArgs('dev', DEFAULT_SETTINGS), [
    'dev',
    '--host',
    '127.0.0.1',
    '--port',
    '3000',
    '--motia-dir',
    'data/classify.db.motia',
  ])
  // The queue's Redis data follows the database it serves; an explicit --motia-dir wins.
  assert.deepEqual(motiaArgs('start', parseSettings({ DATABASE_PATH: '/srv/a/x.db' }), []).slice(-1), [
    `${relative(PROJECT_ROOT, '/srv/a/x.db')}.motia`,
  ])
  assert.deepEqual(motiaArgs('start', DEFAULT_SETTINGS, ['--motia-dir', 'q']), [
    'start',
    '--host',
    '127.0.0.1',
    '--port',
    '3000',
    '--motia-dir',
    'q',
  ])
})

describe('settings handed down to the step processes', () => {
  const probe = `import { settings } from ${JSON.stringify(join(PROJECT_ROOT, 'src/settings/load.ts'))}
import { execFileSync } from 'node:child_process'
const parsed = settings()
const child = \`import(${JSON.stringify(join(PROJECT_ROOT, 'src/settings/handed.ts'))}).then((m) => console.log(JSON.stringify(m.stepSettings())))\`
console.log(JSON.stringify({ parsed, child: JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', child], { encoding: 'utf8' })) }))`

  test('a process that parsed the settings hands exactly them to the processes it starts', async () => {
    const env = {
      PATH: process.env.PATH,
      PORT: '4001',
      CLASSIFY_CACHE: '0',
      LLM_PRICES_JSON: '{"m":{"input":1,"output":2}}',
    }
    const { stdout } = await run(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['-e', probe], { cwd: PROJECT_ROOT, env })
    const { parsed, child } = JSON.parse(stdout) as { parsed: { PORT: number }; child: unknown }
    assert.equal(parsed.PORT, 4001)
    assert.deepEqual(child, parsed)
  })

  test('settings handed down are stale once a variable changes, and a step process without them says so', () => {
    const handed = JSON.stringify({ raw: { PORT: '4001', HOST: null }, settings: { ...DEFAULT_SETTINGS, PORT: 4001 } })
    assert.equal(handedSettings({ [HANDED_SETTINGS]: handed, PORT: ' 4001 ' })?.PORT, 4001)
    assert.equal(handedSettings({ [HANDED_SETTINGS]: handed, PORT: '4002' }), undefined)
    assert.equal(handedSettings({ [HANDED_SETTINGS]: handed, PORT: '4001', HOST: '0.0.0.0' }), undefined)
    assert.equal(handedSettings({ PORT: '4001' }), undefined)
    const saved = process.env[HANDED_SETTINGS]
    delete process.env[HANDED_SETTINGS]
    try {
      assert.throws(() => stepSettings(), new RegExp(`${HANDED_SETTINGS} is unset or stale`))
    } finally {
      if (saved !== undefined) process.env[HANDED_SETTINGS] = saved
    }
  })
})

describe('.env in the working directory', () => {
  const probe = `import { settings } from ${JSON.stringify(join(PROJECT_ROOT, 'src/settings/load.ts'))}
const s = settings(); console.log(JSON.stringify({ PORT: s.PORT, HOST: s.HOST, CLASSIFY_CACHE: s.CLASSIFY_CACHE, env: process.env.HOST ?? null }))`
  const tsx = join(PROJECT_ROOT, 'node_modules/.bin/tsx')

  test('is applied under the environment: a variable already set wins, and children inherit it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    try {
      writeFileSync(join(dir, '.env'), 'PORT=4567\nHOST=0.0.0.0\nCLASSIFY_CACHE=0\n')
      const env = { PATH: process.env.PATH, PORT: '4999' }
      const { stdout } = await run(tsx, ['-e', probe], { cwd: dir, env })
      assert.deepEqual(JSON.parse(stdout), { PORT: 4999, HOST: '0.0.0.0', CLASSIFY_CACHE: false, env: '0.0.0.0' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a bad value in it stops the launcher, naming the variable, before motia starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    try {
      writeFileSync(join(dir, '.env'), 'PORT=eighty\n')
      const result = await run(tsx, [join(PROJECT_ROOT, 'src/cli/start.ts'), 'start'], {
        cwd: dir,
        env: { PATH: process.env.PATH },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      )
      assert.equal(result.code, 1)
      assert.match(result.stderr, /^PORT=eighty is invalid/m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
