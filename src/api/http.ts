import type { z } from 'zod'

export interface HttpRequest {
  body: unknown
  pathParams: Record<string, string>
  queryParams: Record<string, string | string[]>
}

export interface HttpResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** A body written piece by piece as it is read (instead of `body`): results of any size in constant memory. */
  stream?: AsyncIterable<string>
}

export interface Issue {
  path: string
  message: string
}

export const json = (status: number, body: unknown): HttpResponse => ({ status, body })

export function badRequest(error: string, issues: Issue[]): HttpResponse {
  return json(400, { error, issues })
}

/** Every zod issue as a dotted path naming the field, e.g. `indicators.3.sample_values.0.value`. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.join('.')
    // An unknown key is named itself, not just the object that holds it.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: `unknown field "${key}"` }))
    return [{ path: path || '(body)', message: issue.message }]
  })
}
