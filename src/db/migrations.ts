import { CLASSIFICATION_CHECKS } from '../taxonomy/index'

// Append-only: a released migration is never edited, a change is a new version. PostgreSQL has the same versions in
// its dialect (postgres/migrations.ts).
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'batches, indicators, units, stage results, classifications, stage log',
    sql: `
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
        confidence REAL,
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
        scale_multiplier REAL,
        parsed_unit_type TEXT,
        reporting_frequency TEXT,
        time_basis TEXT,
        is_cumulative INTEGER,
        cumulative_pattern TEXT,
        confidence REAL,
        stage_confidence TEXT,
        reasoning TEXT,
        review_status TEXT,
        corrections TEXT,
        source TEXT,
        provider TEXT,
        model TEXT,
        prompt_version TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (batch_id, indicator_id)
      );
      CREATE INDEX classifications_by_id ON classifications(indicator_id, created_at);
      CREATE TABLE stage_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id TEXT NOT NULL,
        unit_no INTEGER NOT NULL,
        stage TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('started','ok','error','gave-up')),
        items INTEGER NOT NULL,
        failed_items INTEGER NOT NULL DEFAULT 0,
        duration_ms REAL,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX stage_log_unit ON stage_log(batch_id, unit_no, stage);
    `,
  },
  {
    version: 2,
    name: 'llm provider override per batch, llm call accounting',
    sql: `
      ALTER TABLE batches ADD COLUMN llm_provider TEXT;
      CREATE TABLE llm_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id TEXT NOT NULL,
        unit_no INTEGER NOT NULL,
        stage TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        items INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        cost_usd REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX llm_calls_batch ON llm_calls(batch_id, stage);
    `,
  },
  {
    version: 3,
    name: 'llm answer cache, shared provider limits, retry reset point',
    sql: `
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
        request_budget REAL NOT NULL,
        token_budget REAL NOT NULL,
        updated_ms INTEGER NOT NULL,
        paused_until_ms INTEGER NOT NULL DEFAULT 0,
        rate_factor REAL NOT NULL DEFAULT 1
      );
      CREATE TABLE llm_leases (
        lease_id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      );
      ALTER TABLE units ADD COLUMN attempts_since TEXT;
    `,
  },
  {
    version: 4,
    name: 'classifications: CHECK every taxonomy column',
    // SQLite cannot add a CHECK to a table: rebuild it with the same columns in the same order, keeping every row and
    // the rows' order (the latest-classification tiebreak is rowid order).
    // The checks come from src/taxonomy; a taxonomy change appends another rebuild (tests/unit/taxonomy-sql.test.ts).
    sql: `
      CREATE TABLE classifications_checked (
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
        scale_multiplier REAL,
        parsed_unit_type TEXT,
        reporting_frequency TEXT,
        time_basis TEXT,
        is_cumulative INTEGER,
        cumulative_pattern TEXT,
        confidence REAL,
        stage_confidence TEXT,
        reasoning TEXT,
        review_status TEXT,
        corrections TEXT,
        source TEXT,
        provider TEXT,
        model TEXT,
        prompt_version TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (batch_id, indicator_id),
        ${CLASSIFICATION_CHECKS.join(',\n        ')}
      );
      INSERT INTO classifications_checked SELECT * FROM classifications ORDER BY rowid;
      DROP TABLE classifications;
      ALTER TABLE classifications_checked RENAME TO classifications;
      CREATE INDEX classifications_by_id ON classifications(indicator_id, created_at);
    `,
  },
  {
    version: 5,
    name: 'indexes for paged results and the list of batches',
    sql: `
      CREATE INDEX indicators_position ON indicators(batch_id, position);
      CREATE INDEX batches_newest ON batches(created_at, batch_id);
    `,
  },
  {
    version: 6,
    name: 'llm calls: prompt tokens read from and written to the provider prompt cache',
    sql: `
      ALTER TABLE llm_calls ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE llm_calls ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 7,
    name: "llm limits learned from the providers' rate-limit headers",
    sql: `
      ALTER TABLE llm_limits ADD COLUMN learned_rpm REAL NOT NULL DEFAULT 0;
      ALTER TABLE llm_limits ADD COLUMN learned_tpm REAL NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 8,
    name: 'leases: the replica holding a unit, the run of a stage in progress, the replicas alive, each until it expires',
    sql: `
      ALTER TABLE units ADD COLUMN lease_owner TEXT;
      ALTER TABLE units ADD COLUMN lease_expires_ms INTEGER;
      CREATE TABLE stage_runs (
        batch_id TEXT NOT NULL,
        unit_no INTEGER NOT NULL,
        stage TEXT NOT NULL,
        owner TEXT NOT NULL,
        run_id TEXT NOT NULL,
        expires_ms INTEGER NOT NULL,
        PRIMARY KEY (batch_id, unit_no, stage)
      );
      CREATE TABLE replicas (
        replica_id TEXT PRIMARY KEY,
        expires_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'provider batch delivery: the delivery per batch, provider batches with what they asked and got back',
    // One open provider batch per unit's stage: a run claims it before submitting, so two runs never both submit.
    // stage_log is rebuilt (same columns, same rows in the same order) because its status CHECK gains 'waiting'.
    sql: `
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
      CREATE TABLE stage_log_waiting (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id TEXT NOT NULL,
        unit_no INTEGER NOT NULL,
        stage TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('started','ok','error','gave-up','waiting')),
        items INTEGER NOT NULL,
        failed_items INTEGER NOT NULL DEFAULT 0,
        duration_ms REAL,
        error TEXT,
        created_at TEXT NOT NULL
      );
      INSERT INTO stage_log_waiting SELECT * FROM stage_log ORDER BY id;
      DROP TABLE stage_log;
      ALTER TABLE stage_log_waiting RENAME TO stage_log;
      CREATE INDEX stage_log_unit ON stage_log(batch_id, unit_no, stage);
    `,
  },
]
