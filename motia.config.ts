import express from 'express'
import { config } from 'motia'
import endpointPlugin from '@motiadev/plugin-endpoint/plugin'
import logsPlugin from '@motiadev/plugin-logs/plugin'
import observabilityPlugin from '@motiadev/plugin-observability/plugin'
import statesPlugin from '@motiadev/plugin-states/plugin'
import 'dotenv/config'
import classifyApiPlugin from './plugins/classify-api'
import { batchBody } from './src/api/batch-body'
import { expressRoute } from './src/api/express-route'
import { jsonBodyWithErrors } from './src/api/json-errors'
import { getBatchResults } from './src/api/results'
import { getStore } from './src/db/open'
import { loadServiceConfig } from './src/config'

// @motiadev/plugin-bullmq is left out on purpose: with it `motia start` fails ("Queue name cannot contain :").
export default config({
  plugins: [observabilityPlugin, statesPlugin, endpointPlugin, logsPlugin, classifyApiPlugin],
  app: (app) => {
    const { max_batch, max_body_bytes, database_path } = loadServiceConfig()
    app.post('/classify/batch', batchBody({ max_bytes: max_body_bytes, max_records: max_batch }))
    // Results are streamed, which Motia's API routes cannot do: this one is served by express itself.
    app.get('/classify/batch/:batch_id/results', expressRoute((req) => getBatchResults(req, getStore(database_path))))
    app.use('/classify', jsonBodyWithErrors(express.json({ limit: '256mb' })))
  },
  ...(process.env.MOTIA_REDIS_HOST ? { redis: { useMemoryServer: false as const, host: process.env.MOTIA_REDIS_HOST, port: Number(process.env.MOTIA_REDIS_PORT ?? 6379) } } : {}),
})
