// compose.yaml and the Dockerfile, checked without docker (not available here): syntax, topology and settings.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../../src/cli/service-process'
import { loadServiceConfig } from '../../src/config'

type Service = { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; deploy?: { replicas?: unknown }; ports?: string[]; [key: string]: unknown }
const compose = parse(readFileSync(join(PROJECT_ROOT, 'compose.yaml'), 'utf8'), { prettyErrors: true }) as { services: Record<string, Service>; configs: Record<string, { content: string }> }
const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8')

/** Compose's ${NAME:-default} and ${NAME:?message} as `docker compose` would fill them from `env`. */
function substitute(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    if (env[name]) return env[name]
    if (kind === '?') throw new Error(`${name} is required: ${rest}`)
    return kind === '-' ? rest : ''
  })
}

test('compose: PostgreSQL, Redis, replicas and one proxy port', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['postgres', 'proxy', 'redis', 'replica'])
  const { replica, proxy, postgres, redis } = compose.services as Record<string, Service>
  assert.equal(Number(substitute(String(replica!.deploy?.replicas), {})), 2)
  assert.equal(Number(substitute(String(replica!.deploy?.replicas), { REPLICAS: '5' })), 5)
  assert.deepEqual(replica!.depends_on, { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } })
  assert.ok(postgres!.healthcheck && redis!.healthcheck)
  assert.equal(replica!.ports, undefined, 'replicas are reached only through the proxy')
  assert.deepEqual(proxy!.ports?.map((p) => substitute(p, {})), ['3000:80'])
  assert.match(compose.configs.nginx!.content, /server replica:3000;/)
  assert.match(compose.configs.nginx!.content, /proxy_pass http:\/\/replicas;/)
})

test('compose: every replica is configured for the shared store and queues, and the service accepts the settings', () => {
  const env = Object.fromEntries(Object.entries(compose.services.replica!.environment!).map(([k, v]) => [k, substitute(String(v), { POSTGRES_PASSWORD: 'pw' })]))
  assert.throws(() => substitute(String(compose.services.replica!.environment!.DATABASE_URL), {}), /POSTGRES_PASSWORD is required/)
  assert.equal(env.DATABASE_URL, 'postgres://classify:pw@postgres:5432/classify')
  assert.equal(env.MOTIA_REDIS_HOST, 'redis')
  assert.equal(env.MOTIA_REDIS_PORT, '6379')
  assert.equal(env.CLASSIFY_REPLICA_ID, undefined, 'each container names itself by its host name')
  const config = loadServiceConfig(env)
  assert.equal(config.database_url, env.DATABASE_URL)
  assert.equal(config.lease_ms, 30_000)
  const postgres = compose.services.postgres!.environment!
  assert.equal(`postgres://${postgres.POSTGRES_USER}:pw@postgres:5432/${postgres.POSTGRES_DB}`, env.DATABASE_URL)
})

test('Dockerfile: production mode as a non-root user, healthy by /health', () => {
  assert.match(dockerfile, /^USER node$/m)
  assert.match(dockerfile, /NODE_ENV=production/)
  assert.match(dockerfile, /^CMD .*motia start --port/m)
  assert.match(dockerfile, /^HEALTHCHECK [\s\S]*\/health/m)
  assert.doesNotMatch(dockerfile, /^USER root$/m)
})
