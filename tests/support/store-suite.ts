import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import {
  BATCH_RESULT_FIELDS,
  type ClassificationRow,
  type ResultPageQuery,
  type LlmCallRow,
  type NewBatch,
  type StageOutcome,
  type Store,
  type UnitRef,
} from '../../src/db/store'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { classificationSchema } from '../../src/taxonomy/index'

/** A fresh, empty database behind a store, and a way to open a second store on it as another process would. */
export type OpenStore = () => Promise<{ store: Store; connect(): Promise<Store> }>

const BRANCHES = ['time', 'scale', 'currency'] as const

const indicators: IndicatorInput[] = [
  { indicator_id: 'A', name: 'GDP', units: 'USD Billion', periodicity: 'Quarterly' },
  { indicator_id: 'B', name: 'Inflation Rate YoY', units: '%', periodicity: 'Monthly' },
  { indicator_id: 'C', name: 'Manufacturing PMI', units: 'points', periodicity: 'Monthly' },
  { indicator_id: 'D', name: 'Unemployment Rate', units: '%', periodicity: 'Monthly' },
]

/** The fields of a real final row (GDP by the rules), so that CHECK constraints on taxonomy columns accept them. */
const GDP_FIELDS = {
  family: 'physical-fundamental',
  indicator_type: 'flow',
  temporal_aggregation: 'period-total',
  heat_map_orientation: 'higher-is-positive',
  is_currency_denominated: true,
  detected_currency: 'USD',
  scale: 'billions',
  scale_multiplier: 1_000_000_000,
  parsed_unit_type: 'currency-amount',
  reporting_frequency: 'quarterly',
  time_basis: 'per-period',
  is_cumulative: false,
  cumulative_pattern: 'none',
  confidence: 0.6,
  stage_confidence: { normalize: 0.95, family: 0.75, type: 0.6 },
  reasoning: 'an amount of money over a period',
  review_status: 'flagged',
  corrections: [{ field: 'scale', from: 'millions', to: 'billions' }],
  source: 'rules',
  provider: 'rules',
  model: null,
  prompt_version: null,
}

function newBatch(batch_id: string, overrides: Partial<NewBatch> = {}): NewBatch {
  // Units need not be contiguous runs of positions: de-duplication groups indicators by signature.
  return {
    batch_id,
    provider: 'rules',
    llm_provider: null,
    mode: 'rules',
    chunk_size: 2,
    refresh: false,
    trace_id: 't-1',
    indicators,
    unit_of: [1, 0, 1, 0],
    ...overrides,
  }
}

/** All four indicators in unit 0 (the unit count follows from the chunk size). */
const ONE_UNIT = { chunk_size: 4, unit_of: [0, 0, 0, 0] }
const ok = (result: unknown, confidence: number | null = 0.9): StageOutcome => ({ ok: true, result, confidence })
const outcomes = (entries: [string, StageOutcome][]) => new Map(entries)
const logEntry = (attempt: number, status: 'ok' | 'error' | 'gave-up' = 'ok') => ({
  attempt,
  status,
  items: 2,
  failed_items: 0,
  duration_ms: 12.5,
})
const completed = (id: string): ClassificationRow => {
  const input = indicators.find((i) => i.indicator_id === id)!
  return {
    indicator_id: id,
    name: input.name,
    units: input.units ?? null,
    status: 'completed',
    error: null,
    fields: GDP_FIELDS,
  }
}
const failed = (id: string): ClassificationRow => {
  const input = indicators.find((i) => i.indicator_id === id)!
  return {
    indicator_id: id,
    name: input.name,
    units: input.units ?? null,
    status: 'failed',
    error: 'family failed after 3 attempts',
    fields: null,
  }
}
const unit = (batch_id: string, unit_no: number): UnitRef => ({ batch_id, unit_no })
const tick = () => new Promise((resolve) => setTimeout(resolve, 2))

/** Stores every branch outcome of a unit's indicators, so its join may be claimed. */
async function finishBranches(store: Store, ref: UnitRef, ids: string[]) {
  for (const stage of BRANCHES)
    await store.stages.endAttempt(ref, stage, logEntry(1), outcomes(ids.map((id) => [id, ok({ stage })])))
}

/** Every method of the Store interface, against one implementation. Run it once per implementation. */
export function storeSuite(name: string, open: OpenStore): void {
  async function fresh(t: TestContext) {
    const opened = await open()
    const stores = [opened.store]
    t.after(async () => {
      for (const store of stores) await store.close()
    })
    return {
      store: opened.store,
      connect: async () => {
        const other = await opened.connect()
        stores.push(other)
        return other
      },
    }
  }

  describe(`store: ${name}`, () => {
    test('batches: insert stores the batch, its indicators and its units; get reads it back', async (t) => {
      const { store } = await fresh(t)
      assert.equal(await store.batches.get('b'), undefined)
      assert.equal(
        await store.batches.insert(newBatch('b', { llm_provider: 'openai', mode: 'hybrid', refresh: true })),
        2,
      )
      const row = await store.batches.get('b')
      assert.ok(row)
      assert.deepEqual(
        { ...row, created_at: typeof row.created_at },
        {
          batch_id: 'b',
          status: 'queued',
          total: 4,
          unit_count: 2,
          chunk_size: 2,
          provider: 'rules',
          llm_provider: 'openai',
          mode: 'hybrid',
          refresh: 1,
          llm_delivery: 'sync',
          trace_id: 't-1',
          created_at: 'string',
          started_at: null,
          finished_at: null,
        },
      )
      assert.ok(Number.isFinite(Date.parse(row.created_at)))
      assert.deepEqual(await store.batches.unitInputs(unit('b', 0)), [indicators[1], indicators[3]])
      assert.deepEqual(await store.batches.unitInputs(unit('b', 1)), [indicators[0], indicators[2]])
      assert.deepEqual(await store.batches.unitInputs(unit('b', 2)), [])
      assert.equal(await store.batches.indicatorKnown('C'), true)
      assert.equal(await store.batches.indicatorKnown('Z'), false)
    })

    test('batches: insert is all or nothing, and a known batch_id is refused', async (t) => {
      const { store } = await fresh(t)
      const duplicated = [...indicators, { indicator_id: 'A', name: 'again' }]
      await assert.rejects(store.batches.insert(newBatch('dup', { indicators: duplicated, unit_of: [0, 0, 1, 1, 2] })))
      assert.equal(await store.batches.get('dup'), undefined)
      assert.equal(await store.batches.indicatorKnown('A'), false)
      assert.deepEqual(await store.batches.unfinishedUnits(), [])

      await store.batches.insert(newBatch('b'))
      await assert.rejects(
        store.batches.insert(newBatch('b', { indicators: [{ indicator_id: 'X', name: 'other' }], unit_of: [0] })),
      )
      assert.equal((await store.batches.get('b'))?.total, 4)
      assert.equal(await store.batches.indicatorKnown('X'), false)
    })

    test('batches: markRunning moves a queued batch to running once and leaves a finished one alone', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b', ONE_UNIT))
      await store.batches.markRunning('b')
      const first = await store.batches.get('b')
      assert.equal(first?.status, 'running')
      assert.ok(first?.started_at)
      await tick()
      await store.batches.markRunning('b')
      assert.equal((await store.batches.get('b'))?.started_at, first.started_at)
      await store.classifications.completeUnit(
        unit('b', 0),
        indicators.map((i) => completed(i.indicator_id)),
      )
      await store.batches.markRunning('b')
      assert.equal((await store.batches.get('b'))?.status, 'completed')
    })

    test('batches: unfinishedUnits reports per stage how many indicators of each open unit have an outcome', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b2'))
      await store.batches.insert(newBatch('b1'))
      const fresh0 = { batch_id: 'b1', unit_no: 0, size: 2, join_emitted: false, done: {} }
      assert.deepEqual(await store.batches.unfinishedUnits('b1'), [fresh0, { ...fresh0, unit_no: 1 }])
      assert.deepEqual(
        (await store.batches.unfinishedUnits()).map((u) => `${u.batch_id}/${u.unit_no}`),
        ['b1/0', 'b1/1', 'b2/0', 'b2/1'],
      )
      await store.stages.endAttempt(
        unit('b1', 0),
        'normalize',
        logEntry(1),
        outcomes([
          ['B', ok({})],
          ['D', { ok: false, error: 'bad units' }],
        ]),
      )
      await store.stages.endAttempt(unit('b1', 0), 'time', logEntry(1), outcomes([['B', ok({})]]))
      await store.joins.recordEmitted(unit('b1', 0))
      assert.deepEqual((await store.batches.unfinishedUnits('b1'))[0], {
        ...fresh0,
        join_emitted: true,
        done: { normalize: 2, time: 1 },
      })

      await store.classifications.completeUnit(unit('b1', 1), [completed('A'), completed('C')])
      assert.deepEqual(
        (await store.batches.unfinishedUnits('b1')).map((u) => u.unit_no),
        [0],
      )
      await store.classifications.completeUnit(unit('b1', 0), [completed('B'), completed('D')])
      assert.deepEqual(await store.batches.unfinishedUnits('b1'), [], 'a finished batch has no open units')
    })

    test('stages: outcomes round-trip, scoped to the unit and the stages asked for; endAttempt upserts', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      const ref = unit('b', 0)
      assert.deepEqual(await store.stages.outcomes(ref, []), new Map())
      await store.stages.endAttempt(
        ref,
        'normalize',
        logEntry(1),
        outcomes([
          ['B', ok({ unit: '%' }, 0.95)],
          ['D', ok({ unit: '%' }, null)],
        ]),
      )
      await store.stages.endAttempt(
        ref,
        'family',
        logEntry(1),
        outcomes([
          ['B', ok({ family: 'change-movement' })],
          ['D', { ok: false, error: 'no rule' }],
        ]),
      )
      await store.stages.endAttempt(unit('b', 1), 'normalize', logEntry(1), outcomes([['A', ok({ unit: 'USD' })]]))
      assert.deepEqual(
        await store.stages.outcomes(ref, ['normalize', 'family', 'type']),
        new Map([
          ['B', { normalize: ok({ unit: '%' }, 0.95), family: ok({ family: 'change-movement' }, 0.9) }],
          ['D', { normalize: ok({ unit: '%' }, null), family: { ok: false, error: 'no rule' } }],
        ]),
      )
      // A redelivered run rewrites the same rows.
      await store.stages.endAttempt(
        ref,
        'family',
        logEntry(2),
        outcomes([['D', ok({ family: 'numeric-measurement' }, 0.8)]]),
      )
      assert.deepEqual((await store.stages.outcomes(ref, ['family'])).get('D'), {
        family: ok({ family: 'numeric-measurement' }, 0.8),
      })
      assert.equal((await store.stages.trail('b', 'D')).filter((e) => e.stage === 'family').length, 1)
      // An end without outcomes stores none.
      await store.stages.endAttempt(ref, 'type', { ...logEntry(1, 'error'), error: 'provider down' })
      assert.deepEqual(await store.stages.outcomes(ref, ['type']), new Map())
    })

    test('stages: endAttempt stores the log entry and the outcomes together or not at all', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      const ref = unit('b', 0)
      const invalid = { ...logEntry(1), status: 'no-such-status' as 'ok' }
      await assert.rejects(store.stages.endAttempt(ref, 'normalize', invalid, outcomes([['B', ok({})]])))
      assert.deepEqual(await store.stages.outcomes(ref, ['normalize']), new Map())
    })

    test('stages: attempts count per unit and stage, and again from 1 after the unit is re-opened', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b', ONE_UNIT))
      const ref = unit('b', 0)
      assert.equal(await store.stages.startAttempt(ref, 'family', 4), 1)
      assert.equal(await store.stages.startAttempt(ref, 'family', 4), 2)
      assert.equal(await store.stages.startAttempt(ref, 'type', 4), 1)
      await store.batches.insert(newBatch('other', ONE_UNIT))
      assert.equal(await store.stages.startAttempt(unit('other', 0), 'family', 4), 1)
      await store.classifications.completeUnit(ref, [completed('A'), completed('B'), completed('C'), failed('D')])
      // Timestamps have millisecond resolution: the re-open must come after the attempts it resets.
      await tick()
      await store.batches.reopenFailed('b')
      assert.equal(await store.stages.startAttempt(ref, 'family', 1), 1)
    })

    test('stages: trail lists every stored outcome of an indicator in a batch', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      await store.stages.endAttempt(unit('b', 0), 'normalize', logEntry(1), outcomes([['B', ok({ unit: '%' }, 0.95)]]))
      await store.stages.endAttempt(
        unit('b', 0),
        'family',
        logEntry(1),
        outcomes([['B', { ok: false, error: 'no rule' }]]),
      )
      const trail = await store.stages.trail('b', 'B')
      for (const entry of trail) assert.ok(Number.isFinite(Date.parse(entry.created_at)))
      assert.deepEqual(
        trail.map(({ created_at: _, ...entry }) => entry).sort((a, b) => a.stage.localeCompare(b.stage)),
        [
          { stage: 'family', result: null, error: 'no rule', confidence: null },
          { stage: 'normalize', result: { unit: '%' }, error: null, confidence: 0.95 },
        ],
      )
      assert.deepEqual(await store.stages.trail('b', 'A'), [])
      assert.deepEqual(await store.stages.trail('nope', 'B'), [])
    })

    test('joins: nobody claims an incomplete unit; then exactly one claimer across stores, until the emission is recorded', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      await store.batches.insert(newBatch('b'))
      const ref = unit('b', 0)
      await store.stages.endAttempt(
        ref,
        'time',
        logEntry(1),
        outcomes([
          ['B', ok({})],
          ['D', ok({})],
        ]),
      )
      await store.stages.endAttempt(
        ref,
        'scale',
        logEntry(1),
        outcomes([
          ['B', ok({})],
          ['D', { ok: false, error: 'x' }],
        ]),
      )
      await store.stages.endAttempt(ref, 'currency', logEntry(1), outcomes([['B', ok({})]]))
      assert.equal(await store.joins.claim(ref, 'currency', BRANCHES), false, 'D has no currency outcome yet')
      await store.stages.endAttempt(ref, 'currency', logEntry(1), outcomes([['D', ok({})]]))

      const claims = await Promise.all(
        BRANCHES.flatMap((branch) => [
          store.joins.claim(ref, branch, BRANCHES),
          other.joins.claim(ref, branch, BRANCHES),
        ]),
      )
      const winners = BRANCHES.filter((_, i) => claims[2 * i] || claims[2 * i + 1])
      assert.equal(winners.length, 1, `claims ${JSON.stringify(claims)}`)
      const winner = winners[0]!
      // The claimer died before emitting: its redelivered event claims again, nobody else does.
      assert.equal(await other.joins.claim(ref, winner, BRANCHES), true)
      for (const branch of BRANCHES.filter((b) => b !== winner))
        assert.equal(await store.joins.claim(ref, branch, BRANCHES), false)
      await other.joins.recordEmitted(ref)
      assert.equal(await store.joins.claim(ref, winner, BRANCHES), false)
      assert.equal(await store.joins.claim(unit('b', 1), winner, BRANCHES), false, 'the other unit is still incomplete')
    })

    test('classifications: completeUnit writes final rows, settles the batch with its last unit, and is idempotent', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      await store.batches.markRunning('b')
      assert.deepEqual(await store.classifications.counts('b'), { completed: 0, failed: 0, flagged: 0 })
      assert.deepEqual(await store.classifications.completeUnit(unit('b', 1), [completed('A'), failed('C')]), {
        batch_finished: false,
        status: 'running',
      })
      assert.deepEqual(await store.classifications.counts('b'), { completed: 1, failed: 1, flagged: 1 })
      assert.equal((await store.batches.get('b'))?.finished_at, null)
      assert.deepEqual(await store.classifications.completeUnit(unit('b', 0), [completed('B'), completed('D')]), {
        batch_finished: true,
        status: 'partial',
      })
      const finished = await store.batches.get('b')
      assert.equal(finished?.status, 'partial')
      assert.ok(finished?.finished_at)
      await tick()
      assert.deepEqual(await store.classifications.completeUnit(unit('b', 0), [completed('B'), completed('D')]), {
        batch_finished: true,
        status: 'partial',
      })
      assert.deepEqual(await store.classifications.counts('b'), { completed: 3, failed: 1, flagged: 3 })
      assert.equal((await store.batches.get('b'))?.finished_at, finished.finished_at)

      await store.batches.insert(newBatch('all-ok', ONE_UNIT))
      assert.equal(
        (
          await store.classifications.completeUnit(
            unit('all-ok', 0),
            indicators.map((i) => completed(i.indicator_id)),
          )
        ).status,
        'completed',
      )
      await store.batches.insert(newBatch('all-failed', ONE_UNIT))
      assert.equal(
        (
          await store.classifications.completeUnit(
            unit('all-failed', 0),
            indicators.map((i) => failed(i.indicator_id)),
          )
        ).status,
        'failed',
      )
      await assert.rejects(store.classifications.completeUnit(unit('nope', 0), []))
    })

    test('classifications: completeUnit stores a unit larger than one statement takes, every row once', async (t) => {
      const { store } = await fresh(t)
      const many = Array.from({ length: 1_201 }, (_, i) => ({ ...indicators[i % 4]!, indicator_id: `I${i}` }))
      await store.batches.insert(
        newBatch('big', { indicators: many, chunk_size: many.length, unit_of: many.map(() => 0) }),
      )
      const rows = many.map((input, i): ClassificationRow => ({
        ...(i % 3 === 0 ? failed(indicators[i % 4]!.indicator_id) : completed(indicators[i % 4]!.indicator_id)),
        indicator_id: input.indicator_id,
      }))
      const done = { batch_finished: true, status: 'partial' }
      assert.deepEqual(await store.classifications.completeUnit(unit('big', 0), rows), done)
      assert.deepEqual(await store.classifications.completeUnit(unit('big', 0), rows), done, 'again: upserted')
      assert.deepEqual(await store.classifications.counts('big'), { completed: 800, failed: 401, flagged: 800 })
      const { rows: stored } = await store.classifications.page('big', { limit: 2_000 })
      assert.deepEqual(
        stored.map((r) => [r.indicator_id, r.status]),
        rows.map((r) => [r.indicator_id, r.status]),
      )
    })

    test('classifications: page reads final rows in request order with booleans, JSON fields and the input columns', async (t) => {
      const { store } = await fresh(t)
      classificationSchema.parse(GDP_FIELDS)
      await store.batches.insert(newBatch('b'))
      await store.classifications.completeUnit(unit('b', 0), [completed('B'), failed('D')])
      await store.classifications.completeUnit(unit('b', 1), [completed('A'), completed('C')])
      const { rows, next } = await store.classifications.page('b')
      assert.equal(next, null)
      assert.deepEqual(
        rows.map((r) => r.indicator_id),
        ['A', 'B', 'C', 'D'],
      )
      for (const row of rows) assert.deepEqual(Object.keys(row).sort(), [...BATCH_RESULT_FIELDS].sort())
      const { created_at, ...a } = rows[0]!
      assert.ok(Number.isFinite(Date.parse(String(created_at))))
      const input = { periodicity: 'Quarterly', description: null, source_name: null, extra: null }
      assert.deepEqual(a, {
        batch_id: 'b',
        indicator_id: 'A',
        name: 'GDP',
        units: 'USD Billion',
        status: 'completed',
        error: null,
        ...GDP_FIELDS,
        ...input,
      })
      const d = rows[3]!
      assert.deepEqual(
        [d.status, d.error, d.family, d.is_cumulative, d.stage_confidence],
        ['failed', 'family failed after 3 attempts', null, null, null],
      )
      assert.deepEqual(await store.classifications.page('nope'), { rows: [], next: null })
    })

    test('classifications: page by cursor and filters; extra comes back as given', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(
        newBatch('b', { indicators: indicators.map((i) => ({ ...i, extra: { n: i.indicator_id } })) }),
      )
      await store.classifications.completeUnit(unit('b', 0), [completed('B'), failed('D')])
      await store.classifications.completeUnit(unit('b', 1), [completed('A'), completed('C')])
      const first = await store.classifications.page('b', { limit: 3 })
      assert.deepEqual(
        first.rows.map((r) => [r.indicator_id, r.extra]),
        [
          ['A', { n: 'A' }],
          ['B', { n: 'B' }],
          ['C', { n: 'C' }],
        ],
      )
      assert.equal(first.next, 2)
      assert.deepEqual(
        (await store.classifications.page('b', { limit: 3, after: first.next! })).rows.map((r) => r.indicator_id),
        ['D'],
      )
      const ids = async (query: ResultPageQuery) =>
        (await store.classifications.page('b', query)).rows.map((r) => r.indicator_id)
      assert.deepEqual(await ids({ status: 'failed' }), ['D'])
      assert.deepEqual(await ids({ family: GDP_FIELDS.family, indicator_type: GDP_FIELDS.indicator_type }), [
        'A',
        'B',
        'C',
      ])
      assert.deepEqual(await ids({ review_status: GDP_FIELDS.review_status }), ['A', 'B', 'C'])
      assert.deepEqual(await ids({ review_status: 'no-such-status' }), [])
      assert.deepEqual(await ids({ min_confidence: GDP_FIELDS.confidence, max_confidence: GDP_FIELDS.confidence }), [
        'A',
        'B',
        'C',
      ])
      assert.deepEqual(await ids({ min_confidence: Math.min(1, GDP_FIELDS.confidence + 0.01) }), [])
      assert.deepEqual(await ids({ source: GDP_FIELDS.source }), ['A', 'B', 'C'])
    })

    test('batches: list is newest first, paged by cursor', async (t) => {
      const { store } = await fresh(t)
      for (const id of ['one', 'two', 'three']) {
        await store.batches.insert(newBatch(id))
        await new Promise((r) => setTimeout(r, 5))
      }
      const first = await store.batches.list({ limit: 2 })
      assert.deepEqual(
        first.batches.map((b) => b.batch_id),
        ['three', 'two'],
      )
      const second = await store.batches.list({ limit: 2, after: first.next! })
      assert.deepEqual([second.batches.map((b) => b.batch_id), second.next], [['one'], null])
    })

    test('classifications: latest is the most recent final row of an indicator across batches', async (t) => {
      const { store } = await fresh(t)
      assert.equal(await store.classifications.latest('A'), undefined)
      await store.batches.insert(newBatch('first', ONE_UNIT))
      await store.classifications.completeUnit(
        unit('first', 0),
        indicators.map((i) => failed(i.indicator_id)),
      )
      assert.equal((await store.classifications.latest('A'))?.batch_id, 'first')
      await store.batches.insert(newBatch('second', ONE_UNIT))
      await store.classifications.completeUnit(
        unit('second', 0),
        indicators.map((i) => completed(i.indicator_id)),
      )
      const latest = await store.classifications.latest('A')
      assert.deepEqual(
        [latest?.batch_id, latest?.status, latest?.is_currency_denominated],
        ['second', 'completed', true],
      )
    })

    test('batches: reopenFailed drops failed rows and error outcomes, re-opens their units and lets the join be claimed again', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      assert.deepEqual(await store.batches.reopenFailed('b'), { indicators: 0, units: 0 })
      for (const [unit_no, ids] of [
        [0, ['B', 'D']],
        [1, ['A', 'C']],
      ] as const) {
        const ref = unit('b', unit_no)
        await finishBranches(store, ref, [...ids])
        assert.equal(await store.joins.claim(ref, 'time', BRANCHES), true)
        await store.joins.recordEmitted(ref)
      }
      await store.stages.endAttempt(
        unit('b', 0),
        'family',
        logEntry(3, 'gave-up'),
        outcomes([
          ['B', ok({})],
          ['D', { ok: false, error: 'gave up' }],
        ]),
      )
      await store.classifications.completeUnit(unit('b', 0), [completed('B'), failed('D')])
      await store.classifications.completeUnit(unit('b', 1), [completed('A'), completed('C')])
      assert.equal((await store.batches.get('b'))?.status, 'partial')

      assert.deepEqual(await store.batches.reopenFailed('b'), { indicators: 1, units: 1 })
      const batch = await store.batches.get('b')
      assert.deepEqual([batch?.status, batch?.finished_at], ['running', null])
      assert.deepEqual(
        (await store.classifications.page('b')).rows.map((r) => r.indicator_id),
        ['A', 'B', 'C'],
      )
      assert.deepEqual(await store.stages.outcomes(unit('b', 0), ['family']), new Map([['B', { family: ok({}) }]]))
      assert.deepEqual(await store.batches.unfinishedUnits('b'), [
        {
          batch_id: 'b',
          unit_no: 0,
          size: 2,
          join_emitted: false,
          done: { time: 2, scale: 2, currency: 2, family: 1 },
        },
      ])
      assert.equal(await store.joins.claim(unit('b', 0), 'scale', BRANCHES), true)
      assert.equal(await store.joins.claim(unit('b', 1), 'scale', BRANCHES), false)
    })

    test('stages: progress counts per stage the outcomes and the units that have one for every indicator, re-opened units too', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      const branches = (indicators: number, units: number) =>
        Object.fromEntries(BRANCHES.map((stage) => [stage, { indicators, units }]))
      assert.deepEqual(await store.stages.progress('b'), {})
      await finishBranches(store, unit('b', 0), ['B', 'D'])
      await store.stages.startAttempt(unit('b', 1), 'time', 2)
      await store.stages.endAttempt(unit('b', 1), 'time', logEntry(1, 'error'))
      assert.deepEqual(await store.stages.progress('b'), branches(2, 1))
      await finishBranches(store, unit('b', 1), ['A', 'C'])
      const family = (ref: UnitRef, entries: [string, StageOutcome][]) =>
        store.stages.endAttempt(ref, 'family', logEntry(3, 'gave-up'), outcomes(entries))
      await family(unit('b', 0), [
        ['B', ok({})],
        ['D', { ok: false, error: 'gave up' }],
      ])
      await family(unit('b', 1), [
        ['A', ok({})],
        ['C', ok({})],
      ])
      assert.deepEqual(await store.stages.progress('b'), { ...branches(4, 2), family: { indicators: 4, units: 2 } })
      await store.classifications.completeUnit(unit('b', 0), [completed('B'), failed('D')])
      await store.classifications.completeUnit(unit('b', 1), [completed('A'), completed('C')])
      await store.batches.reopenFailed('b')
      // D's error outcome is gone: unit 0 lacks one family outcome until the family runs for D again.
      assert.deepEqual(await store.stages.progress('b'), { ...branches(4, 2), family: { indicators: 3, units: 1 } })
      await store.stages.endAttempt(unit('b', 0), 'family', logEntry(1), outcomes([['D', ok({})]]))
      assert.deepEqual(await store.stages.progress('b'), { ...branches(4, 2), family: { indicators: 4, units: 2 } })
    })

    test('leases: a starting replica takes only units no live replica holds, and its own back', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      const keys = (units: { batch_id: string; unit_no: number }[]) => units.map((u) => `${u.batch_id}/${u.unit_no}`)
      const lease = (owner: string, ttl_ms = 60_000) => ({ owner, ttl_ms })
      await store.batches.insert(newBatch('held', { lease: lease('a') }))
      await store.batches.insert(newBatch('free'))
      await store.batches.insert(newBatch('done', ONE_UNIT))
      await store.classifications.completeUnit(
        unit('done', 0),
        indicators.map((i) => completed(i.indicator_id)),
      )

      const taken = await other.leases.take(lease('b'))
      assert.deepEqual(keys(taken), ['free/0', 'free/1'])
      assert.deepEqual(taken[0], { batch_id: 'free', unit_no: 0, size: 2, join_emitted: false, done: {} })
      assert.deepEqual(await store.leases.take(lease('c')), [], 'every open unit is held by a live replica')
      assert.deepEqual(keys(await store.leases.take(lease('a'))), ['held/0', 'held/1'], 'a restarted replica')
      assert.deepEqual(await other.leases.take(lease('b'), true), [], 'a running replica takes only expired units')

      // A replica dies: it stops renewing, its leases expire and a running replica takes the units over.
      assert.equal(await store.leases.claimRun(unit('held', 1), 'family', lease('a', 1), 'run-1'), true)
      assert.equal(await other.leases.renew(lease('b')), 2)
      await tick()
      await tick()
      assert.deepEqual(keys(await store.leases.take(lease('c'), true)), ['held/1'])
      assert.equal(await store.leases.renew(lease('c')), 1)
      assert.equal(await store.leases.renew(lease('a')), 1, 'a still holds held/0')
      await store.classifications.completeUnit(unit('held', 0), [completed('B'), completed('D')])
      assert.equal(await store.leases.renew(lease('a')), 0, 'a finished unit is nobody’s')
    })

    test('leases: once a replica stops marking itself alive, one survivor takes every open unit no run works on', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      const keys = (units: { batch_id: string; unit_no: number }[]) => units.map((u) => `${u.batch_id}/${u.unit_no}`)
      const lease = (owner: string, ttl_ms = 60_000) => ({ owner, ttl_ms })
      // b holds both units and runs a stage of one; a, which holds no unit, runs a stage of the other (its queue
      // worker may also hold an event of either).
      await store.batches.insert(newBatch('x', { lease: lease('b') }))
      assert.equal(await store.leases.claimRun(unit('x', 0), 'family', lease('b'), 'run-live'), true)
      assert.equal(await store.leases.claimRun(unit('x', 1), 'family', lease('a'), 'run-dead'), true)
      await other.leases.renew(lease('a', 1))
      assert.equal(await store.leases.renew(lease('b')), 1)
      await tick()
      await tick()
      const taken = await Promise.all([store.leases.take(lease('b'), true), other.leases.take(lease('c'), true)])
      assert.deepEqual(
        taken.map((units) => keys(units)).sort(),
        [[], ['x/1']],
        'one survivor, the unit without a live run',
      )
      assert.equal(
        await store.leases.claimRun(unit('x', 1), 'family', lease('c'), 'run-new'),
        true,
        'the dead run ended',
      )
      assert.deepEqual(await store.leases.take(lease('b'), true), [], 'a dead replica is taken over once')
    })

    test('leases: one live run per stage of a unit across stores, until it ends or expires', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      await store.batches.insert(newBatch('b'))
      const ref = unit('b', 0)
      const lease = (owner: string, ttl_ms = 60_000) => ({ owner, ttl_ms })
      const claims = await Promise.all([
        store.leases.claimRun(ref, 'family', lease('a'), 'run-1'),
        other.leases.claimRun(ref, 'family', lease('b'), 'run-2'),
      ])
      assert.equal(claims.filter(Boolean).length, 1, `claims ${JSON.stringify(claims)}`)
      const [holder, waiter] = claims[0] ? ['run-1', 'run-2'] : ['run-2', 'run-1']
      assert.equal(await store.leases.claimRun(ref, 'family', lease('a'), 'run-3'), false)
      assert.equal(await store.leases.claimRun(ref, 'type', lease('a'), waiter), true, 'another stage')
      assert.equal(await store.leases.claimRun(unit('b', 1), 'family', lease('a'), waiter), true, 'another unit')
      await other.leases.releaseRun(ref, 'family', waiter)
      assert.equal(await store.leases.claimRun(ref, 'family', lease('a'), 'run-3'), false, 'only its run ends it')
      await other.leases.releaseRun(ref, 'family', holder)
      // A run whose process was killed on a live replica frees the stage when its claim expires.
      assert.equal(await store.leases.claimRun(ref, 'family', lease('a', 1), 'run-3'), true)
      await tick()
      await tick()
      assert.equal(await other.leases.claimRun(ref, 'family', lease('b'), 'run-4'), true, 'expired')
      // A restarted replica's runs of before are dead: its start ends their claims.
      await other.leases.take(lease('b'))
      assert.equal(await store.leases.claimRun(ref, 'family', lease('a'), 'run-5'), true)
    })

    test('llm: calls are summed per batch, retries counted; answers are cached by key for every store', async (t) => {
      const { store, connect } = await fresh(t)
      const call = (status: LlmCallRow['status'], cost_usd: number): LlmCallRow => ({
        stage: 'family',
        provider: 'openai',
        model: 'gpt-test',
        items: 2,
        input_tokens: 100,
        cached_input_tokens: 64,
        cache_write_tokens: 0,
        output_tokens: 20,
        latency_ms: 350.5,
        attempt: 1,
        status,
        error: status === 'ok' ? null : 'HTTP 429',
        cost_usd,
      })
      const empty = { calls: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, cost_usd: 0, retries: 0 }
      assert.deepEqual(await store.llm.totals('b'), empty)
      await store.llm.saveCalls(unit('b', 0), [call('retried', 0.0000011), call('ok', 0.0000012)])
      await store.llm.saveCalls(unit('b', 1), [call('ok', 0.0000013)])
      await store.llm.saveCalls(unit('other', 0), [call('ok', 1)])
      assert.deepEqual(await store.llm.totals('b'), {
        calls: 3,
        input_tokens: 300,
        cached_input_tokens: 192,
        output_tokens: 60,
        cost_usd: 0.000004,
        retries: 1,
      })

      const other = await connect()
      const entry = {
        stage: 'type',
        provider: 'openai',
        model: 'gpt-test',
        prompt_version: 'v2',
        answer: { indicator_type: 'flow', confidence: 0.9 },
      }
      assert.equal(await store.llm.cachedAnswer('k'), undefined)
      await store.llm.cacheAnswer('k', entry)
      assert.deepEqual(await other.llm.cachedAnswer('k'), entry.answer)
      await other.llm.cacheAnswer('k', { ...entry, answer: { indicator_type: 'stock', confidence: 0.8 } })
      assert.deepEqual(await store.llm.cachedAnswer('k'), { indicator_type: 'stock', confidence: 0.8 })
      assert.equal(await store.llm.cachedAnswer('other'), undefined)
    })

    test('provider batches: a stage waits on what it submitted; ending one stores its replies and calls once', async (t) => {
      const { store, connect } = await fresh(t)
      await store.batches.insert(newBatch('b', { llm_delivery: 'batch' }))
      assert.equal((await store.batches.get('b'))?.llm_delivery, 'batch')
      const ref = unit('b', 0)
      const asked = {
        batch_id: 'b',
        unit_no: 0,
        stage: 'family',
        provider: 'openai',
        model: 'gpt-test',
        requests: [
          { custom_id: 'q0', indicator_ids: ['B', 'D'] },
          { custom_id: 'q1', indicator_ids: ['X'] },
        ],
      }
      assert.deepEqual(await store.providerBatches.forStage(ref, 'family'), [])
      const other = await connect()
      // Two runs of one stage at once (a redelivery, a resume next to the poller): exactly one may submit.
      const claims = await Promise.all([
        store.providerBatches.claim({ ...asked, provider_batch_id: 'claim-a' }),
        other.providerBatches.claim({ ...asked, provider_batch_id: 'claim-b' }),
      ])
      assert.deepEqual(claims.toSorted(), [false, true])
      const claimId = claims[0] ? 'claim-a' : 'claim-b'
      assert.equal(await store.providerBatches.claim({ ...asked, provider_batch_id: 'claim-c' }), false)
      assert.equal(
        await store.providerBatches.claim({ ...asked, provider_batch_id: 'claim-t', unit_no: 1, stage: 'type' }),
        true,
      )
      const [claimed] = await other.providerBatches.forStage(ref, 'family')
      assert.deepEqual(
        { ...claimed, claimed_at: typeof claimed?.claimed_at },
        {
          ...asked,
          provider_batch_id: claimId,
          provider_status: null,
          replies: null,
          claimed_at: 'string',
          submitted_at: null,
          ended_at: null,
        },
      )
      await store.providerBatches.submitted(claimId, 'pb-1')
      await other.providerBatches.submitted('claim-t', 'pb-2')
      await store.providerBatches.release('pb-1')
      const [open] = await other.providerBatches.forStage(ref, 'family')
      assert.deepEqual(
        { ...open, claimed_at: typeof open?.claimed_at, submitted_at: typeof open?.submitted_at },
        {
          ...asked,
          provider_batch_id: 'pb-1',
          provider_status: null,
          replies: null,
          claimed_at: 'string',
          submitted_at: 'string',
          ended_at: null,
        },
      )
      assert.deepEqual(
        (await store.providerBatches.open()).map((b) => b.provider_batch_id),
        ['pb-1', 'pb-2'],
      )
      // A claim whose submission was refused goes, and the stage may claim again.
      const third = { ...asked, unit_no: 2 }
      assert.equal(await store.providerBatches.claim({ ...third, provider_batch_id: 'claim-x' }), true)
      await store.providerBatches.release('claim-x')
      assert.deepEqual(await store.providerBatches.forStage(unit('b', 2), 'family'), [])
      assert.equal(await other.providerBatches.claim({ ...third, provider_batch_id: 'claim-y' }), true)
      await other.providerBatches.release('claim-y')
      assert.deepEqual(await store.providerBatches.open('other'), [])

      const replies = [
        { custom_id: 'q0', text: '{"answers":[]}', error: null },
        { custom_id: 'q1', text: null, error: 'batch_expired' },
      ]
      const call: LlmCallRow = {
        stage: 'family',
        provider: 'openai',
        model: 'gpt-test',
        items: 2,
        input_tokens: 100,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: 20,
        latency_ms: 1000,
        attempt: 1,
        status: 'ok',
        error: null,
        cost_usd: 0.5,
      }
      assert.equal(await store.providerBatches.end('pb-1', 'expired', replies, [call]), true)
      assert.equal(await other.providerBatches.end('pb-1', 'expired', replies, [call]), false, 'ends once')
      assert.equal(await store.providerBatches.end('nope', 'completed', [], [call]), false)
      const [ended] = await store.providerBatches.forStage(ref, 'family')
      assert.equal(ended?.provider_status, 'expired')
      assert.deepEqual(ended?.replies, replies)
      assert.ok(Number.isFinite(Date.parse(ended?.ended_at ?? '')))
      assert.deepEqual(
        (await store.providerBatches.open()).map((b) => b.provider_batch_id),
        ['pb-2'],
      )
      assert.equal(
        await store.providerBatches.claim({ ...asked, provider_batch_id: 'claim-after' }),
        true,
        'once ended',
      )
      const totals = await store.llm.totals('b')
      assert.deepEqual([totals.calls, totals.input_tokens, totals.cost_usd], [1, 100, 0.5])
    })

    test('stages: a run that ended waiting for a provider batch is not counted as an attempt', async (t) => {
      const { store } = await fresh(t)
      await store.batches.insert(newBatch('b'))
      const ref = unit('b', 0)
      const waiting = { attempt: 1, status: 'waiting' as const, items: 2, failed_items: 0, duration_ms: 1 }
      assert.equal(await store.stages.startAttempt(ref, 'family', 2), 1)
      await store.stages.endAttempt(ref, 'family', waiting)
      assert.equal(await store.stages.startAttempt(ref, 'family', 2), 1)
      await store.stages.endAttempt(ref, 'family', { ...waiting, status: 'error', error: 'boom' })
      assert.equal(await store.stages.startAttempt(ref, 'family', 2), 2)
    })

    test('limits: calls in flight and 429 pauses hold across stores', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)))
      const settings = { rpm: 0, tpm: 0, concurrency: 1, lease_ms: 60_000 }
      const a = store.limits.limiter(settings, { sleep })
      const b = other.limits.limiter(settings, { sleep })
      const release = await a.acquire('openai', 1)
      let second = false
      const pending = b.acquire('openai', 1).then((done) => ((second = true), done))
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.equal(second, false)
      release(1)
      ;(await pending)(1)

      let at = 1_000_000
      const clock = { now: () => at, sleep: async (ms: number) => void (at += ms) }
      const paced = { rpm: 600, tpm: 0, concurrency: 0, lease_ms: 60_000 }
      await other.limits.limiter(paced, clock).penalize('anthropic', 3_000)
      const start = at
      ;(await store.limits.limiter(paced, clock).acquire('anthropic', 1))(1)
      assert.ok(at - start >= 3_000, `waited ${at - start} ms`)
    })

    test('limits: no sliding minute admits more than the limits, whichever process asks', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      let at = 1_000_000
      const clock = { now: () => at, sleep: async (ms: number) => void (at += ms) }
      const settings = { rpm: 30, tpm: 20_000, concurrency: 0, lease_ms: 60_000 }
      const limiters = [store.limits.limiter(settings, clock), other.limits.limiter(settings, clock)]
      const admitted: { at: number; tokens: number }[] = []
      for (let i = 0; i < 90; i++) {
        const tokens = 200 + ((i * 37) % 5) * 200
        const release = await limiters[i % 2]!.acquire('openai', tokens)
        admitted.push({ at, tokens })
        release(tokens)
      }
      for (const first of admitted) {
        const minute = admitted.filter((a) => a.at >= first.at && a.at < first.at + 60_000)
        assert.ok(minute.length <= 30, `${minute.length} calls in the minute from ${first.at}`)
        const tokens = minute.reduce((sum, a) => sum + a.tokens, 0)
        assert.ok(tokens <= 20_000, `${tokens} tokens in the minute from ${first.at}`)
      }
      // And the limits are used: 90 calls at 29 a window take three windows, not many more.
      assert.ok(at - 1_000_000 <= 4 * 61_000, `90 calls took ${at - 1_000_000} ms`)
    })

    test('limits: before the provider has told its limits one call goes out at a time, in every process', async (t) => {
      const { store, connect } = await fresh(t)
      const other = await connect()
      let at = 1_000_000
      const clock = { now: () => at, sleep: async (ms: number) => void (at += ms) }
      const settings = { rpm: 0, tpm: 0, concurrency: 4, lease_ms: 5_000 }
      const probe = await store.limits.limiter(settings, clock).acquire('openai', 100) // its answer never comes
      const limiter = other.limits.limiter(settings, clock)
      await limiter.acquire('openai', 100)
      assert.ok(at - 1_000_000 >= 5_000, `the second call waited ${at - 1_000_000} ms: until the probe's lease expired`)
      probe(100)
      // Once the limits are known, calls overlap up to the configured concurrency.
      await limiter.observe('openai', { rpm: 500, tpm: 200_000 }, 100)
      const start = at
      for (let i = 0; i < 3; i++) await limiter.acquire('openai', 100)
      assert.equal(at, start)
    })

    test('ping answers while the store is open, close ends it', async () => {
      const { store } = await open()
      assert.equal(await store.ping(), true)
      await store.close()
      assert.equal(await store.ping(), false)
    })
  })
}
