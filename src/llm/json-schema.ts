import type { z } from 'zod'

export type JsonSchema = Record<string, unknown>

/** The zod schema as JSON Schema, without the `$schema` marker that tool and response-format APIs reject. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = schema.toJSONSchema() as JsonSchema
  return rest
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * OpenAI strict mode demands every property be required and forbids extra keys and `default`.
 * Optional properties therefore become required-but-nullable; `dropNullOptionals` undoes that
 * on the answer so the zod schema still sees them as absent.
 */
export function strictJsonSchemaOf(schema: z.ZodType): JsonSchema {
  return toStrict(jsonSchemaOf(schema))
}

function toStrict(node: unknown): JsonSchema {
  if (!isObject(node)) return node as JsonSchema
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'default') continue
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toStrict(child)]))
    } else if (Array.isArray(value)) {
      out[key] = value.map((item) => (isObject(item) ? toStrict(item) : item))
    } else {
      out[key] = isObject(value) ? toStrict(value) : value
    }
  }
  if (isObject(out.properties)) {
    const properties = out.properties
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : [])
    for (const name of Object.keys(properties)) {
      if (!required.has(name)) properties[name] = { anyOf: [properties[name], { type: 'null' }] }
    }
    out.required = Object.keys(properties)
    out.additionalProperties = false
  }
  return out
}

/** Removes the nulls OpenAI strict mode forces into optional properties, guided by the non-strict schema. */
export function dropNullOptionals(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    return isObject(schema.items) ? value.map((item) => dropNullOptionals(item, schema.items as JsonSchema)) : value
  }
  if (!isObject(value) || !isObject(schema.properties)) return value
  const properties = schema.properties
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (child === null && key in properties && !required.has(key)) continue
    const childSchema = properties[key]
    out[key] = isObject(childSchema) ? dropNullOptionals(child, childSchema) : child
  }
  return out
}
