// A run of the CLI is one or more batches ("parts") of at most CLASSIFY_MAX_BATCH indicators. The first part's id is
// the run's batch id and the others add ".2", ".3"…: a one-part run is a plain batch, and a run is found again from its
// id alone, which is what lets `--batch-id` resume it without re-submitting the parts the service already holds.
import { getJson, postJson, type BatchStatus } from './client'

export const partId = (runId: string, index: number): string => (index === 0 ? runId : `${runId}.${index + 1}`)

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `cli-${stamp}-${Math.random().toString(36).slice(2, 6)}`
}

export interface PartLimits {
  /** Most indicators per part (CLASSIFY_MAX_BATCH). */
  records: number
  /** Most body bytes per part, under the service's CLASSIFY_MAX_BODY_MB. */
  bytes: number
}

/** Groups records into parts by both limits, serialized once as they arrive. */
export async function* partsOf(
  records: AsyncIterable<Record<string, unknown>>,
  limits: PartLimits,
): AsyncGenerator<string[]> {
  let part: string[] = []
  let bytes = 0
  for await (const record of records) {
    const text = JSON.stringify(record)
    const size = Buffer.byteLength(text) + 1
    if (part.length > 0 && (part.length >= limits.records || bytes + size > limits.bytes)) {
      yield part
      part = []
      bytes = 0
    }
    part.push(text)
    bytes += size
  }
  if (part.length > 0) yield part
}

export interface Submitted {
  batch_id: string
  count: number
  /** The service already held this part (a resumed run): it was not sent again. */
  resumed: boolean
}

/** Sends a part unless the service already holds it; a held part must be the same size as this one. */
export async function submitPart(
  url: string,
  batchId: string,
  part: string[],
  llmProvider: string | undefined,
): Promise<Submitted> {
  const held = await getJson(`${url}/classify/batch/${encodeURIComponent(batchId)}`)
  if (held.status === 200) {
    const total = (held.body as BatchStatus).total
    if (total !== part.length) {
      throw new Error(
        `batch ${batchId} holds ${total} indicators but this part of the input has ${part.length}: resume with the same files and --batch-size`,
      )
    }
    return { batch_id: batchId, count: total, resumed: true }
  }
  const options = `"batch_id":${JSON.stringify(batchId)}${llmProvider ? `,"llm_provider":${JSON.stringify(llmProvider)}` : ''}`
  const posted = await postJson(`${url}/classify/batch`, `{${options},"indicators":[${part.join(',')}]}`)
  if (posted.status !== 202 && posted.status !== 200) {
    const issues = ((posted.body?.issues ?? []) as { path: string; message: string }[])
      .slice(0, 10)
      .map((i) => `\n  ${i.path}: ${i.message}`)
    throw new Error(
      `POST /classify/batch (${batchId}) answered ${posted.status}: ${posted.body?.error ?? JSON.stringify(posted.body)}${issues.join('')}`,
    )
  }
  return { batch_id: batchId, count: part.length, resumed: false }
}

/** The parts of a run the service holds, in order: `runId`, `runId.2`… up to the first it does not know. */
export async function runParts(url: string, runId: string): Promise<BatchStatus[]> {
  const parts: BatchStatus[] = []
  for (;;) {
    const { status, body } = await getJson(`${url}/classify/batch/${encodeURIComponent(partId(runId, parts.length))}`)
    if (status === 404) return parts
    if (status !== 200)
      throw new Error(`GET /classify/batch/${partId(runId, parts.length)} answered ${status}: ${JSON.stringify(body)}`)
    parts.push(body as BatchStatus)
  }
}
