import type { Issue } from './http'

/** A body the reader refuses, with the HTTP status and the `{error, issues}` the client gets. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message)
  }
}

export function tooManyRecords(max: number): BodyError {
  return new BodyError(413, `too many indicators: more than CLASSIFY_MAX_BATCH (${max})`, [
    { path: 'indicators', message: `at most ${max} indicators per batch` },
  ])
}
