// The CLI's progress figures: summed over a run's batches, and printed as plain lines when there is no terminal.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { BatchStatus } from '../../src/cli/client'
import { progressOf, progressView } from '../../src/cli/progress'

const status = (over: Partial<BatchStatus>): BatchStatus => ({
  batch_id: 'b',
  status: 'running',
  total: 100,
  completed: 0,
  failed: 0,
  duration_ms: 0,
  llm: { calls: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, cost_usd: 0, retries: 0 },
  ...over,
})

test('progressOf sums the batches of a run; flagged is unknown unless every batch reports it', () => {
  const llm = { calls: 2, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, cost_usd: 0.5, retries: 0 }
  const parts = [
    status({ completed: 40, failed: 2, flagged: 3, llm }),
    status({ total: 50, completed: 10, flagged: 1, llm }),
  ]
  assert.deepEqual(progressOf(parts, false), {
    done: 52,
    total: 150,
    failed: 2,
    flagged: 4,
    llm_calls: 4,
    cost_usd: 1,
    reading: false,
  })
  assert.equal(progressOf([parts[0]!, status({})], true).flagged, null)
})

test('without a terminal: plain lines with done/total, rate, ETA, flagged, failed, LLM calls and cost, and the final figures', () => {
  const lines: string[] = []
  const stream = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream
  const view = progressView(stream, { tty: false, every_ms: 60_000 })
  view.update(progressOf([status({ completed: 10 })], true))
  view.update(progressOf([status({ completed: 50 })], false))
  view.stop()
  assert.equal(lines.length, 2, 'the first line at once, the next only after every_ms, and the last figures at the end')
  assert.match(
    lines[0]!,
    /^progress: 10\/100\+ \(10%\), [\d.]+\/s, ETA \?, flagged \?, failed 0, LLM 0 calls \$0\.0000\n$/,
  )
  assert.match(lines[1]!, /^progress: 50\/100 \(50%\), [\d.]+\/s, ETA (\d+s|\d+m\d+s|\?), flagged \?/)
})
