import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createLlmClient, isLlmProvider, loadLlmConfig, missingSettings, providerForStage } from '../../src/llm/index'
import { DEFAULT_LLM_THRESHOLD } from '../../src/llm/config'

describe('loadLlmConfig', () => {
  test('defaults: rules everywhere, rules mode, documented limits and models', () => {
    const config = loadLlmConfig({})
    assert.equal(config.provider, 'rules')
    assert.deepEqual(config.stages, { time: 'rules', family: 'rules', type: 'rules', review: 'rules' })
    assert.equal(config.mode, 'rules')
    assert.equal(config.timeoutMs, 30_000)
    assert.equal(config.maxRetries, 4)
    assert.equal(config.batchSize, 60)
    assert.equal(config.threshold, DEFAULT_LLM_THRESHOLD)
    assert.equal(config.openai.model, 'gpt-4o-mini')
    assert.equal(config.openai.apiKey, null)
    assert.equal(config.local.baseUrl, 'http://localhost:1234/v1')
    assert.equal(config.local.model, 'local-model')
    assert.equal(config.local.apiKey, 'lm-studio')
  })

  test('per-stage providers fall back to LLM_PROVIDER, and any LLM stage makes the mode hybrid', () => {
    const config = loadLlmConfig({
      LLM_PROVIDER: 'openai',
      LLM_PROVIDER_TIME: 'rules',
      LLM_PROVIDER_REVIEW: 'anthropic',
    })
    assert.deepEqual(config.stages, { time: 'rules', family: 'openai', type: 'openai', review: 'anthropic' })
    assert.equal(config.mode, 'hybrid')
    assert.equal(loadLlmConfig({ LLM_PROVIDER_TYPE: 'local' }).mode, 'hybrid')
    assert.equal(loadLlmConfig({ LLM_PROVIDER: 'local', CLASSIFY_MODE: 'llm' }).mode, 'llm')
  })

  test('blank values count as unset', () => {
    const config = loadLlmConfig({ LLM_PROVIDER: ' ', OPENAI_API_KEY: '', LLM_TIMEOUT_MS: '' })
    assert.equal(config.provider, 'rules')
    assert.equal(config.openai.apiKey, null)
    assert.equal(config.timeoutMs, 30_000)
  })

  test('explicit settings are read', () => {
    const config = loadLlmConfig({
      OPENAI_MODEL: 'gpt-4.1-mini',
      ANTHROPIC_MODEL: 'claude-3-5-haiku-latest',
      LM_STUDIO_MODEL: 'qwen',
      LOCAL_LLM_URL: 'http://127.0.0.1:11434/v1',
      LLM_TIMEOUT_MS: '5000',
      LLM_MAX_RETRIES: '0',
      LLM_BATCH_SIZE: '10',
      CLASSIFY_LLM_THRESHOLD: '0.6',
      LLM_PRICES_JSON: '{"qwen": {"input": 0.01, "output": 0.02}}',
    })
    assert.equal(config.openai.model, 'gpt-4.1-mini')
    assert.equal(config.anthropic.model, 'claude-3-5-haiku-latest')
    assert.equal(config.local.model, 'qwen')
    assert.equal(config.local.baseUrl, 'http://127.0.0.1:11434/v1')
    assert.equal(config.timeoutMs, 5000)
    assert.equal(config.maxRetries, 0)
    assert.equal(config.batchSize, 10)
    assert.equal(config.threshold, 0.6)
    assert.deepEqual(config.prices.qwen, { input: 0.01, output: 0.02 })
    assert.deepEqual(config.prices['gpt-4o-mini'], { input: 0.15, cached_input: 0.075, output: 0.6, batch: 0.5 })
  })

  const bad: [string, string][] = [
    ['CLASSIFY_MODE', 'foo'],
    ['LLM_PROVIDER', 'gemini'],
    ['LLM_PROVIDER_FAMILY', 'OpenAI'],
    ['LLM_TIMEOUT_MS', 'abc'],
    ['LLM_TIMEOUT_MS', '0'],
    ['LLM_MAX_RETRIES', '-1'],
    ['LLM_MAX_RETRIES', '1.5'],
    ['LLM_BATCH_SIZE', '0'],
    ['CLASSIFY_LLM_THRESHOLD', '1.5'],
    ['CLASSIFY_LLM_THRESHOLD', 'high'],
    ['OPENAI_BASE_URL', 'not a url'],
    ['LLM_PRICES_JSON', '{nope'],
    ['LLM_PRICES_JSON', '{"gpt-4o": {"input": "cheap"}}'],
  ]
  for (const [name, value] of bad) {
    test(`${name}=${value} is rejected naming the variable`, () => {
      assert.throws(
        () => loadLlmConfig({ [name]: value }),
        (error: Error) => error.message.startsWith(name),
      )
    })
  }
})

describe('providerForStage', () => {
  test('the per-batch override beats the env', () => {
    const config = loadLlmConfig({ LLM_PROVIDER: 'openai', LLM_PROVIDER_REVIEW: 'anthropic' })
    assert.equal(providerForStage(config, 'family'), 'openai')
    assert.equal(providerForStage(config, 'review'), 'anthropic')
    assert.equal(providerForStage(config, 'review', 'local'), 'local')
    assert.equal(providerForStage(config, 'time', 'rules'), 'rules')
  })
})

describe('missingSettings', () => {
  test('names the env each provider still needs', () => {
    const empty = loadLlmConfig({})
    assert.deepEqual(missingSettings(empty, 'openai'), ['OPENAI_API_KEY'])
    assert.deepEqual(missingSettings(empty, 'anthropic'), ['ANTHROPIC_API_KEY'])
    assert.deepEqual(missingSettings(empty, 'local'), [])
    assert.deepEqual(missingSettings(empty, 'rules'), [])
    const keyed = loadLlmConfig({ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'sk-ant' })
    assert.deepEqual(missingSettings(keyed, 'openai'), [])
    assert.deepEqual(missingSettings(keyed, 'anthropic'), [])
  })

  test('creating a client without its settings fails naming them', () => {
    assert.throws(() => createLlmClient(loadLlmConfig({}), 'anthropic'), /ANTHROPIC_API_KEY/)
  })

  test('isLlmProvider tells rules apart', () => {
    assert.equal(isLlmProvider('rules'), false)
    assert.equal(isLlmProvider('local'), true)
  })
})
