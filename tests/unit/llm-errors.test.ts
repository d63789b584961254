import assert from 'node:assert/strict'
import { test } from 'node:test'
import { errorMessage } from '../../src/llm/errors'

test('provider error texts are stored with every credential masked', () => {
  const key = 'sk-proj-AbC123dEf456GhI789'
  const texts = [
    `401 Incorrect API key provided: ${key}. You can find your API key at …`,
    `authentication failed for header Authorization: Bearer ${key}`,
    `{"error": "invalid x-api-key: ${key}"}`,
    `anthropic: invalid api_key=sk-ant-api03-Zz9_yY8-xX7`,
  ]
  for (const text of texts) {
    const masked = errorMessage(new Error(text))
    assert.doesNotMatch(masked, /AbC123dEf456GhI789|Zz9_yY8/, masked)
    assert.match(masked, /\[redacted\]/)
  }
  assert.equal(errorMessage(new Error('503 Service Unavailable')), '503 Service Unavailable')
})

test('the configured keys are masked by value, whatever their shape', () => {
  const saved = { openai: process.env.OPENAI_API_KEY, api: process.env.API_KEYS }
  process.env.OPENAI_API_KEY = 'plainkey0123456789'
  process.env.API_KEYS = 'first-api-key-0123456,second-api-key-789012'
  try {
    const masked = errorMessage(
      new Error('Incorrect key plainkey0123456789 (seen with second-api-key-789012 and first-api-key-0123456)'),
    )
    assert.equal(masked, 'Incorrect key [redacted] (seen with [redacted] and [redacted])')
  } finally {
    for (const [name, value] of [
      ['OPENAI_API_KEY', saved.openai],
      ['API_KEYS', saved.api],
    ] as const)
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
  }
})
