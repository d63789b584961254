import { z } from 'zod'

/**
 * What a variable accepts, said once for the parser and the docs: the zod schema over the raw (trimmed, non-blank)
 * string, the same rule in words for the README and `.env.example`, and how a default value is written in a `.env`.
 */
export interface Kind<T> {
  schema: z.ZodType<T>
  accepts: string
  write: (value: T) => string
}

const range = (min: number, max: number) => (max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`)

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Kind<number> {
  return { schema: z.coerce.number().int().min(min).max(max), accepts: `integer ${range(min, max)}`, write: String }
}

export function decimal(min: number, max = Number.MAX_SAFE_INTEGER): Kind<number> {
  return { schema: z.coerce.number().min(min).max(max), accepts: `number ${range(min, max)}`, write: String }
}

const TRUE = ['1', 'true', 'yes', 'on']
const FALSE = ['0', 'false', 'no', 'off']

export const flag: Kind<boolean> = {
  schema: z
    .string()
    .toLowerCase()
    .pipe(z.enum([...TRUE, ...FALSE]))
    .transform((value) => TRUE.includes(value)),
  accepts: '`1` or `0` (true/false, yes/no, on/off)',
  write: (value) => (value ? '1' : '0'),
}

export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  return { schema: z.enum(values as [T, ...T[]]), accepts: values.map((v) => `\`${v}\``).join(', '), write: String }
}

export const text: Kind<string> = { schema: z.string(), accepts: 'text', write: String }

export function matching(pattern: RegExp, shape: string): Kind<string> {
  return { schema: z.string().regex(pattern, `expected ${shape}`), accepts: `\`${shape}\``, write: String }
}

export const url: Kind<string> = {
  schema: z.string().refine((value) => URL.canParse(value), 'expected an absolute URL'),
  accepts: 'absolute URL',
  write: String,
}

/** A JSON document checked against `schema`; malformed JSON is named as such, not as a type error. */
export function json<T>(schema: z.ZodType<T>, shape: string): Kind<T> {
  return {
    schema: z
      .string()
      .transform((raw, ctx) => {
        try {
          return JSON.parse(raw) as unknown
        } catch {
          ctx.addIssue({ code: 'custom', message: `not valid JSON; expected ${shape}` })
          return z.NEVER
        }
      })
      .pipe(schema),
    accepts: `JSON \`${shape}\``,
    write: (value) => JSON.stringify(value),
  }
}

/** A comma-separated list of items each matching `pattern`; blanks between commas are ignored. */
export function listOf(pattern: RegExp, shape: string): Kind<string[]> {
  return {
    schema: z
      .string()
      .transform((raw) =>
        raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(pattern, `each item must be ${shape}`))),
    accepts: `comma-separated ${shape}`,
    write: (items) => items.join(','),
  }
}
