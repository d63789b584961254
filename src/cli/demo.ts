// `npm run demo`: start the service on the defaults, classify the bundled catalogue through POST /classify/batch,
// wait for it and print the results. Set CLASSIFY_URL to use a service that is already running instead.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { settings } from '../settings/load'
import { getJson, postJson, waitForBatch } from './client'
import { PROJECT_ROOT, startService, type RunningService } from './service-process'
import { formatTable } from './table'

const COLUMNS = [
  { key: 'indicator_id', title: 'id', width: 16 },
  { key: 'name', title: 'name', width: 34 },
  { key: 'units', title: 'units', width: 18 },
  { key: 'family', title: 'family' },
  { key: 'indicator_type', title: 'type' },
  { key: 'temporal_aggregation', title: 'temporal' },
  { key: 'heat_map_orientation', title: 'orientation' },
  { key: 'is_currency_denominated', title: 'money' },
  { key: 'detected_currency', title: 'ccy' },
  { key: 'scale', title: 'scale' },
  { key: 'reporting_frequency', title: 'frequency' },
  { key: 'confidence', title: 'conf' },
  { key: 'review_status', title: 'review' },
]

async function main() {
  const file = process.argv[2] ?? join(PROJECT_ROOT, 'examples/indicators.json')
  const catalogue = JSON.parse(readFileSync(file, 'utf8'))
  let service: RunningService | undefined
  const { CLASSIFY_URL, DATABASE_PATH } = settings()
  let url = CLASSIFY_URL
  if (!url) {
    console.error(`starting the service (motia start, embedded Redis, SQLite at ${DATABASE_PATH})…`)
    service = await startService({ database_path: resolve(PROJECT_ROOT, DATABASE_PATH) })
    url = service.url
  }
  try {
    const started = Date.now()
    const posted = await postJson(`${url}/classify/batch`, catalogue)
    if (posted.status !== 202 && posted.status !== 200)
      throw new Error(`POST /classify/batch answered ${posted.status}: ${JSON.stringify(posted.body)}`)
    console.error(
      `batch ${posted.body.batch_id}: ${posted.body.count ?? posted.body.total} indicators accepted, waiting…`,
    )
    const status = await waitForBatch(url, posted.body.batch_id)
    const { body } = await getJson(`${url}/classify/batch/${posted.body.batch_id}/results`)
    console.log(formatTable(COLUMNS, body.results))
    console.log(
      `\nbatch ${status.batch_id}: ${status.status}, ${status.completed} classified, ${status.failed} failed, ` +
        `${body.results.filter((r: { review_status?: string }) => r.review_status === 'flagged').length} flagged for review, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    console.log(
      service
        ? `stored in ${service.database_path}; with the service running (npm start): GET /classify/batch/${status.batch_id}/results (?format=csv for CSV)`
        : `results: ${url}/classify/batch/${status.batch_id}/results (add ?format=csv for CSV)`,
    )
  } finally {
    await service?.stop()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
