// compose.yaml and the Dockerfile, checked without docker (not available here): syntax, topology and settings.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../../src/cli/service-process'
import { listenSettings } from '../../src/cli/serve'
import { parseSettings } from '../../src/settings/load'
import { SETTING_NAMES } from '../../src/settings/schema'
import { loadServiceConfig } from '../../src/settings/service'

type Service = {
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
  deploy?: { replicas?: unknown }
  ports?: string[]
  [key: string]: unknown
}
const compose = parse(readFileSync(join(PROJECT_ROOT, 'compose.yaml'), 'utf8'), { prettyErrors: true }) as {
  services: Record<string, Service>
  configs: Record<string, { content: string }>
}
const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8')
const REQUIRED = { POSTGRES_PASSWORD: 'pw', API_KEYS: 'k-0123456789abcdef' }

/** Compose's ${NAME:-default} and ${NAME:?message} as `docker compose` would fill them from `env`. */
function substitute(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    if (env[name]) return env[name]
    if (kind === '?') throw new Error(`${name} is required: ${rest}`)
    return kind === '-' ? rest : ''
  })
}

/** The Dockerfile's ENV lines, as the container starts with them. */
function dockerEnv(): Record<string, string> {
  const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile)![1]!
  return Object.fromEntries(block.split(/\s*\\\n\s*|\s+/).map((pair) => pair.split('=') as [string, string]))
}

test('compose: PostgreSQL, Redis, replicas and one proxy port', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['postgres', 'proxy', 'redis', 'replica'])
  const { replica, proxy, postgres, redis } = compose.services as Record<string, Service>
  assert.equal(Number(substitute(String(replica!.deploy?.replicas), {})), 2)
  assert.equal(Number(substitute(String(replica!.deploy?.replicas), { REPLICAS: '5' })), 5)
  assert.deepEqual(replica!.depends_on, {
    postgres: { condition: 'service_healthy' },
    redis: { condition: 'service_healthy' },
  })
  assert.ok(postgres!.healthcheck && redis!.healthcheck)
  assert.equal(replica!.ports, undefined, 'replicas are reached only through the proxy')
  assert.deepEqual(
    proxy!.ports?.map((p) => substitute(p, {})),
    ['3000:80'],
  )
  assert.match(compose.configs.nginx!.content, /server replica:3000;/)
  assert.match(compose.configs.nginx!.content, /proxy_pass http:\/\/replicas;/)
})

test('compose: every replica is configured for the shared store and queues, with settings the service accepts', () => {
  const environment = compose.services.replica!.environment!
  for (const name of Object.keys(environment)) assert.ok(SETTING_NAMES.includes(name as never), `unknown ${name}`)
  for (const name of Object.keys(REQUIRED)) {
    const without = { ...REQUIRED, [name]: '' }
    assert.throws(
      () => Object.values(environment).map((v) => substitute(String(v), without)),
      new RegExp(`${name} is required`),
    )
  }
  const env = {
    ...dockerEnv(),
    ...Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, substitute(String(v), REQUIRED)])),
  }
  assert.equal(env.DATABASE_URL, 'postgres://classify:pw@postgres:5432/classify')
  assert.equal(env.MOTIA_REDIS_HOST, 'redis')
  assert.equal(env.MOTIA_REDIS_PORT, '6379')
  assert.equal(env.CLASSIFY_REPLICA_ID, undefined, 'each container names itself by its host name')
  const config = loadServiceConfig(env)
  assert.equal(config.database_url, env.DATABASE_URL)
  assert.equal(config.lease_ms, 30_000)
  assert.deepEqual(listenSettings(parseSettings(env)), { host: '0.0.0.0', port: 3000 })
  const postgres = compose.services.postgres!.environment!
  assert.equal(`postgres://${postgres.POSTGRES_USER}:pw@postgres:5432/${postgres.POSTGRES_DB}`, env.DATABASE_URL)
})

test('Dockerfile: production mode as a non-root user, healthy by /health', () => {
  assert.match(dockerfile, /^USER node$/m)
  assert.doesNotMatch(dockerfile, /^USER root$/m)
  assert.equal(dockerEnv().NODE_ENV, 'production')
  assert.match(dockerfile, /^CMD \["node", "--import", "tsx", "src\/cli\/serve\.ts"\]$/m)
  assert.match(dockerfile, /^HEALTHCHECK [\s\S]*\/health/m)
  // Without keys a public HOST is refused: the image cannot start an open API by mistake.
  assert.throws(() => listenSettings(parseSettings(dockerEnv())), /API_KEYS/)
})
