import type { Request, RequestHandler } from 'express'
import type { HttpRequest, HttpResponse } from './http'

/**
 * Serves a handler straight from express, for the routes whose answer is streamed: Motia's API routes send a body
 * whole, which for a 100,000-row result would hold it all in memory.
 */
export function expressRoute(handler: (req: HttpRequest) => Promise<HttpResponse>): RequestHandler {
  return (req: Request, res, next) => {
    const request: HttpRequest = {
      body: req.body,
      pathParams: req.params as Record<string, string>,
      queryParams: req.query as HttpRequest['queryParams'],
    }
    handler(request)
      .then(async (answer) => {
        res.status(answer.status)
        for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
        if (!answer.stream) return void res.json(answer.body)
        for await (const piece of answer.stream) {
          if (res.destroyed) return
          if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve))
        }
        res.end()
      })
      .catch((error: unknown) => (res.headersSent ? res.destroy(error as Error) : next(error)))
  }
}
