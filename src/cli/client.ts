// A small typed client of the HTTP API, shared by the demo, the tests and the bench.
import type { LlmTotals } from '../db/store'
import { FINISHED_BATCH_STATUSES, type BatchStatus as BatchState } from '../taxonomy/index'

export interface BatchStatus {
  batch_id: string
  status: BatchState
  total: number
  completed: number
  failed: number
  duration_ms: number
  llm: LlmTotals
  [key: string]: unknown
}

/** A response body as the service wrote it: scripts and tests read its fields as they know them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: JsonBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

export async function getJson(url: string): Promise<{ status: number; body: JsonBody }> {
  const response = await fetchRetrying(url)
  const text = await response.text()
  return {
    status: response.status,
    body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  }
}

export async function waitForBatch(
  baseUrl: string,
  batchId: string,
  timeoutMs = 300_000,
  pollMs = 250,
): Promise<BatchStatus> {
  const deadline = Date.now() + timeoutMs
  let last: BatchStatus | undefined
  while (Date.now() < deadline) {
    const { status, body } = await getJson(`${baseUrl}/classify/batch/${encodeURIComponent(batchId)}`)
    if (status === 200) {
      last = body as BatchStatus
      if (FINISHED_BATCH_STATUSES.includes(last.status)) return last
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
  throw new Error(`batch ${batchId} not finished after ${timeoutMs} ms; last status ${JSON.stringify(last)}`)
}

/** A GET is safe to repeat: a connection reset by a busy server (or a raced keep-alive socket) is retried. */
async function fetchRetrying(url: string, attempts = 4): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url)
    } catch (error) {
      if (attempt >= attempts) throw error
      await new Promise((r) => setTimeout(r, 250 * attempt))
    }
  }
}
