// What the pipeline and the API need from the settings, in their words.
import { resolve } from 'node:path'
import type { LlmDelivery } from '../taxonomy/enums'
import { settingsOf, type Env } from './load'

export interface ServiceConfig {
  database_path: string
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

export function loadServiceConfig(env?: Env): ServiceConfig {
  const s = settingsOf(env)
  return {
    database_path: resolve(s.DATABASE_PATH),
    chunk_size: s.CLASSIFY_CHUNK_SIZE,
    max_batch: s.CLASSIFY_MAX_BATCH,
    max_body_bytes: Math.round(s.CLASSIFY_MAX_BODY_MB * 1024 * 1024),
    stage_attempts: s.CLASSIFY_STEP_RETRIES + 1,
    dedupe: s.CLASSIFY_DEDUPE,
    cache: s.CLASSIFY_CACHE,
    llm_delivery: s.LLM_DELIVERY,
  }
}
