// What each LLM stage's question shows of an indicator, and answers that agree without a reason.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyInProcess } from '../../src/pipeline/in-process'
import { indicatorLine } from '../../src/pipeline/llm-prompts'
import type { ReviewedClassification } from '../../src/pipeline/types'
import type { IndicatorInput } from '../../src/taxonomy/index'
import { agreeingAnswer, scriptedClient, scriptedContext } from '../support/scripted-llm'

const RUBBER: IndicatorInput = {
  indicator_id: 'rubber',
  name: 'Natural Rubber Stocks',
  units: 'Thousand Tonnes',
  periodicity: 'Quarterly',
  description: 'Natural Rubber Stocks: stocks of natural rubber, quarterly.',
  sample_values: [
    { date: '2024-06-30', value: 236.8 },
    { date: '2024-09-30', value: 264.9 },
    { date: '2024-12-31', value: 279.7 },
  ],
}

const item = (input: IndicatorInput) => ({ input, results: {}, confidence: {} })

test('a line shows only what the stage reads; a description that opens with the name sends only the rest', () => {
  const whole = indicatorLine(item(RUBBER), 'family=physical-fundamental')
  assert.equal(
    whole,
    'name="Natural Rubber Stocks" | units="Thousand Tonnes" | periodicity="Quarterly" | ' +
      'samples="2024-06-30:236.8,2024-09-30:264.9,2024-12-31:279.7" | ' +
      'description="stocks of natural rubber, quarterly." | rules: family=physical-fundamental',
  )
  assert.equal(
    indicatorLine(item(RUBBER), 'type=stock', { samples: 'values', description: true }),
    'name="Natural Rubber Stocks" | units="Thousand Tonnes" | values="236.8,264.9,279.7" | ' +
      'description="stocks of natural rubber, quarterly." | rules: type=stock',
  )
  assert.equal(
    indicatorLine(item(RUBBER), 'family=x', {}),
    'name="Natural Rubber Stocks" | units="Thousand Tonnes" | rules: family=x',
  )
  // A description of its own is kept as it is.
  assert.match(
    indicatorLine(item({ ...RUBBER, description: 'Inventories held by producers' }), 'x', { description: true }),
    /description="Inventories held by producers"/,
  )
})

test('each stage asks with its own line, and an answer that agrees without a reason keeps the rules reasoning', async () => {
  const rules = (await classifyInProcess([RUBBER]))[0] as ReviewedClassification & { status: string }
  // Agrees with the rules everywhere and, as asked, gives no reason where it agrees (the OpenAI transport drops the
  // null strict mode makes it send; Anthropic's tool input leaves it out). Unsure of the time: the review is asked
  // only about a record an earlier answer left in doubt.
  const fake = scriptedClient((schema) => ({ ...agreeingAnswer(rules), conf: schema === 'time_answers' ? 0.5 : 0.95 }))
  const ctx = scriptedContext(fake.client)
  const row = (await classifyInProcess([RUBBER], ctx))[0] as ReviewedClassification & { status: string }
  const users = new Map(fake.requests.map((r) => [r.schema_name, r.user]))
  assert.deepEqual([...users.keys()], ['time_answers', 'family_answers', 'type_answers', 'review_answers'])
  const line = (schema: string) =>
    users
      .get(schema)!
      .split('\n')
      .find((l) => l.startsWith('id='))!
  assert.match(line('time_answers'), /periodicity=.*samples="2024-06-30:236\.8/)
  assert.doesNotMatch(line('time_answers'), /description=/)
  assert.doesNotMatch(line('family_answers'), /periodicity=|samples=|values=/)
  assert.match(line('family_answers'), /description="stocks of natural rubber, quarterly\."/)
  assert.match(line('type_answers'), /values="236\.8,264\.9,279\.7"/)
  assert.match(line('review_answers'), /periodicity=.*samples=/)

  assert.equal(row.status, 'completed')
  assert.deepEqual([row.family, row.indicator_type, row.review_status], [rules.family, rules.indicator_type, 'passed'])
  assert.equal(row.source, 'llm')
  assert.doesNotMatch(row.reasoning, /undefined|null/)
  assert.match(row.reasoning, /openai review agrees\./)
})

test('a line for `news` drops a description that only restates the name, units and periodicity', () => {
  const news = { description: 'news' } as const
  assert.doesNotMatch(indicatorLine(item(RUBBER), 'x', news), /description=/)
  assert.match(
    indicatorLine(item({ ...RUBBER, description: 'Natural rubber stocks held in bonded warehouses' }), 'x', news),
    /description="held in bonded warehouses"/,
  )
})
