import type { RequestHandler } from 'express'
import { BODY_WARNINGS, readBatchBody, type BodyLimits } from './body'

/**
 * Reads POST /classify/batch bodies (JSON, CSV, NDJSON, each maybe gzip) from the request stream before any other
 * body parser, and answers a body it cannot read with the `{error, issues}` of every other error.
 */
export function batchBody(limits: BodyLimits): RequestHandler {
  return (req, res, next) => {
    readBatchBody(req, req.headers, limits).then((result) => {
      if (!result.ok) return void res.status(result.status).json({ error: result.error, issues: result.issues })
      const body = result.body
      if (body !== null && typeof body === 'object')
        Object.defineProperty(body, BODY_WARNINGS, { value: result.warnings })
      req.body = body
      // Tells express's body parsers downstream that the body has been read.
      ;(req as { _body?: boolean })._body = true
      next()
    }, next)
  }
}
