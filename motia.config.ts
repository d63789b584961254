import express from 'express'
import { config } from 'motia'
import endpointPlugin from '@motiadev/plugin-endpoint/plugin'
import logsPlugin from '@motiadev/plugin-logs/plugin'
import observabilityPlugin from '@motiadev/plugin-observability/plugin'
import statesPlugin from '@motiadev/plugin-states/plugin'
import 'dotenv/config'
import classifyApiPlugin from './plugins/classify-api'
import { jsonBodyWithErrors } from './src/api/json-errors'
import { apiOnly, loadSecuritySettings } from './src/api/security'

// Set by the production launcher (src/cli/serve.ts): API only, no Workbench plugins.
const API_ONLY = process.env.CLASSIFY_API_ONLY === '1'
const security = loadSecuritySettings()

// @motiadev/plugin-bullmq is left out on purpose: with it `motia start` fails ("Queue name cannot contain :").
export default config({
  plugins: API_ONLY ? [classifyApiPlugin] : [observabilityPlugin, statesPlugin, endpointPlugin, logsPlugin, classifyApiPlugin],
  app: (app) => {
    if (API_ONLY) app.use(apiOnly(security))
    app.use('/classify', jsonBodyWithErrors(express.json({ limit: security.max_body_bytes })))
  },
  ...(process.env.MOTIA_REDIS_HOST ? { redis: { useMemoryServer: false as const, host: process.env.MOTIA_REDIS_HOST, port: Number(process.env.MOTIA_REDIS_PORT ?? 6379) } } : {}),
})
