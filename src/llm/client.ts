import { createAnthropicTransport } from './anthropic'
import { missingSettings, type LlmConfig } from './config-of'
import { costUsd } from './cost'
import { errorMessage, LlmInvalidOutputError, LlmRequestError } from './errors'
import { createOpenAiTransport } from './openai'
import { withRetry, type RetryOptions } from './retry'
import { carriesTag, type LlmTransport } from './transport'
import { estimateTokens, type SharedLimiter } from './limiter'
import { observedLimits, type HeaderSource } from './rate-headers'
import { loadZod, zod } from './zod'
import type { LlmBatchClient, LlmCallRecord, LlmClient, LlmProvider, LlmRequest, LlmResponse, LlmUsage } from './types'

export type LlmClientDeps = Pick<RetryOptions, 'sleep' | 'random' | 'onRateLimited' | 'baseDelayMs' | 'maxDelayMs'> & {
  /** Limits shared with every other process calling the same provider. */
  limiter?: SharedLimiter
}

/** Long outputs are cut when quoted back, so a repair request cannot outgrow the original. */
const MAX_QUOTED_CHARS = 8000

export function createLlmClient(config: LlmConfig, provider: LlmProvider, deps: LlmClientDeps = {}): LlmClient {
  const missing = missingSettings(config, provider)
  if (missing.length > 0) throw new Error(`LLM provider ${provider} needs ${missing.join(', ')}`)
  return clientFromTransport(transportFor(config, provider), config, deps)
}

function transportFor(config: LlmConfig, provider: LlmProvider): LlmTransport {
  const timeoutMs = config.timeoutMs
  if (provider === 'anthropic') {
    const { apiKey, baseUrl, model } = config.anthropic
    return createAnthropicTransport({ apiKey: apiKey ?? '', baseUrl, model, timeoutMs })
  }
  const { apiKey, baseUrl, model } = config[provider]
  return createOpenAiTransport({ provider, apiKey: apiKey ?? '', baseUrl, model, timeoutMs })
}

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string }

function check<T>(transport: LlmTransport, text: string, req: LlmRequest<T>): Checked<T> {
  let decoded: unknown
  try {
    decoded = transport.decode(text, req.wire_schema ?? req.schema)
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${errorMessage(error)}` }
  }
  const result = req.schema.safeParse(decoded)
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, reason: `schema violation: ${zod().prettifyError(result.error)}` }
}

function repairPrompt(user: string, schemaName: string, previous: string, reason: string): string {
  const quoted = previous.length > MAX_QUOTED_CHARS ? `${previous.slice(0, MAX_QUOTED_CHARS)}…(truncated)` : previous
  return [
    user,
    '',
    'Your previous answer was rejected.',
    `Previous answer:\n${quoted || '(empty)'}`,
    `Validation error:\n${reason}`,
    `Answer again with one JSON object matching the "${schemaName}" schema exactly.`,
  ].join('\n')
}

export function clientFromTransport(transport: LlmTransport, config: LlmConfig, deps: LlmClientDeps = {}): LlmClient {
  const { provider, model } = transport
  const cost = (usage: LlmUsage) => (provider === 'local' ? 0 : costUsd(model, usage, config.prices))

  /** An answer without limit headers tells the limiter there is nothing to learn (a local server), so it stops probing. */
  const observe = (headers: HeaderSource | undefined, answeredWith?: number) => {
    const limits = observedLimits(headers)
    if (limits || answeredWith !== undefined) void deps.limiter?.observe(provider, limits ?? {}, answeredWith)
  }

  async function complete<T>(req: LlmRequest<T>): Promise<LlmResponse<T>> {
    await loadZod()
    const started = performance.now()
    const calls: LlmCallRecord[] = []
    const items = req.items ?? 1
    const record = (fields: Partial<LlmCallRecord> & Pick<LlmCallRecord, 'latency_ms' | 'status'>) => {
      const usage = {
        input_tokens: fields.input_tokens ?? 0,
        cached_input_tokens: fields.cached_input_tokens ?? 0,
        cache_write_tokens: fields.cache_write_tokens ?? 0,
        output_tokens: fields.output_tokens ?? 0,
      }
      const entry: LlmCallRecord = {
        provider,
        model,
        items,
        attempt: calls.length + 1,
        error: null,
        cost_usd: cost(usage),
        ...fields,
        ...usage,
      }
      calls.push(entry)
    }

    const send = (user: string) => {
      let failedAt = 0
      return withRetry(
        async () => {
          const release = await deps.limiter?.acquire(provider, estimateTokens(req.system, user, items))
          const callStarted = performance.now()
          try {
            const sent = await transport.send({ ...req, schema: req.wire_schema ?? req.schema, user })
            const used = sent.usage.input_tokens + sent.usage.output_tokens
            observe(sent.headers, used)
            release?.(used)
            return { ...sent, callStarted }
          } catch (error) {
            release?.(0)
            // A 429 carries the limits too, and is when they matter most.
            observe(error instanceof Error && 'headers' in error ? (error.headers as HeaderSource) : undefined)
            failedAt = performance.now() - callStarted
            throw error
          }
        },
        {
          ...deps,
          onRateLimited: (delay) => {
            void deps.limiter?.penalize(provider, delay)
            deps.onRateLimited?.(delay)
          },
          maxRetries: config.maxRetries,
          onRetry: (error) => record({ latency_ms: failedAt, status: 'retried', error: errorMessage(error) }),
        },
      ).catch((error: unknown) => {
        record({ latency_ms: failedAt, status: 'error', error: errorMessage(error) })
        throw new LlmRequestError(`${provider} request failed: ${errorMessage(error)}`, calls, { cause: error })
      })
    }

    let user = req.user
    for (let round = 0; ; round++) {
      const { text, usage, callStarted } = await send(user)
      const checked = check(transport, text, req)
      record({
        ...usage,
        latency_ms: performance.now() - callStarted,
        status: checked.ok ? 'ok' : 'invalid',
        error: checked.ok ? null : checked.reason,
      })
      if (checked.ok) {
        return {
          value: checked.value,
          usage: {
            input_tokens: calls.reduce((sum, c) => sum + c.input_tokens, 0),
            cached_input_tokens: calls.reduce((sum, c) => sum + c.cached_input_tokens, 0),
            cache_write_tokens: calls.reduce((sum, c) => sum + c.cache_write_tokens, 0),
            output_tokens: calls.reduce((sum, c) => sum + c.output_tokens, 0),
          },
          latency_ms: performance.now() - started,
          attempts: calls.length,
          calls,
        }
      }
      // One repair is worth it: models usually fix what they are shown; a second failure means it cannot.
      if (round === 1) throw new LlmInvalidOutputError(checked.reason, text, calls)
      user = repairPrompt(req.user, req.schema_name, text, checked.reason)
    }
  }

  const batchTransport = transport.batch
  const batch: LlmBatchClient | undefined = batchTransport && {
    submit(tag, requests) {
      const untagged = requests.find(({ custom_id }) => !carriesTag(custom_id, tag))
      if (untagged) throw new Error(`custom_id ${untagged.custom_id} does not carry the submission's tag ${tag}`)
      return batchTransport.submit(
        tag,
        requests.map(({ custom_id, request }) => ({
          custom_id,
          request: { ...request, schema: request.wire_schema ?? request.schema },
        })),
      )
    },
    find: (search) => batchTransport.find(search),
    async poll(id, describe) {
      const polled = await batchTransport.poll(id)
      if (!polled.ended) return polled
      const results = polled.results.map((result) => {
        const usage = {
          input_tokens: result.usage?.input_tokens ?? 0,
          cached_input_tokens: result.usage?.cached_input_tokens ?? 0,
          cache_write_tokens: result.usage?.cache_write_tokens ?? 0,
          output_tokens: result.usage?.output_tokens ?? 0,
        }
        const call: LlmCallRecord = {
          provider,
          model,
          items: describe.items(result.custom_id),
          ...usage,
          latency_ms: describe.latency_ms,
          attempt: 1,
          status: result.error === null ? 'ok' : 'error',
          error: result.error,
          cost_usd: provider === 'local' ? 0 : costUsd(model, usage, config.prices, 'batch'),
        }
        return { ...result, call }
      })
      return { ...polled, results }
    },
    read: (text, req) => check(transport, text, req),
  }

  return { provider, model, complete, ...(batch ? { batch } : {}) }
}
