// Service settings read from the environment, validated once so a bad value fails loudly by name.
import { hostname } from 'node:os'
import { resolve } from 'node:path'

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return value
}

export interface ServiceConfig {
  /** postgres://… selects the shared PostgreSQL store; unset keeps SQLite at database_path. */
  database_url: string | null
  database_path: string
  chunk_size: number
  max_batch: number
  /** Attempts per unit and stage before its indicators are stored as failed (queue retries + 1). */
  stage_attempts: number
  /** Group indicators of one signature into one unit and ask the LLM once per signature (CLASSIFY_DEDUPE=0 turns it off). */
  dedupe: boolean
  /** Reuse LLM answers across batches (CLASSIFY_CACHE=0 turns it off; a request's refresh:true bypasses it). */
  cache: boolean
  /** This replica's name in unit leases: stable across its restarts, distinct between replicas. */
  replica_id: string
  /** How long a unit stays held by a replica that stopped renewing its leases (it died). */
  lease_ms: number
}

function flagFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw) return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new Error(`${name} must be 1/0 or true/false, got "${env[name]}"`)
}

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const url = env.DATABASE_URL?.trim()
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL must be a postgres:// URL, got a ${url.split(':')[0]}: one`)
  return {
    database_url: url || null,
    database_path: resolve(env.DATABASE_PATH || './data/classify.db'),
    chunk_size: intFromEnv(env, 'CLASSIFY_CHUNK_SIZE', 2500, 1, 10_000),
    max_batch: intFromEnv(env, 'CLASSIFY_MAX_BATCH', 10_000, 1, 1_000_000),
    stage_attempts: intFromEnv(env, 'CLASSIFY_STEP_RETRIES', 2, 0, 10) + 1,
    dedupe: flagFromEnv(env, 'CLASSIFY_DEDUPE', true),
    cache: flagFromEnv(env, 'CLASSIFY_CACHE', true),
    replica_id: env.CLASSIFY_REPLICA_ID?.trim() || hostname(),
    lease_ms: intFromEnv(env, 'CLASSIFY_LEASE_MS', 30_000, 1_000, 3_600_000),
  }
}
