import assert from 'node:assert/strict'
import { test } from 'node:test'
import { speedUps, targetLines } from '../../bench/report'
import { PROVIDER, providerBound, type RunResult } from '../../bench/runner'

test('the provider-limit bound is tokens used (prompt + completion) ÷ TPM or admitted calls ÷ RPM, whichever is larger', () => {
  const tokens = providerBound(10, PROVIDER.tpm / 2, PROVIDER.tpm / 2, 90)
  assert.equal(tokens.by, 'tokens')
  assert.equal(tokens.seconds, 60)
  assert.equal(tokens.seconds_input_tokens, 30)
  assert.equal(tokens.ratio, 1.5)
  const calls = providerBound(PROVIDER.rpm * 2, 10, 10, 120)
  assert.equal(calls.by, 'calls')
  assert.equal(calls.seconds, 120)
  assert.equal(calls.ratio, 1)
  assert.equal(providerBound(0, 0, 0, 5).by, 'none')
})

function run(over: Partial<RunResult>): RunResult {
  return {
    dataset: 'realistic',
    variant: 'hybrid',
    mode: 'hybrid',
    indicators: 10_000,
    batches: 1,
    env: {},
    status: 'completed',
    wall_s: 50,
    post_s: 1,
    indicators_per_min: 12_000,
    completed: 10_000,
    failed: 0,
    lost: 0,
    unfinished: 0,
    duplicated: 0,
    llm: {
      calls: 10,
      input_tokens: 50_000,
      cached_input_tokens: 0,
      output_tokens: 9_000,
      tokens_per_indicator: 5.9,
      per_indicator: { prompt: 5, cached: 0, completion: 0.9 },
      cost_per_1k_at: { list: 0, cached: 0, batch: 0 },
      cost_usd: 0,
      cost_per_1k_usd: 0,
      cost_recomputed_usd: 0,
      retries: 0,
    },
    provider: {
      requests: 10,
      rate_limited: 0,
      rate_limited_share: 0,
      batch_requests: 0,
      server_errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      max_in_flight: 1,
      by_status: {},
    },
    bound: providerBound(10, 50_000, 9_000, 50),
    memory: { main_mb: 200, total_mb: 600, max_processes: 10, samples: 100 },
    deployment: { database: 'sqlite', replicas: 1 },
    cpu: {
      replicas_s: [40],
      replicas_total_s: 40,
      ms_per_indicator: 4,
      startup_s: [5],
      database_s: null,
      redis_s: null,
    },
    database: null,
    poll_errors: 0,
    service_errors: { count: 0, sample: [] },
    ...over,
  }
}

test('a kill -9 run is judged on the crash (complete, nothing lost, duplicated or redone), not on the speed targets', () => {
  const killed = run({
    wall_s: 200,
    kill: { at_s: 20, finished_before: 5_000, stage_runs_before: '14/28', restart_s: 8, stage_runs_redone: 1 },
  })
  const lines = targetLines([killed, run({})])
  assert.ok(lines.includes('PASS  realistic 10k hybrid ≤ 120 s: 50 s'), lines.join('\n'))
  assert.ok(
    lines.some(
      (l) =>
        l.startsWith('MISS  kill -9 and restart (realistic 10,000 hybrid)') &&
        l.includes('1 finished stage runs redone'),
    ),
    lines.join('\n'),
  )
  assert.ok(
    targetLines([
      run({
        kill: { at_s: 20, finished_before: 5_000, stage_runs_before: '14/28', restart_s: 8, stage_runs_redone: 0 },
      }),
    ]).some((l) => l.startsWith('PASS  kill -9')),
  )
  const baseline = run({ variant: 'baseline', mode: 'llm', indicators: 100, indicators_per_min: 6 })
  assert.deepEqual(
    speedUps([baseline, killed, run({})]).map((s) => s.speedup),
    [2_000],
  )
})
