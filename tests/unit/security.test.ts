import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { keyMatches, loadSecuritySettings } from '../../src/api/security'
import { listenSettings } from '../../src/cli/serve'

const digest = (key: string) => createHash('sha256').update(key).digest()

test('API keys match exactly, whatever their length', () => {
  const keys = ['alpha-key', 'beta'].map(digest)
  assert.ok(keyMatches('alpha-key', keys))
  assert.ok(keyMatches('beta', keys))
  for (const wrong of ['', 'alpha', 'alpha-key ', 'beta2', 'ALPHA-KEY']) assert.equal(keyMatches(wrong, keys), false, wrong)
  assert.equal(keyMatches('alpha-key', []), false)
})

test('settings: comma lists trimmed, origins validated, body limit bounded', () => {
  const s = loadSecuritySettings({ API_KEYS: ' a , ,b ', CORS_ORIGINS: 'https://x.example, http://localhost:5173' })
  assert.deepEqual(s.api_keys, ['a', 'b'])
  assert.deepEqual(s.cors_origins, ['https://x.example', 'http://localhost:5173'])
  assert.equal(s.max_body_bytes, 256 * 1024 * 1024)
  assert.throws(() => loadSecuritySettings({ CORS_ORIGINS: '*' }), /CORS_ORIGINS/)
  assert.throws(() => loadSecuritySettings({ CORS_ORIGINS: 'https://x.example/path' }), /CORS_ORIGINS/)
  assert.throws(() => loadSecuritySettings({ CLASSIFY_MAX_BODY_MB: '0' }), /CLASSIFY_MAX_BODY_MB/)
})

test('an open API binds to loopback only', () => {
  assert.deepEqual(listenSettings({}, []), { host: '127.0.0.1', port: 3000 })
  assert.deepEqual(listenSettings({ HOST: '::1', PORT: '8080' }, []), { host: '::1', port: 8080 })
  assert.throws(() => listenSettings({ HOST: '0.0.0.0' }, []), /HOST=0\.0\.0\.0.*API_KEYS/)
  assert.deepEqual(listenSettings({ HOST: '0.0.0.0' }, ['k']), { host: '0.0.0.0', port: 3000 })
  assert.throws(() => listenSettings({ PORT: '70000' }, ['k']), /PORT/)
})
