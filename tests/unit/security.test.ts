import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { keyMatches, loadSecuritySettings } from '../../src/api/security'
import { listenSettings } from '../../src/cli/serve'
import { parseSettings } from '../../src/settings/index'

const digest = (key: string) => createHash('sha256').update(key).digest()

test('API keys match exactly, whatever their length', () => {
  const keys = ['alpha-key', 'beta'].map(digest)
  assert.ok(keyMatches('alpha-key', keys))
  assert.ok(keyMatches('beta', keys))
  for (const wrong of ['', 'alpha', 'alpha-key ', 'beta2', 'ALPHA-KEY'])
    assert.equal(keyMatches(wrong, keys), false, wrong)
  assert.equal(keyMatches('alpha-key', []), false)
})

test('settings: comma lists trimmed, origins validated, body limit bounded', () => {
  const s = loadSecuritySettings(
    parseSettings({
      API_KEYS: ' a-key-of-16-chars , ,b-key-of-16-chars ',
      CORS_ORIGINS: 'https://x.example, http://localhost:5173',
    }),
  )
  assert.deepEqual(s.api_keys, ['a-key-of-16-chars', 'b-key-of-16-chars'])
  assert.deepEqual(s.cors_origins, ['https://x.example', 'http://localhost:5173'])
  assert.equal(loadSecuritySettings(parseSettings({})).max_body_bytes, 256 * 1024 * 1024)
  assert.throws(() => parseSettings({ CORS_ORIGINS: '*' }), /CORS_ORIGINS/)
  assert.throws(() => parseSettings({ CORS_ORIGINS: 'https://x.example/path' }), /CORS_ORIGINS/)
  assert.throws(() => parseSettings({ CLASSIFY_MAX_BODY_MB: '0' }), /CLASSIFY_MAX_BODY_MB/)
  assert.throws(() => parseSettings({ API_KEYS: 'short' }), /API_KEYS/)
})

test('an open API binds to loopback only', () => {
  const listen = (env: Record<string, string>) => listenSettings(parseSettings(env))
  assert.deepEqual(listen({}), { host: '127.0.0.1', port: 3000 })
  assert.deepEqual(listen({ HOST: '::1', PORT: '8080' }), { host: '::1', port: 8080 })
  assert.throws(() => listen({ HOST: '0.0.0.0' }), /HOST=0\.0\.0\.0.*API_KEYS/)
  assert.deepEqual(listen({ HOST: '0.0.0.0', API_KEYS: 'a-key-of-16-chars' }), { host: '0.0.0.0', port: 3000 })
  assert.throws(() => listen({ PORT: '70000' }), /PORT/)
})
