import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { BATCH_CONTENT_TYPES } from '../../src/api/body'
import { openApiDocument } from '../../src/api/openapi'
import { resultsQuerySchema } from '../../src/api/query'
import { ROUTES } from '../../src/api/routes'

type Operation = {
  parameters: { name: string; in: string }[]
  requestBody?: { content: Record<string, unknown> }
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}
const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Operation>> }
const op = (method: string, path: string) => doc.paths[path]![method]!

test('the document is valid OpenAPI 3.1', async () => {
  assert.equal(doc.openapi, '3.1.0')
  const result = await new Validator().validate(doc)
  assert.deepEqual(result, { valid: true })
})

test('every route is documented once, with its path parameters, and nothing else is', () => {
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  )
  assert.deepEqual(documented.sort(), ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort())
  for (const r of ROUTES) {
    const names = op(r.method.toLowerCase(), r.path.replace(/:(\w+)/g, '{$1}'))
      .parameters.filter((p) => p.in === 'path')
      .map((p) => p.name)
    assert.deepEqual(
      names,
      [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]),
    )
  }
})

test('query parameters, body content types and error shapes come from the schemas the handlers use', () => {
  const results = op('get', '/classify/batch/{batch_id}/results')
  assert.deepEqual(
    results.parameters.filter((p) => p.in === 'query').map((p) => p.name),
    Object.keys(resultsQuerySchema.shape),
  )
  const family = results.parameters.find((p) => p.name === 'family') as unknown as { schema: { enum: string[] } }
  assert.ok(family.schema.enum.includes('price-value'))
  assert.deepEqual(Object.keys(results.responses['200']!.content!).sort(), [
    'application/json',
    'application/x-ndjson',
    'text/csv',
  ])
  const post = op('post', '/classify/batch')
  assert.deepEqual(Object.keys(post.requestBody!.content).sort(), [...BATCH_CONTENT_TYPES].sort())
  for (const status of ['400', '413', '415']) {
    const schema = post.responses[status]!.content!['application/json']!.schema as {
      properties: Record<string, unknown>
    }
    assert.deepEqual(Object.keys(schema.properties), ['error', 'issues'])
  }
  const accepted = post.responses['202']!.content!['application/json']!.schema as {
    properties: Record<string, unknown>
  }
  assert.ok('warnings' in accepted.properties)
})
