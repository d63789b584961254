// What the pipeline and the API need from the settings, in their words. No schema here: the step processes map the
// settings handed down to them (handed.ts) without loading it.
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import type { LlmDelivery } from '../taxonomy/enums'
import type { Settings } from './schema'

export interface ServiceConfig {
  /** PostgreSQL shared by the replicas; null keeps SQLite at database_path. */
  database_url: string | null
  database_path: string
  /** Connections per process to PostgreSQL. */
  database_pool_max: number
  /** This replica's name in unit leases. */
  replica_id: string
  /** How long a unit stays held by a replica that stopped renewing its leases (it died). */
  lease_ms: number
  chunk_size: number
  max_batch: number
  /** Largest POST /classify/batch body after gzip inflation (CLASSIFY_MAX_BODY_MB). */
  max_body_bytes: number
  /** Attempts per unit and stage before its indicators are stored as failed (queue retries + 1). */
  stage_attempts: number
  /** Group indicators of one signature into one unit and ask the LLM once per signature (CLASSIFY_DEDUPE=0 turns it off). */
  dedupe: boolean
  /** Reuse LLM answers across batches (CLASSIFY_CACHE=0 turns it off; a request's refresh:true bypasses it). */
  cache: boolean
  /** How a batch that names no llm_delivery asks its LLM questions (LLM_DELIVERY). */
  llm_delivery: LlmDelivery
}

export function serviceConfigOf(s: Settings): ServiceConfig {
  return {
    database_url: s.DATABASE_URL ?? null,
    database_path: resolve(s.DATABASE_PATH),
    database_pool_max: s.DATABASE_POOL_MAX,
    replica_id: s.CLASSIFY_REPLICA_ID ?? hostname(),
    lease_ms: s.CLASSIFY_LEASE_MS,
    chunk_size: s.CLASSIFY_CHUNK_SIZE,
    max_batch: s.CLASSIFY_MAX_BATCH,
    max_body_bytes: Math.round(s.CLASSIFY_MAX_BODY_MB * 1024 * 1024),
    stage_attempts: s.CLASSIFY_STEP_RETRIES + 1,
    dedupe: s.CLASSIFY_DEDUPE,
    cache: s.CLASSIFY_CACHE,
    llm_delivery: s.LLM_DELIVERY,
  }
}
