// Secrets end to end: a provider that answers 401 echoing the key it got (in its message and as a Bearer header),
// through the real OpenAI and Anthropic SDKs, and clients with right and wrong API keys. Afterwards no key is in the
// SQLite files, the queue's data, any API response or the service's output.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { FINISHED_BATCH_STATUSES } from '../../src/taxonomy/index'
import { scratchDir } from '../../src/cli/scratch'
import { startService } from '../../src/cli/service-process'
import { startFakeLlmServer } from '../support/fake-llm-server'

const secret = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

test(
  'provider keys echoed by a 401 and API keys never reach the database, a response or a log',
  { timeout: 600_000 },
  async () => {
    const keys = {
      openai: secret('sk-test-'),
      anthropic: secret('sk-ant-test-'),
      api: secret('apikey-'),
      api_other: secret('second-'),
      wrong: secret('sk-wrong-'),
    }
    const scratch = scratchDir('classify-secrets-')
    const fake = await startFakeLlmServer()
    fake.script({ unauthorized: 1_000_000 })
    const service = await startService({
      database_path: join(scratch, 'classify.db'),
      production: true,
      env: {
        API_KEYS: `${keys.api},${keys.api_other}`,
        OPENAI_API_KEY: keys.openai,
        OPENAI_BASE_URL: fake.openaiBaseUrl,
        ANTHROPIC_API_KEY: keys.anthropic,
        ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
        CLASSIFY_MODE: 'llm',
      },
    })
    const responses: string[] = []
    const call = async (path: string, headers: Record<string, string>, body?: unknown) => {
      const response = await fetch(`${service.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      responses.push(`${response.status} ${path}\n${[...response.headers].join('\n')}\n${text}`)
      return { status: response.status, text }
    }
    const bearer = { authorization: `Bearer ${keys.api}` }
    const other = { 'x-api-key': keys.api_other }
    try {
      const indicators = [
        { indicator_id: 'GDP', name: 'GDP', units: 'USD Billion' },
        { indicator_id: 'CPI', name: 'Inflation Rate YoY', units: '%' },
      ]
      for (const provider of ['openai', 'anthropic']) {
        const posted = await call('/classify/batch', bearer, { batch_id: provider, llm_provider: provider, indicators })
        assert.equal(posted.status, 202, posted.text)
      }
      // Wrong keys are refused, and not echoed either.
      assert.equal((await call('/classify/batches', { authorization: `Bearer ${keys.wrong}` })).status, 401)
      assert.equal((await call('/classify/batches', { 'x-api-key': keys.wrong })).status, 401)
      for (const provider of ['openai', 'anthropic']) {
        for (let done = false; !done; await new Promise((r) => setTimeout(r, 500)))
          done = FINISHED_BATCH_STATUSES.includes(
            JSON.parse((await call(`/classify/batch/${provider}`, other)).text).status,
          )
        for (const format of ['json', 'csv', 'ndjson'])
          await call(`/classify/batch/${provider}/results?format=${format}`, format === 'csv' ? other : bearer)
      }
      await call('/classify/batches', bearer)
      await call('/classify/indicators/GDP', bearer)
      await call('/health', {})
      const sent = fake.requests().map((r) => `${r.headers['x-api-key']} ${r.headers.authorization}`)
      assert.ok(
        [keys.openai, keys.anthropic].every((key) => sent.some((headers) => headers.includes(key))),
        'both SDKs sent their key',
      )
      assert.ok((fake.stats().by_status[401] ?? 0) >= 2, 'the provider refused both')
      const everything = responses.join('\n')
      assert.match(everything, /Incorrect API key provided/, 'the provider error reaches the results, masked')
    } finally {
      await service.stop()
      await fake.close()
    }
    const places: [string, string | Buffer][] = [
      ['API responses', responses.join('\n')],
      ['service output', service.output()],
      ...filesUnder(scratch).map((path): [string, Buffer] => [path, readFileSync(path)]),
    ]
    for (const [name, key] of Object.entries(keys))
      for (const [place, content] of places) assert.ok(!content.includes(key), `${name} key found in ${place}`)
    console.log(
      `secrets: ${Object.keys(keys).length} keys (OpenAI and Anthropic echoed by 401s, two API keys, a wrong one) ` +
        `absent from ${responses.length} API responses, ${service.output().split('\n').length} lines of service output ` +
        `and ${places.length - 2} files (SQLite and the queue's data)`,
    )
  },
)
