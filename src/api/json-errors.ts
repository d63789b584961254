import type { RequestHandler } from 'express'

/**
 * Motia's own body parser answers malformed JSON with an HTML error page; parsing our routes' bodies first gives
 * the client the same `{error, issues}` shape as every other 400.
 */
export function jsonBodyWithErrors(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      if (!error) return next()
      const message = error instanceof Error ? error.message : String(error)
      const status = (error as { type?: string }).type === 'entity.too.large' ? 413 : 400
      res.status(status).json({ error: 'request body is not valid JSON', issues: [{ path: '(body)', message }] })
    })
  }
}
