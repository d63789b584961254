// Which settings hold credentials, declared here rather than in the schema so that a step process, which never loads
// the schema's zod, can still mask them; the schema's docs mark exactly these as secret.
import { rawSetting } from './handed'
import type { SettingName } from './schema'

export const SECRET_SETTINGS = [
  'API_KEYS',
  'DATABASE_URL',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
] as const satisfies readonly SettingName[]

export const isSecretSetting = (name: string): boolean => (SECRET_SETTINGS as readonly string[]).includes(name)

/**
 * The values of every secret setting in this process's environment: what no log, row or response may contain. Read
 * raw, as every process has them, each comma-separated item also on its own (API_KEYS is a list): masking the whole
 * value and its parts masks at least what the parsed value holds.
 */
export function secretValues(env: Record<string, string | undefined> = process.env): string[] {
  const values = SECRET_SETTINGS.flatMap((name) => {
    const raw = rawSetting(env, name)
    return raw ? [raw, ...raw.split(',').map((item) => item.trim())] : []
  })
  return [...new Set(values.filter((value) => value.length > 0))]
}
