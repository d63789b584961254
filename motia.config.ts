import express from 'express'
import { config } from 'motia'
import endpointPlugin from '@motiadev/plugin-endpoint/plugin'
import logsPlugin from '@motiadev/plugin-logs/plugin'
import observabilityPlugin from '@motiadev/plugin-observability/plugin'
import statesPlugin from '@motiadev/plugin-states/plugin'
import classifyApiPlugin from './plugins/classify-api'
import crashResumePlugin from './plugins/crash-resume'
import streamLeakPlugin from './plugins/stream-leak'
import { batchBody } from './src/api/batch-body'
import { expressRoute } from './src/api/express-route'
import { jsonBodyWithErrors } from './src/api/json-errors'
import { getBatchResults } from './src/api/results'
import { getStore } from './src/db/open'
import { apiOnly, loadSecuritySettings } from './src/api/security'
import { settings } from './src/settings/load'
import { loadServiceConfig } from './src/settings/service'

// Applies .env and stops the service naming any bad setting before a plugin or step reads one.
const { MOTIA_REDIS_HOST, MOTIA_REDIS_PORT, CLASSIFY_API_ONLY } = settings()
const security = loadSecuritySettings()
const servicePlugins = [classifyApiPlugin, crashResumePlugin, streamLeakPlugin]

// @motiadev/plugin-bullmq is left out on purpose: with it `motia start` fails ("Queue name cannot contain :").
// CLASSIFY_API_ONLY is set by the production launcher (src/cli/serve.ts): no Workbench plugins there.
export default config({
  plugins: CLASSIFY_API_ONLY
    ? servicePlugins
    : [observabilityPlugin, statesPlugin, endpointPlugin, logsPlugin, ...servicePlugins],
  app: (app) => {
    if (CLASSIFY_API_ONLY) app.use(apiOnly(security))
    const service = loadServiceConfig()
    const { max_batch, max_body_bytes } = service
    app.post('/classify/batch', batchBody({ max_bytes: max_body_bytes, max_records: max_batch }))
    // Results are streamed, which Motia's API routes cannot do: this one is served by express itself.
    app.get(
      '/classify/batch/:batch_id/results',
      expressRoute((req) => getBatchResults(req, getStore(service))),
    )
    app.use('/classify', jsonBodyWithErrors(express.json({ limit: security.max_body_bytes })))
  },
  ...(MOTIA_REDIS_HOST
    ? { redis: { useMemoryServer: false as const, host: MOTIA_REDIS_HOST, port: MOTIA_REDIS_PORT } }
    : {}),
})
