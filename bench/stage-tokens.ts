// `npx tsx bench/stage-tokens.ts [--count 2000] [--batch-size N]`: the distinct catalogue in `llm` mode through the
// service's stages in process, asking the fake provider (OpenAI wire format) as the bench's service does, and where
// each stage's prompt tokens go: the static prefix paid per call (schema, system prompt, instructions, item count
// line), the item lines, and the completion. Seconds instead of the bench's minutes; the figures are the fake's own
// token estimate, as the bench's are.
import { parseArgs } from 'node:util'
import { createLlmClient, loadLlmConfig } from '../src/llm/index'
import { classifyInProcess, RULES_CONTEXT } from '../src/pipeline/in-process'
import { createLlmStageContext } from '../src/pipeline/llm-context'
import { loadServiceConfig } from '../src/settings/index'
import { estimateTokens, startFakeLlmServer } from '../tests/support/fake-llm-server'
import { distinctCatalogue } from './catalogue'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '2000' }, 'batch-size': { type: 'string' } },
})
const count = Number(values.count)
const fake = await startFakeLlmServer({ keepRequests: 100_000 })
try {
  const env = {
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: fake.openaiBaseUrl,
    ...(values['batch-size'] ? { LLM_BATCH_SIZE: values['batch-size'] } : {}),
  }
  const config = loadLlmConfig(env)
  const llm = createLlmStageContext(
    {
      mode: 'llm',
      threshold: config.threshold,
      batch_size: config.batchSize,
      dedupe: loadServiceConfig(env).dedupe,
      refresh: false,
    },
    () => 'openai',
    (p) => createLlmClient(config, p),
  )
  await classifyInProcess(distinctCatalogue(count), {
    review: { ...RULES_CONTEXT.review, threshold: config.threshold },
    llm,
  })

  interface Row {
    calls: number
    items: number
    fixed: number
    lines: number
    completion: number
  }
  const rows = new Map<string, Row>()
  for (const req of fake.requests()) {
    const format = req.body.response_format as { json_schema: { name: string } }
    const row = rows.get(format.json_schema.name) ?? { calls: 0, items: 0, fixed: 0, lines: 0, completion: 0 }
    const [header, ...lines] = req.user.split('\n')
    row.calls++
    row.items += req.indicator_ids.length
    row.fixed += estimateTokens(JSON.stringify(req.schema) + req.system + header)
    row.lines += estimateTokens(lines.join('\n'))
    rows.set(format.json_schema.name, row)
  }
  const byStage = new Map<string, number>()
  const failed: string[] = []
  for (const { stage, call } of llm.take()) {
    byStage.set(stage, (byStage.get(stage) ?? 0) + call.output_tokens)
    if (call.status !== 'ok' && call.status !== 'retried') failed.push(`${stage} ${call.status}: ${call.error ?? ''}`)
  }
  // A call that failed (a timeout on a loaded machine) asks fewer items and skews every figure: say so.
  if (failed.length > 0) console.error(`${failed.length} calls did not succeed:\n${failed.join('\n')}`)
  for (const [name, row] of rows) row.completion = byStage.get(name.replace(/_answers$/, '')) ?? 0

  const per = (n: number) => (n / count).toFixed(1)
  const out = [
    `${count} distinct, llm mode, batch size ${config.batchSize}; tokens per indicator of the whole catalogue`,
    '| stage | calls | items asked | items/call | static per call | static/ind | item lines/ind | per asked item | completion/ind | per asked item | total/ind |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  const total: Row = { calls: 0, items: 0, fixed: 0, lines: 0, completion: 0 }
  for (const [name, r] of rows) {
    out.push(
      `| ${name.replace(/_answers$/, '')} | ${r.calls} | ${r.items} | ${(r.items / r.calls).toFixed(1)} | ${(r.fixed / r.calls).toFixed(0)} | ${per(r.fixed)} | ${per(r.lines)} | ${(r.lines / r.items).toFixed(1)} | ${per(r.completion)} | ${(r.completion / r.items).toFixed(1)} | ${per(r.fixed + r.lines + r.completion)} |`,
    )
    for (const key of Object.keys(total) as (keyof Row)[]) total[key] += r[key]
  }
  const stats = fake.stats()
  out.push(
    `| all | ${total.calls} | ${total.items} | ${(total.items / total.calls).toFixed(1)} | | ${per(total.fixed)} | ${per(total.lines)} | | ${per(total.completion)} | | ${per(total.fixed + total.lines + total.completion)} |`,
    `fake's count: ${per(stats.input_tokens)} prompt + ${per(stats.output_tokens)} completion = ${per(stats.input_tokens + stats.output_tokens)} tokens per indicator in ${stats.requests} calls`,
  )
  console.log(out.join('\n'))
} finally {
  await fake.close()
}
