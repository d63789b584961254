import type OpenAI from 'openai'
import type { z } from 'zod'
import { dropNullOptionals, jsonSchemaOf, strictJsonSchemaOf } from './json-schema'
import type { LlmTransport, TransportRequest, TransportResult } from './transport'

export interface OpenAiTransportOptions {
  provider: 'openai' | 'local'
  apiKey: string
  baseUrl: string
  model: string
  timeoutMs: number
}

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

  async function send(req: TransportRequest): Promise<TransportResult> {
    const { data: completion, response } = await (
      await sdk()
    ).chat.completions
      .create({
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
      })
      .withResponse()
    const message = completion.choices[0]?.message
    return {
      text: message?.content ?? message?.refusal ?? '',
      usage: {
        input_tokens: completion.usage?.prompt_tokens ?? 0,
        cached_input_tokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        output_tokens: completion.usage?.completion_tokens ?? 0,
      },
      headers: response.headers,
    }
  }

  function decode(text: string, schema: z.ZodType): unknown {
    return dropNullOptionals(JSON.parse(text), jsonSchemaOf(schema))
  }

  return { provider, model, send, decode }
}
