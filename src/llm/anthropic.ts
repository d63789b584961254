import type Anthropic from '@anthropic-ai/sdk'
import { jsonSchemaOf } from './json-schema'
import {
  carriesTag,
  type BatchTransport,
  type LlmTransport,
  type TransportRequest,
  type TransportResult,
} from './transport'
import type { ProviderBatchResult } from './types'

export interface AnthropicTransportOptions {
  apiKey: string
  baseUrl: string
  model: string
  timeoutMs: number
}

/** Messages API requires a ceiling; generous because the answer is cut off, not shortened, when it is hit. */
const DEFAULT_MAX_TOKENS = 4096

/** Structured output through one forced tool whose input schema is the answer schema. */
export function createAnthropicTransport(options: AnthropicTransportOptions): LlmTransport {
  // The SDK is loaded on first use: every pipeline step is a fresh process and most never call a provider.
  let client: Promise<Anthropic> | undefined
  const sdk = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      ({ default: Sdk }) =>
        new Sdk({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 0 }),
    ))
  const { model } = options

  function params(req: TransportRequest): Anthropic.MessageCreateParamsNonStreaming {
    return {
      model,
      max_tokens: req.max_output_tokens ?? DEFAULT_MAX_TOKENS,
      // The system prompt is the same on every call of a stage: marked, Anthropic serves it (and the tool before it)
      // from its prompt cache at a tenth of the input price.
      system: [{ type: 'text', text: req.system, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: req.user }],
      tools: [
        {
          name: req.schema_name,
          description: 'Record the answer. Always answer through this tool.',
          input_schema: { type: 'object', ...jsonSchemaOf(req.schema) },
        },
      ],
      tool_choice: { type: 'tool', name: req.schema_name },
    }
  }

  function read(message: Anthropic.Message, schemaName: string): Omit<TransportResult, 'headers'> {
    const tool = message.content.find((block) => block.type === 'tool_use' && block.name === schemaName)
    // Without the tool call, whatever text came back is the output the repair request quotes.
    const text =
      tool?.type === 'tool_use'
        ? JSON.stringify(tool.input)
        : message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')
    // Anthropic's input_tokens leaves out the cached prefix; ours counts every prompt token, as OpenAI's does.
    const cached_input_tokens = message.usage.cache_read_input_tokens ?? 0
    const cache_write_tokens = message.usage.cache_creation_input_tokens ?? 0
    return {
      text,
      usage: {
        input_tokens: message.usage.input_tokens + cached_input_tokens + cache_write_tokens,
        cached_input_tokens,
        cache_write_tokens,
        output_tokens: message.usage.output_tokens,
      },
    }
  }

  async function send(req: TransportRequest): Promise<TransportResult> {
    const { data, response } = await (await sdk()).messages.create(params(req)).withResponse()
    return { ...read(data, req.schema_name), headers: response.headers }
  }

  function resultOf(entry: Anthropic.Messages.MessageBatchIndividualResponse): ProviderBatchResult {
    const { custom_id, result } = entry
    if (result.type === 'succeeded') {
      // The forced tool is the only one sent, so its name is whatever the model called.
      const tool = result.message.content.find((block) => block.type === 'tool_use')
      return { custom_id, error: null, ...read(result.message, tool?.type === 'tool_use' ? tool.name : '') }
    }
    const reason = result.type === 'errored' ? `errored: ${result.error.error.message}` : result.type
    return { custom_id, text: null, usage: null, error: reason }
  }

  // Message batches: the requests go in one body, the results come back as a JSONL stream once it has ended.
  const batch: BatchTransport = {
    async submit(_tag, requests) {
      const created = await (
        await sdk()
      ).messages.batches.create({
        requests: requests.map(({ custom_id, request }) => ({ custom_id, params: params(request) })),
      })
      return created.id
    },
    async poll(id) {
      const api = await sdk()
      const found = await api.messages.batches.retrieve(id)
      if (found.processing_status !== 'ended') return { ended: false, status: found.processing_status }
      const results: ProviderBatchResult[] = []
      for await (const entry of await api.messages.batches.results(id)) results.push(resultOf(entry))
      return { ended: true, status: found.processing_status, results }
    },
    // Listed newest first. A batch shows its requests' custom_ids, which carry the tag, only once it has ended.
    async find({ tag, from, to, requests, known }) {
      const api = await sdk()
      const undecided: string[] = []
      for await (const listed of api.messages.batches.list({ limit: 100 })) {
        const created = Date.parse(listed.created_at)
        if (created < from) break
        const { processing, succeeded, errored, canceled, expired } = listed.request_counts
        const count = processing + succeeded + errored + canceled + expired
        if (created > to || known.has(listed.id) || count !== requests) continue
        if (listed.processing_status !== 'ended') {
          undecided.push(listed.id)
          continue
        }
        for await (const entry of await api.messages.batches.results(listed.id)) {
          if (carriesTag(entry.custom_id, tag)) return { found: listed.id }
          break
        }
      }
      return undecided.length > 0 ? { undecided } : { found: null }
    },
  }

  return { provider: 'anthropic', model, send, decode: (text) => JSON.parse(text), batch }
}
