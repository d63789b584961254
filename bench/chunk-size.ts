// `npm run bench:chunks -- [--runs 1000:1000,1000:250,100:1]`: the same catalogue through the real service at several
// CLASSIFY_CHUNK_SIZE values (count:chunk per run, rules only), printing wall time and step invocations.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { getJson, postJson, waitForBatch } from '../src/cli/client'
import { PROJECT_ROOT, startService } from '../src/cli/service-process'
import type { IndicatorInput } from '../src/taxonomy/index'
import { readServiceDb } from './service-db'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000:1000,1000:250,100:1' } } })
const examples = (
  JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/indicators.json`, 'utf8')) as { indicators: IndicatorInput[] }
).indicators

function catalogue(count: number): IndicatorInput[] {
  return Array.from({ length: count }, (_, i) => ({
    ...examples[i % examples.length]!,
    indicator_id: `${examples[i % examples.length]!.indicator_id}-${Math.floor(i / examples.length)}`,
  }))
}

/** Every step invocation is a process: 7 stage steps per unit (each logs its attempts) + 3 join events + 1 complete. */
function invocations(databasePath: string, batchId: string): { invocations: number; units: number } {
  return readServiceDb(databasePath, (db) => {
    const units = db.prepare('SELECT unit_count FROM batches WHERE batch_id = ?').pluck().get(batchId) as number
    const stageRuns = db
      .prepare(`SELECT COUNT(*) FROM stage_log WHERE batch_id = ? AND status = 'started'`)
      .pluck()
      .get(batchId) as number
    return { invocations: stageRuns + units * 4, units }
  })
}

const rows: string[] = []
for (const run of values.runs!.split(',')) {
  const [count, chunk] = run.split(':').map(Number) as [number, number]
  const service = await startService({ env: { CLASSIFY_CHUNK_SIZE: String(chunk) } })
  try {
    const batch_id = `chunks-${count}-${chunk}`
    const started = performance.now()
    const posted = await postJson(`${service.url}/classify/batch`, { indicators: catalogue(count), batch_id })
    if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${JSON.stringify(posted.body)}`)
    const status = await waitForBatch(service.url, batch_id, 4 * 3_600_000, 2_000)
    const wall = (performance.now() - started) / 1000
    const results = (await getJson(`${service.url}/classify/batch/${batch_id}/results`)).body.results as {
      indicator_id: string
    }[]
    const { invocations: n, units } = invocations(service.database_path, batch_id)
    const row = `| ${count} | ${chunk} | ${units} | ${n} | ${wall.toFixed(1)} s | ${((count / wall) * 60).toFixed(0)} | ${status.status}, ${results.length} rows, ${new Set(results.map((r) => r.indicator_id)).size} distinct |`
    rows.push(row)
    console.log(row)
  } finally {
    await service.stop()
  }
}
console.log(
  [
    '',
    '| indicators | chunk size | units | step invocations | wall time | indicators/min | result |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
)
