import { CLASSIFICATION_CHECKS } from '../../taxonomy/index'
import { MIGRATIONS } from '../migrations'

// The versions of ../migrations.ts in PostgreSQL's dialect: same numbers and names, same tables and columns (text
// timestamps, 0/1 booleans, DOUBLE PRECISION for REAL, BIGINT for epoch milliseconds), so both stores hold the same
// data the same way. Append-only like the SQLite list; a version added there is added here (a missing one throws).
const SQL: Record<number, string> = {
  1: `
    CREATE TABLE batches (
      batch_id TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('queued','running','completed','partial','failed')),
      total INTEGER NOT NULL,
      unit_count INTEGER NOT NULL,
      chunk_size INTEGER NOT NULL,
      provider TEXT NOT NULL,
      mode TEXT NOT NULL,
      refresh INTEGER NOT NULL DEFAULT 0,
      trace_id TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    );
    CREATE TABLE indicators (
      batch_id TEXT NOT NULL REFERENCES batches(batch_id),
      indicator_id TEXT NOT NULL,
      unit_no INTEGER NOT NULL,
      position INTEGER NOT NULL,
      input_json TEXT NOT NULL,
      PRIMARY KEY (batch_id, indicator_id)
    );
    CREATE INDEX indicators_unit ON indicators(batch_id, unit_no, position);
    CREATE INDEX indicators_by_id ON indicators(indicator_id);
    CREATE TABLE units (
      batch_id TEXT NOT NULL REFERENCES batches(batch_id),
      unit_no INTEGER NOT NULL,
      size INTEGER NOT NULL,
      join_claimed_by TEXT,
      join_emitted_at TEXT,
      completed_at TEXT,
      PRIMARY KEY (batch_id, unit_no)
    );
    CREATE TABLE stage_results (
      batch_id TEXT NOT NULL,
      indicator_id TEXT NOT NULL,
      stage TEXT NOT NULL,
      result_json TEXT,
      error TEXT,
      confidence DOUBLE PRECISION,
      created_at TEXT NOT NULL,
      PRIMARY KEY (batch_id, indicator_id, stage)
    );
    CREATE TABLE classifications (
      batch_id TEXT NOT NULL,
      indicator_id TEXT NOT NULL,
      name TEXT NOT NULL,
      units TEXT,
      status TEXT NOT NULL CHECK (status IN ('completed','failed')),
      error TEXT,
      family TEXT,
      indicator_type TEXT,
      temporal_aggregation TEXT,
      heat_map_orientation TEXT,
      is_currency_denominated INTEGER,
      detected_currency TEXT,
      scale TEXT,
      scale_multiplier DOUBLE PRECISION,
      parsed_unit_type TEXT,
      reporting_frequency TEXT,
      time_basis TEXT,
      is_cumulative INTEGER,
      cumulative_pattern TEXT,
      confidence DOUBLE PRECISION,
      stage_confidence TEXT,
      reasoning TEXT,
      review_status TEXT,
      corrections TEXT,
      source TEXT,
      provider TEXT,
      model TEXT,
      prompt_version TEXT,
      created_at TEXT NOT NULL,
      -- SQLite's rowid: the latest-classification tiebreak between rows of one millisecond.
      row_no BIGSERIAL,
      PRIMARY KEY (batch_id, indicator_id)
    );
    CREATE INDEX classifications_by_id ON classifications(indicator_id, created_at);
    CREATE TABLE stage_log (
      id BIGSERIAL PRIMARY KEY,
      batch_id TEXT NOT NULL,
      unit_no INTEGER NOT NULL,
      stage TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('started','ok','error','gave-up')),
      items INTEGER NOT NULL,
      failed_items INTEGER NOT NULL DEFAULT 0,
      duration_ms DOUBLE PRECISION,
      error TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX stage_log_unit ON stage_log(batch_id, unit_no, stage);
  `,
  2: `
    ALTER TABLE batches ADD COLUMN llm_provider TEXT;
    CREATE TABLE llm_calls (
      id BIGSERIAL PRIMARY KEY,
      batch_id TEXT NOT NULL,
      unit_no INTEGER NOT NULL,
      stage TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      items INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      latency_ms DOUBLE PRECISION NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL,
      error TEXT,
      cost_usd DOUBLE PRECISION NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX llm_calls_batch ON llm_calls(batch_id, stage);
  `,
  // The request and token buckets live in rate-limiter-flexible's table llm_rate_limits (its own layout, created here
  // once rather than by each process racing to); llm_limits keeps the shared 429 pause and the learned limits.
  3: `
    CREATE TABLE llm_cache (
      cache_key TEXT PRIMARY KEY,
      stage TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      prompt_version TEXT NOT NULL,
      answer_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE llm_limits (
      provider TEXT PRIMARY KEY,
      request_budget DOUBLE PRECISION NOT NULL,
      token_budget DOUBLE PRECISION NOT NULL,
      updated_ms BIGINT NOT NULL,
      paused_until_ms BIGINT NOT NULL DEFAULT 0,
      rate_factor DOUBLE PRECISION NOT NULL DEFAULT 1
    );
    CREATE TABLE llm_leases (
      lease_id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      expires_ms BIGINT NOT NULL
    );
    CREATE TABLE llm_rate_limits (
      key VARCHAR(255) PRIMARY KEY,
      points INTEGER NOT NULL DEFAULT 0,
      expire BIGINT
    );
    ALTER TABLE units ADD COLUMN attempts_since TEXT;
  `,
  // PostgreSQL adds CHECKs in place; SQLite has to rebuild the table.
  4: CLASSIFICATION_CHECKS.map((check) => `ALTER TABLE classifications ADD ${check};`).join('\n'),
  5: `
    CREATE INDEX indicators_position ON indicators(batch_id, position);
    CREATE INDEX batches_newest ON batches(created_at, batch_id);
  `,
  6: `
    ALTER TABLE llm_calls ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE llm_calls ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
  `,
  7: `
    ALTER TABLE llm_limits ADD COLUMN learned_rpm DOUBLE PRECISION NOT NULL DEFAULT 0;
    ALTER TABLE llm_limits ADD COLUMN learned_tpm DOUBLE PRECISION NOT NULL DEFAULT 0;
  `,
  8: `
    ALTER TABLE units ADD COLUMN lease_owner TEXT;
    ALTER TABLE units ADD COLUMN lease_expires_ms BIGINT;
    CREATE TABLE stage_runs (
      batch_id TEXT NOT NULL,
      unit_no INTEGER NOT NULL,
      stage TEXT NOT NULL,
      owner TEXT NOT NULL,
      run_id TEXT NOT NULL,
      expires_ms BIGINT NOT NULL,
      PRIMARY KEY (batch_id, unit_no, stage)
    );
    CREATE TABLE replicas (
      replica_id TEXT PRIMARY KEY,
      expires_ms BIGINT NOT NULL
    );
  `,
  9: `
    ALTER TABLE batches ADD COLUMN llm_delivery TEXT NOT NULL DEFAULT 'sync' CHECK (llm_delivery IN ('sync','batch'));
    CREATE TABLE provider_batches (
      provider_batch_id TEXT PRIMARY KEY,
      batch_id TEXT NOT NULL REFERENCES batches(batch_id),
      unit_no INTEGER NOT NULL,
      stage TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      requests_json TEXT NOT NULL,
      replies_json TEXT,
      provider_status TEXT,
      claimed_at TEXT NOT NULL,
      submitted_at TEXT,
      ended_at TEXT
    );
    CREATE INDEX provider_batches_unit ON provider_batches(batch_id, unit_no, stage);
    CREATE INDEX provider_batches_open ON provider_batches(ended_at, claimed_at);
    CREATE UNIQUE INDEX provider_batches_one_open ON provider_batches(batch_id, unit_no, stage) WHERE ended_at IS NULL;
    ALTER TABLE stage_log DROP CONSTRAINT stage_log_status_check;
    ALTER TABLE stage_log ADD CONSTRAINT stage_log_status_check
      CHECK (status IN ('started','ok','error','gave-up','waiting'));
  `,
}

export const PG_MIGRATIONS = MIGRATIONS.map(({ version, name }) => {
  const sql = SQL[version]
  if (sql === undefined) throw new Error(`migration ${version} (${name}) has no PostgreSQL translation`)
  return { version, name, sql }
})
