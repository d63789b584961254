import type OpenAI from 'openai'
import type { z } from 'zod'
import { dropNullOptionals, jsonSchemaOf, strictJsonSchemaOf } from './json-schema'
import type { BatchTransport, LlmTransport, TransportRequest, TransportResult } from './transport'
import type { ProviderBatchResult } from './types'

export interface OpenAiTransportOptions {
  provider: 'openai' | 'local'
  apiKey: string
  baseUrl: string
  model: string
  timeoutMs: number
}

/** The metadata key of the tag a batch was submitted under. */
const TAG_KEY = 'claim_id'

/** Batch statuses after which nothing more will be answered. */
const ENDED = new Set(['completed', 'expired', 'failed', 'cancelled'])

/** OpenAI itself and any OpenAI-compatible local server (LM Studio, Ollama /v1), via structured outputs. */
export function createOpenAiTransport(options: OpenAiTransportOptions): LlmTransport {
  // The SDK is loaded on first use: every pipeline step is a fresh process and most never call a provider.
  let client: Promise<OpenAI> | undefined
  const sdk = () =>
    (client ??= import('openai').then(
      ({ default: Sdk }) =>
        new Sdk({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 0 }),
    ))
  const { provider, model } = options

  function params(req: TransportRequest): OpenAI.ChatCompletionCreateParamsNonStreaming {
    return {
      model,
      temperature: 0,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: req.schema_name, strict: true, schema: strictJsonSchemaOf(req.schema) },
      },
      // Local servers predate max_completion_tokens; OpenAI deprecates max_tokens.
      ...(req.max_output_tokens === undefined
        ? {}
        : provider === 'local'
          ? { max_tokens: req.max_output_tokens }
          : { max_completion_tokens: req.max_output_tokens }),
    }
  }

  function read(completion: OpenAI.ChatCompletion): Omit<TransportResult, 'headers'> {
    const message = completion.choices[0]?.message
    return {
      text: message?.content ?? message?.refusal ?? '',
      usage: {
        input_tokens: completion.usage?.prompt_tokens ?? 0,
        cached_input_tokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        output_tokens: completion.usage?.completion_tokens ?? 0,
      },
    }
  }

  async function send(req: TransportRequest): Promise<TransportResult> {
    const { data, response } = await (await sdk()).chat.completions.create(params(req)).withResponse()
    return { ...read(data), headers: response.headers }
  }

  function decode(text: string, schema: z.ZodType): unknown {
    return dropNullOptionals(JSON.parse(text), jsonSchemaOf(schema))
  }

  /** A line of a batch's output or error file: the response of one request, or why it has none. */
  interface OutputLine {
    custom_id: string
    response: { status_code: number; body: unknown } | null
    error: { code?: string; message?: string } | null
  }

  function resultOf(line: OutputLine): ProviderBatchResult {
    const { custom_id, response, error } = line
    if (response?.status_code === 200)
      return { custom_id, error: null, ...read(response.body as OpenAI.ChatCompletion) }
    const reason =
      error?.message ??
      (response ? `HTTP ${response.status_code}: ${JSON.stringify(response.body).slice(0, 300)}` : 'no response')
    return { custom_id, text: null, usage: null, error: error?.code ? `${error.code}: ${reason}` : reason }
  }

  // JSONL in through /v1/files, one line per request; answers and errors come back as two JSONL files.
  const batch: BatchTransport = {
    async submit(tag, requests) {
      const { toFile } = await import('openai')
      const lines = requests.map(({ custom_id, request }) =>
        JSON.stringify({ custom_id, method: 'POST', url: '/v1/chat/completions', body: params(request) }),
      )
      const api = await sdk()
      const file = await api.files.create({
        file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'questions.jsonl'),
        purpose: 'batch',
      })
      const created = await api.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { [TAG_KEY]: tag },
      })
      return created.id
    },
    // Listed newest first: the search stops at the first batch older than its window (created_at is in seconds).
    async find({ tag, from, to }) {
      for await (const listed of (await sdk()).batches.list({ limit: 100 })) {
        const created = listed.created_at * 1000
        if (created < from - 1000) break
        if (created <= to && listed.metadata?.[TAG_KEY] === tag) return { found: listed.id }
      }
      return { found: null }
    },
    async poll(id) {
      const api = await sdk()
      const found = await api.batches.retrieve(id)
      if (!ENDED.has(found.status)) return { ended: false, status: found.status }
      const results: ProviderBatchResult[] = []
      for (const fileId of [found.output_file_id, found.error_file_id]) {
        if (!fileId) continue
        const text = await (await api.files.content(fileId)).text()
        for (const line of text.split('\n'))
          if (line.trim() !== '') results.push(resultOf(JSON.parse(line) as OutputLine))
      }
      return { ended: true, status: found.status, results }
    },
  }

  return { provider, model, send, decode, ...(provider === 'openai' ? { batch } : {}) }
}
