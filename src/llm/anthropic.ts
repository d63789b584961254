import type Anthropic from '@anthropic-ai/sdk'
import { jsonSchemaOf } from './json-schema'
import type { LlmTransport, TransportRequest, TransportResult } from './transport'

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

  async function send(req: TransportRequest): Promise<TransportResult> {
    const { data: message, response } = await (
      await sdk()
    ).messages
      .create({
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
      })
      .withResponse()
    const tool = message.content.find((block) => block.type === 'tool_use' && block.name === req.schema_name)
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
      headers: response.headers,
    }
  }

  return { provider: 'anthropic', model, send, decode: (text) => JSON.parse(text) }
}
