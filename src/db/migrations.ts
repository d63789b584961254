import { CLASSIFICATION_CHECKS } from '../taxonomy/sql-checks'
import { col, notNull, type Index, type Migration, type Table } from './schema'

// Append-only: a released migration is never edited, a change is a new version (tests/unit/migrations-schema.test.ts
// holds the schema each version leaves). Declared once for both stores: sqlite/migrations.ts and
// postgres/migrations.ts print it. Value lists are written out here, not taken from src/taxonomy: a released version
// must not change when the taxonomy does (its CHECKs change through a new migration, see tests/unit/taxonomy-sql.test.ts).

const classifications: Table = {
  name: 'classifications',
  columns: [
    notNull('batch_id', 'text'),
    notNull('indicator_id', 'text'),
    notNull('name', 'text'),
    col('units', 'text'),
    notNull('status', 'text', { oneOf: ['completed', 'failed'] }),
    col('error', 'text'),
    col('family', 'text'),
    col('indicator_type', 'text'),
    col('temporal_aggregation', 'text'),
    col('heat_map_orientation', 'text'),
    col('is_currency_denominated', 'integer'),
    col('detected_currency', 'text'),
    col('scale', 'text'),
    col('scale_multiplier', 'real'),
    col('parsed_unit_type', 'text'),
    col('reporting_frequency', 'text'),
    col('time_basis', 'text'),
    col('is_cumulative', 'integer'),
    col('cumulative_pattern', 'text'),
    col('confidence', 'real'),
    col('stage_confidence', 'text'),
    col('reasoning', 'text'),
    col('review_status', 'text'),
    col('corrections', 'text'),
    col('source', 'text'),
    col('provider', 'text'),
    col('model', 'text'),
    col('prompt_version', 'text'),
    notNull('created_at', 'text'),
    // The latest-classification tiebreak between rows of one millisecond.
    col('row_no', 'row_no'),
  ],
  primaryKey: ['batch_id', 'indicator_id'],
}
const classificationsById: Index = {
  name: 'classifications_by_id',
  table: 'classifications',
  columns: ['indicator_id', 'created_at'],
}

const stageLog = (statuses: readonly string[]): Table => ({
  name: 'stage_log',
  columns: [
    col('id', 'id'),
    notNull('batch_id', 'text'),
    notNull('unit_no', 'integer'),
    notNull('stage', 'text'),
    notNull('attempt', 'integer'),
    notNull('status', 'text', { oneOf: statuses }),
    notNull('items', 'integer'),
    notNull('failed_items', 'integer', { default: '0' }),
    col('duration_ms', 'real'),
    col('error', 'text'),
    notNull('created_at', 'text'),
  ],
})
const stageLogUnit: Index = { name: 'stage_log_unit', table: 'stage_log', columns: ['batch_id', 'unit_no', 'stage'] }

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'batches, indicators, units, stage results, classifications, stage log',
    steps: [
      {
        create: {
          name: 'batches',
          columns: [
            col('batch_id', 'text', { primaryKey: true }),
            notNull('status', 'text', { oneOf: ['queued', 'running', 'completed', 'partial', 'failed'] }),
            notNull('total', 'integer'),
            notNull('unit_count', 'integer'),
            notNull('chunk_size', 'integer'),
            notNull('provider', 'text'),
            notNull('mode', 'text'),
            notNull('refresh', 'integer', { default: '0' }),
            col('trace_id', 'text'),
            notNull('created_at', 'text'),
            col('started_at', 'text'),
            col('finished_at', 'text'),
          ],
        },
      },
      {
        create: {
          name: 'indicators',
          columns: [
            notNull('batch_id', 'text', { references: 'batches(batch_id)' }),
            notNull('indicator_id', 'text'),
            notNull('unit_no', 'integer'),
            notNull('position', 'integer'),
            notNull('input_json', 'text'),
          ],
          primaryKey: ['batch_id', 'indicator_id'],
        },
      },
      { index: { name: 'indicators_unit', table: 'indicators', columns: ['batch_id', 'unit_no', 'position'] } },
      { index: { name: 'indicators_by_id', table: 'indicators', columns: ['indicator_id'] } },
      {
        create: {
          name: 'units',
          columns: [
            notNull('batch_id', 'text', { references: 'batches(batch_id)' }),
            notNull('unit_no', 'integer'),
            notNull('size', 'integer'),
            col('join_claimed_by', 'text'),
            col('join_emitted_at', 'text'),
            col('completed_at', 'text'),
          ],
          primaryKey: ['batch_id', 'unit_no'],
        },
      },
      {
        create: {
          name: 'stage_results',
          columns: [
            notNull('batch_id', 'text'),
            notNull('indicator_id', 'text'),
            notNull('stage', 'text'),
            col('result_json', 'text'),
            col('error', 'text'),
            col('confidence', 'real'),
            notNull('created_at', 'text'),
          ],
          primaryKey: ['batch_id', 'indicator_id', 'stage'],
        },
      },
      { create: classifications },
      { index: classificationsById },
      { create: stageLog(['started', 'ok', 'error', 'gave-up']) },
      { index: stageLogUnit },
    ],
  },
  {
    version: 2,
    name: 'llm provider override per batch, llm call accounting',
    steps: [
      { addColumn: col('llm_provider', 'text'), to: 'batches' },
      {
        create: {
          name: 'llm_calls',
          columns: [
            col('id', 'id'),
            notNull('batch_id', 'text'),
            notNull('unit_no', 'integer'),
            notNull('stage', 'text'),
            notNull('provider', 'text'),
            notNull('model', 'text'),
            notNull('items', 'integer'),
            notNull('input_tokens', 'integer'),
            notNull('output_tokens', 'integer'),
            notNull('latency_ms', 'real'),
            notNull('attempt', 'integer'),
            notNull('status', 'text'),
            col('error', 'text'),
            notNull('cost_usd', 'real'),
            notNull('created_at', 'text'),
          ],
        },
      },
      { index: { name: 'llm_calls_batch', table: 'llm_calls', columns: ['batch_id', 'stage'] } },
    ],
  },
  {
    version: 3,
    name: 'llm answer cache, shared provider limits, retry reset point',
    steps: [
      {
        create: {
          name: 'llm_cache',
          columns: [
            col('cache_key', 'text', { primaryKey: true }),
            notNull('stage', 'text'),
            notNull('provider', 'text'),
            notNull('model', 'text'),
            notNull('prompt_version', 'text'),
            notNull('answer_json', 'text'),
            notNull('created_at', 'text'),
          ],
        },
      },
      {
        create: {
          name: 'llm_limits',
          columns: [
            col('provider', 'text', { primaryKey: true }),
            notNull('request_budget', 'real'),
            notNull('token_budget', 'real'),
            notNull('updated_ms', 'millis'),
            notNull('paused_until_ms', 'millis', { default: '0' }),
            notNull('rate_factor', 'real', { default: '1' }),
          ],
        },
      },
      {
        create: {
          name: 'llm_leases',
          columns: [
            col('lease_id', 'text', { primaryKey: true }),
            notNull('provider', 'text'),
            notNull('expires_ms', 'millis'),
          ],
        },
      },
      // PostgreSQL's request and token buckets live in rate-limiter-flexible's table (its own layout, created here once
      // rather than by each process racing to); llm_limits keeps the shared 429 pause and the learned limits.
      {
        only: 'postgres',
        sql: 'CREATE TABLE llm_rate_limits (key VARCHAR(255) PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire BIGINT)',
      },
      { addColumn: col('attempts_since', 'text'), to: 'units' },
    ],
  },
  {
    version: 4,
    name: 'classifications: CHECK every taxonomy column',
    // SQLite rebuilds the table keeping every row and the rows' order (the latest-classification tiebreak is rowid
    // order). A taxonomy change appends another such migration (tests/unit/taxonomy-sql.test.ts).
    steps: [{ addChecks: CLASSIFICATION_CHECKS, to: classifications, indexes: [classificationsById] }],
  },
  {
    version: 5,
    name: 'indexes for paged results and the list of batches',
    steps: [
      { index: { name: 'indicators_position', table: 'indicators', columns: ['batch_id', 'position'] } },
      { index: { name: 'batches_newest', table: 'batches', columns: ['created_at', 'batch_id'] } },
    ],
  },
  {
    version: 6,
    name: 'llm calls: prompt tokens read from and written to the provider prompt cache',
    steps: [
      { addColumn: notNull('cached_input_tokens', 'integer', { default: '0' }), to: 'llm_calls' },
      { addColumn: notNull('cache_write_tokens', 'integer', { default: '0' }), to: 'llm_calls' },
    ],
  },
  {
    version: 7,
    name: "llm limits learned from the providers' rate-limit headers",
    steps: [
      { addColumn: notNull('learned_rpm', 'real', { default: '0' }), to: 'llm_limits' },
      { addColumn: notNull('learned_tpm', 'real', { default: '0' }), to: 'llm_limits' },
    ],
  },
  {
    version: 8,
    name: 'leases: the replica holding a unit, the run of a stage in progress, the replicas alive, each until it expires',
    steps: [
      { addColumn: col('lease_owner', 'text'), to: 'units' },
      { addColumn: col('lease_expires_ms', 'millis'), to: 'units' },
      {
        create: {
          name: 'stage_runs',
          columns: [
            notNull('batch_id', 'text'),
            notNull('unit_no', 'integer'),
            notNull('stage', 'text'),
            notNull('owner', 'text'),
            notNull('run_id', 'text'),
            notNull('expires_ms', 'millis'),
          ],
          primaryKey: ['batch_id', 'unit_no', 'stage'],
        },
      },
      {
        create: {
          name: 'replicas',
          columns: [col('replica_id', 'text', { primaryKey: true }), notNull('expires_ms', 'millis')],
        },
      },
    ],
  },
  {
    version: 9,
    name: 'provider batch delivery: the delivery per batch, provider batches with what they asked and got back',
    // One open provider batch per unit's stage: a run claims it before submitting, so two runs never both submit.
    steps: [
      { addColumn: notNull('llm_delivery', 'text', { default: "'sync'", oneOf: ['sync', 'batch'] }), to: 'batches' },
      {
        create: {
          name: 'provider_batches',
          columns: [
            col('provider_batch_id', 'text', { primaryKey: true }),
            notNull('batch_id', 'text', { references: 'batches(batch_id)' }),
            notNull('unit_no', 'integer'),
            notNull('stage', 'text'),
            notNull('provider', 'text'),
            notNull('model', 'text'),
            notNull('requests_json', 'text'),
            col('replies_json', 'text'),
            col('provider_status', 'text'),
            notNull('claimed_at', 'text'),
            col('submitted_at', 'text'),
            col('ended_at', 'text'),
          ],
        },
      },
      {
        index: { name: 'provider_batches_unit', table: 'provider_batches', columns: ['batch_id', 'unit_no', 'stage'] },
      },
      { index: { name: 'provider_batches_open', table: 'provider_batches', columns: ['ended_at', 'claimed_at'] } },
      {
        index: {
          name: 'provider_batches_one_open',
          table: 'provider_batches',
          columns: ['batch_id', 'unit_no', 'stage'],
          unique: true,
          where: 'ended_at IS NULL',
        },
      },
      { recheck: 'status', of: stageLog(['started', 'ok', 'error', 'gave-up', 'waiting']), indexes: [stageLogUnit] },
    ],
  },
  {
    version: 10,
    name: "llm limits: the shared limiter's admissions over a sliding minute replace its buckets",
    // Each admitted call is a row: when it went out (then when it ended), its tokens, and its slot until it ends (calls in
    // flight, which llm_leases held). SQLite's bucket columns and PostgreSQL's rate-limiter-flexible table go with the buckets.
    steps: [
      {
        create: {
          name: 'llm_admissions',
          columns: [
            col('lease_id', 'text', { primaryKey: true }),
            notNull('provider', 'text'),
            notNull('at_ms', 'millis'),
            notNull('tokens', 'real'),
            col('lease_expires_ms', 'millis'),
          ],
        },
      },
      { index: { name: 'llm_admissions_provider', table: 'llm_admissions', columns: ['provider', 'at_ms'] } },
      { dropTable: 'llm_leases' },
      { only: 'postgres', sql: 'DROP TABLE llm_rate_limits' },
      ...['request_budget', 'token_budget', 'updated_ms', 'rate_factor'].map((column) => ({
        dropColumn: column,
        from: 'llm_limits',
      })),
    ],
  },
]
