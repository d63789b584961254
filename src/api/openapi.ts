import { z } from 'zod'
import { ROUTES, type RouteDoc } from './routes'

// GET /openapi.json: OpenAPI 3.1 generated from the zod schemas the handlers validate requests with (src/api/query.ts,
// the taxonomy's batch request) and answer with (src/api/responses.ts), for every route of src/api/routes.ts.

const TEXT_BODIES: Record<string, string> = {
  'text/csv':
    "CSV with a header row of field names (ours or a catalogue's); sample_values as a JSON cell or as columns named by dates; SDMX-CSV long form (TIME_PERIOD, OBS_VALUE) is grouped into series",
  'application/x-ndjson': 'one indicator (JSON object) per line',
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>
  return rest
}

function content(types: Record<string, z.ZodType | null>, io: 'input' | 'output') {
  return Object.fromEntries(
    Object.entries(types).map(([type, schema]) => [
      type,
      {
        schema: schema
          ? jsonSchema(schema, io)
          : { type: 'string', ...(TEXT_BODIES[type] ? { description: TEXT_BODIES[type] } : {}) },
      },
    ]),
  )
}

function parameters(route: RouteDoc) {
  const inPath = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1]!,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const inQuery = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => {
    const { description, ...rest } = jsonSchema(schema as z.ZodType, 'input')
    return {
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: rest,
      ...(description ? { description } : {}),
    }
  })
  const encoding = route.body
    ? [
        {
          name: 'content-encoding',
          in: 'header',
          required: false,
          schema: { type: 'string', enum: ['gzip', 'identity'] },
          description: 'gzip bodies are inflated, up to CLASSIFY_MAX_BODY_MB',
        },
      ]
    : []
  return [...inPath, ...inQuery, ...encoding]
}

function operation(route: RouteDoc) {
  return {
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[:/.]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: true, content: content(route.body, 'input') } } : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => {
        const types = r.content ?? (r.schema ? { 'application/json': r.schema } : undefined)
        return [status, { description: r.description, ...(types ? { content: content(types, 'output') } : {}) }]
      }),
    ),
  }
}

let built: Record<string, unknown> | undefined

export function openApiDocument(): Record<string, unknown> {
  if (built) return built
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of ROUTES as readonly RouteDoc[]) {
    const path = route.path.replace(/:(\w+)/g, '{$1}')
    ;(paths[path] ??= {})[route.method.toLowerCase()] = operation(route)
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'indicator-classify',
      version: '0.1.0',
      description:
        'Classifies economic indicators into the taxonomy of docs/TAXONOMY.md. Every error is {error, issues: [{path, message}]}.',
    },
    paths,
  }
  return built
}
