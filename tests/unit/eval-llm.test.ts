// `npm run eval -- FILE --provider P` runs the service's stages in process against a provider (here the fake one).
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runEval } from '../../src/cli/eval'
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server'

const dir = mkdtempSync(join(tmpdir(), 'eval-llm-'))
const OURS = fileURLToPath(new URL('../fixtures/trading-economics.json', import.meta.url))
const file = join(dir, 'small.json')
writeFileSync(file, JSON.stringify((JSON.parse(readFileSync(OURS, 'utf8')) as unknown[]).slice(0, 6)))

let fake: FakeLlmServer
before(async () => {
  fake = await startFakeLlmServer()
})
after(async () => {
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})

const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.openaiBaseUrl, LLM_MAX_RETRIES: '0' })

test('--provider openai --mode llm: every LLM stage asks the provider, the table is printed with calls, tokens and cost', async () => {
  fake.reset()
  const result = await runEval([file, '--provider', 'openai', '--mode', 'llm'], env())
  assert.deepEqual(result.plan, { provider: 'openai', mode: 'llm' })
  assert.equal(result.report.cases, 6)
  const stats = fake.stats()
  assert.ok(stats.requests >= 4, `one call per LLM stage at least, got ${stats.requests}`)
  const total = result.llm.find((u) => u.stage === 'total')!
  assert.equal(total.calls, stats.requests)
  assert.equal(total.input_tokens, stats.input_tokens)
  assert.equal(total.output_tokens, stats.output_tokens)
  assert.ok(total.cost_usd > 0)
  assert.deepEqual(
    result.llm.map((u) => u.stage),
    ['time', 'family', 'type', 'review', 'total'],
  )
  assert.match(result.text, /small\.json \(openai, llm; threshold [\d.]+\)/)
  assert.match(result.text, /^cases\s+6$/m)
  assert.match(result.text, /^family\s+\d+\/6/m)
  assert.match(result.text, /LLM calls \(openai, llm\):\n\s*stage\s+calls\s+retries/)
})

test('with a provider the mode defaults to hybrid (CLASSIFY_MODE when set); rules makes no calls', async () => {
  fake.reset()
  const hybrid = await runEval([file, '--provider', 'openai'], env())
  assert.equal(hybrid.plan.mode, 'hybrid')
  const llmMode = await runEval([file, '--provider', 'openai'], { ...env(), CLASSIFY_MODE: 'llm' })
  assert.equal(llmMode.plan.mode, 'llm')
  fake.reset()
  const rules = await runEval([file], env())
  assert.deepEqual([rules.plan, rules.llm, fake.stats().requests], [{ provider: 'rules', mode: 'rules' }, [], 0])
  assert.doesNotMatch(rules.text, /LLM calls/)
})

test('a missing key, an unknown provider or mode fail before anything is classified, naming what to set', async () => {
  await assert.rejects(runEval([file, '--provider', 'anthropic'], {}), /--provider anthropic needs ANTHROPIC_API_KEY/)
  await assert.rejects(runEval([file, '--provider', 'openai'], {}), /OPENAI_API_KEY/)
  await assert.rejects(
    runEval([file, '--provider', 'gemini'], env()),
    /unknown provider "gemini"; expected one of rules, local, openai, anthropic/,
  )
  await assert.rejects(runEval([file, '--provider', 'openai', '--mode', 'fast'], env()), /unknown mode "fast"/)
  await assert.rejects(runEval([file, '--mode', 'llm'], env()), /--mode llm needs an LLM --provider/)
  await assert.rejects(runEval([], env()), /usage: npm run eval/)
})
