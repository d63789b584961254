// Every environment variable the service and its scripts read, declared once: name, what it accepts, its default and
// what it does. The parser (load.ts), `.env.example` and the README's configuration table (docs.ts) derive from it.
import { z } from 'zod'
import { LLM_DELIVERIES, PROVIDERS } from '../taxonomy/enums'
import { decimal, flag, integer, json, listOf, matching, oneOf, text, url, type Kind } from './kinds'
import { CLASSIFY_MODES } from './mode'
import { LLM_BATCH_SIZE_DEFAULT } from './plain-defaults'
import { isSecretSetting } from './secrets'

export const GROUPS = {
  service: 'Service',
  classification: 'Classification',
  llm: 'LLM providers',
  redis: 'Redis',
  scripts: 'Demo and scripts',
} as const
export type Group = keyof typeof GROUPS

export interface SettingDoc {
  group: Group
  /** What the variable does, one sentence or two, for the README table and `.env.example`. */
  doc: string
  accepts: string
  /** The line `.env.example` carries: the default written as in a `.env`, or empty when unset by default. */
  example: string
  /** The default as the README shows it; for an unset variable, what applies instead. */
  shown: string
  /** Never echoed, not even in an error. */
  secret: boolean
}

export const settingDocs = z.registry<Omit<SettingDoc, 'secret'>>()

interface Doc {
  group: Group
  doc: string
}

function setting<T>(kind: Kind<T>, fallback: NonNullable<T>, doc: Doc) {
  const example = kind.write(fallback)
  return kind.schema.default(fallback as never).register(settingDocs, {
    ...doc,
    accepts: kind.accepts,
    example,
    shown: `\`${example}\``,
  })
}

/** A variable that is unset by default; `otherwise` says what applies then. */
function unset<T>(kind: Kind<T>, otherwise: string, doc: Doc) {
  return kind.schema.optional().register(settingDocs, {
    ...doc,
    accepts: kind.accepts,
    example: '',
    shown: otherwise,
  })
}

const port = integer(1, 65_535)
const provider = oneOf(PROVIDERS)
const stageProvider = (stage: string) =>
  unset(provider, '`LLM_PROVIDER`', { group: 'llm', doc: `Provider of the ${stage} stage.` })

/**
 * USD per million tokens, per model name (a prefix of the provider's model id). `cached_input` is a prompt token read
 * from the provider's prompt cache, `cache_write` one written to it (Anthropic charges extra), both `input` when
 * absent; `batch` is the share of every price a provider batch call pays (1 when absent).
 */
export const priceTableSchema = z.record(
  z.string().min(1),
  z.strictObject({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cached_input: z.number().nonnegative().optional(),
    cache_write: z.number().nonnegative().optional(),
    batch: z.number().min(0).max(1).optional(),
  }),
)

export const settingsSchema = z.object({
  HOST: setting(text, '127.0.0.1', {
    group: 'service',
    doc: 'Address `npm start` and `npm run dev` listen on (`0.0.0.0` for every interface).',
  }),
  PORT: setting(port, 3000, { group: 'service', doc: 'HTTP port of `npm start` and `npm run dev`.' }),
  API_KEYS: unset(
    listOf(/^\S{16,}$/, 'keys of 16 or more non-space characters'),
    'none: the API is open and `npm start` binds to loopback only',
    {
      group: 'service',
      doc: 'Keys of the API: every route but `/health` then needs `Authorization: Bearer <key>` or `x-api-key: <key>`.',
    },
  ),
  CORS_ORIGINS: unset(listOf(/^https?:\/\/[^/\s]+$/, '`scheme://host[:port]` origins'), 'none: no CORS header', {
    group: 'service',
    doc: 'Browser origins allowed to call the API (CORS headers for these only, never with credentials).',
  }),
  CLASSIFY_MAX_BODY_MB: setting(decimal(0.001, 1024), 256, {
    group: 'service',
    doc: 'Largest request body in MiB, after gzip inflation; a larger one answers 413.',
  }),
  CLASSIFY_API_ONLY: setting(flag, false, {
    group: 'service',
    doc: 'Set by `npm start` (src/cli/serve.ts): serve the API only, without the Workbench. Not for `.env`.',
  }),
  DATABASE_PATH: setting(text, './data/classify.db', {
    group: 'service',
    doc: 'SQLite file, created with its folder (WAL mode; migrations applied at start).',
  }),
  DATABASE_URL: unset(
    matching(/^postgres(ql)?:\/\/\S+$/, 'postgres://user:password@host:port/database'),
    'SQLite at `DATABASE_PATH`',
    {
      group: 'service',
      doc: 'PostgreSQL shared by every replica instead of the SQLite file (node-postgres pool; migrations applied at start).',
    },
  ),
  DATABASE_POOL_MAX: setting(integer(1, 1_000), 4, {
    group: 'service',
    doc: 'PostgreSQL connections per process (the server and each step process have a pool of their own).',
  }),
  CLASSIFY_REPLICA_ID: unset(matching(/^[\w.-]{1,100}$/, 'letters, digits, `.`, `_`, `-`'), 'the host name', {
    group: 'service',
    doc: "This replica's name in unit leases: distinct between replicas, stable across a replica's restarts.",
  }),
  CLASSIFY_LEASE_MS: setting(integer(1_000, 3_600_000), 30_000, {
    group: 'service',
    doc: "How long a replica's hold on a unit outlives its last renewal: after that another replica takes the unit over.",
  }),
  CLASSIFY_CHUNK_SIZE: setting(integer(1, 10_000), 2500, {
    group: 'service',
    doc: 'Indicators per unit of work: a unit is one event per pipeline step (1 = one event per indicator).',
  }),
  CLASSIFY_MAX_BATCH: setting(integer(1, 1_000_000), 100_000, {
    group: 'service',
    doc: 'Largest batch `POST /classify/batch` accepts (more answers 413).',
  }),
  CLASSIFY_STEP_RETRIES: setting(integer(0, 10), 2, {
    group: 'service',
    doc: "Queue retries of a failing step; after the last one its unit's indicators are stored as failed.",
  }),
  CLASSIFY_DEDUPE: setting(flag, true, {
    group: 'service',
    doc: 'Group indicators that ask the same question into one unit and ask the LLM once per group.',
  }),
  CLASSIFY_CACHE: setting(flag, true, {
    group: 'service',
    doc: 'Reuse LLM answers across batches (a request\'s `"refresh": true` bypasses the cache for that batch).',
  }),
  CLASSIFY_FAULTS: unset(text, 'none', {
    group: 'service',
    doc: 'Test-only fault injection, e.g. `normalize:ID1|ID2,family:!ID3` (see `src/pipeline/faults.ts`). Leave empty.',
  }),

  CLASSIFY_MODE: unset(oneOf(CLASSIFY_MODES), '`hybrid` when a stage has an LLM provider, else `rules`', {
    group: 'classification',
    doc: '`rules` never asks an LLM, `hybrid` asks it below the threshold, `llm` asks it for every indicator.',
  }),
  // Chosen on the calibration split by `npm run calibrate` (src/rules/calibration-table.ts holds the same number; a unit
  // test checks that they agree).
  CLASSIFY_LLM_THRESHOLD: setting(decimal(0, 1), 0.93, {
    group: 'classification',
    doc: 'Hybrid asks the LLM about a result whose calibrated confidence (the probability that every field is right) is below this, and flags it for review.',
  }),

  LLM_PROVIDER: setting(provider, 'rules', {
    group: 'llm',
    doc: "Default provider of every LLM stage; a request's `llm_provider` overrides all stages.",
  }),
  LLM_PROVIDER_TIME: stageProvider('time'),
  LLM_PROVIDER_FAMILY: stageProvider('family'),
  LLM_PROVIDER_TYPE: stageProvider('type'),
  LLM_PROVIDER_REVIEW: stageProvider('review'),
  OPENAI_API_KEY: unset(text, 'none', { group: 'llm', doc: 'OpenAI API key.' }),
  OPENAI_BASE_URL: setting(url, 'https://api.openai.com/v1', { group: 'llm', doc: 'OpenAI API base URL.' }),
  OPENAI_MODEL: setting(text, 'gpt-4o-mini', { group: 'llm', doc: 'OpenAI model.' }),
  ANTHROPIC_API_KEY: unset(text, 'none', { group: 'llm', doc: 'Anthropic API key.' }),
  ANTHROPIC_BASE_URL: setting(url, 'https://api.anthropic.com', { group: 'llm', doc: 'Anthropic API base URL.' }),
  ANTHROPIC_MODEL: setting(text, 'claude-haiku-4-5', { group: 'llm', doc: 'Anthropic model.' }),
  LOCAL_LLM_URL: setting(url, 'http://localhost:1234/v1', {
    group: 'llm',
    doc: 'Local OpenAI-compatible server: LM Studio (this default) or Ollama (`http://localhost:11434/v1`).',
  }),
  LM_STUDIO_MODEL: setting(text, 'local-model', { group: 'llm', doc: 'Model of the local server.' }),
  LLM_BATCH_SIZE: setting(integer(1), LLM_BATCH_SIZE_DEFAULT, { group: 'llm', doc: 'Indicators per LLM call.' }),
  LLM_TIMEOUT_MS: setting(integer(1), 30_000, { group: 'llm', doc: 'Per-call timeout in milliseconds.' }),
  LLM_MAX_RETRIES: setting(integer(0), 4, { group: 'llm', doc: 'Retries of 429, 5xx and timeouts.' }),
  LLM_RPM: setting(decimal(0), 0, {
    group: 'llm',
    doc: "Requests per minute per provider, shared by every step process, which pace at 98 % of it over a sliding minute (0 = the provider's advertised limit, from its rate-limit headers; one call at a time until the first answer brings them).",
  }),
  LLM_TPM: setting(decimal(0), 0, {
    group: 'llm',
    doc: "Tokens per minute per provider, shared by every step process, which pace at 98 % of it over a sliding minute (0 = the provider's advertised limit, from its rate-limit headers; one call at a time until the first answer brings them).",
  }),
  LLM_CONCURRENCY: setting(integer(0), 8, {
    group: 'llm',
    doc: 'Calls in flight per provider, shared by every step process (0 = no limit).',
  }),
  LLM_DELIVERY: setting(oneOf(LLM_DELIVERIES), 'sync', {
    group: 'llm',
    doc: "`sync` asks the providers at once; `batch` sends each LLM stage of a unit as one provider batch (OpenAI Batch API, Anthropic Message Batches: half price, answers within 24 h) and goes on when it ends. A request's `llm_delivery` overrides it; the local provider is always asked at once.",
  }),
  LLM_BATCH_POLL_SECONDS: setting(integer(1, 3600), 60, {
    group: 'llm',
    doc: 'How often the service asks the providers whether its open provider batches have ended (batch delivery).',
  }),
  LLM_PRICES_JSON: unset(json(priceTableSchema, '{"model": {"input": x, "output": y}}'), 'built-in list prices', {
    group: 'llm',
    doc: 'Prices in USD per million tokens over the built-in table, e.g. `{"llama3": {"input": 0.1, "output": 0.1}}`; optional `cached_input` and `cache_write` (prompt tokens read from and written to the provider\'s cache; `input` when absent) and `batch` (share of the price a batch call pays; 1 when absent).',
  }),

  MOTIA_REDIS_HOST: unset(text, "Motia's embedded Redis", {
    group: 'redis',
    doc: "An external Redis instead of the embedded one (run from Debian's redis-server, installed by `scripts/setup.sh`).",
  }),
  MOTIA_REDIS_PORT: setting(port, 6379, { group: 'redis', doc: 'Port of the external Redis.' }),
  REDISMS_SYSTEM_BINARY: setting(text, '/usr/bin/redis-server', {
    group: 'redis',
    doc: 'The redis-server binary the embedded Redis runs (nothing is downloaded).',
  }),

  CLASSIFY_URL: unset(url, 'start a service', {
    group: 'scripts',
    doc: '`npm run demo` uses this running service, e.g. `http://localhost:3000`, instead of starting its own.',
  }),
  CHROMIUM: setting(text, '/usr/bin/chromium', { group: 'scripts', doc: 'Chromium binary of `npm run screenshot`.' }),
  SCREENSHOT_WINDOW: setting(matching(/^\d+,\d+$/, 'WIDTH,HEIGHT'), '1920,1080', {
    group: 'scripts',
    doc: 'Window size of `npm run screenshot`, in pixels.',
  }),
})

export type Settings = z.output<typeof settingsSchema>
export type SettingName = keyof Settings
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as SettingName[]

export function docOf(name: SettingName): SettingDoc {
  return { ...settingDocs.get(settingsSchema.shape[name])!, secret: isSecretSetting(name) }
}
