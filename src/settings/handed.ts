// Settings are parsed once, by the process that starts the service (load.ts hands them down in the environment),
// and read here without the schema: a step invocation is a fresh process that pays for what it imports, and the
// schema's zod is a third of what the join and complete steps would load.
import type { Settings } from './schema'

/** The environment variable that carries the parsed settings to every process started after the parse. */
export const HANDED_SETTINGS = 'CLASSIFY_PARSED_SETTINGS'

/** The raw value of every setting (null when unset) the settings were parsed from, and what they parsed to. */
export interface Handed {
  raw: Record<string, string | null>
  settings: Settings
}

/** A setting's raw value as the parser reads it: unset and blank are the same. */
export const rawSetting = (env: Record<string, string | undefined>, name: string): string | null =>
  env[name]?.trim() || null

/**
 * The settings this process was handed, if any and if still valid: every variable still has the value they were
 * parsed from (a test or a launcher may set one after the parse).
 */
export function handedSettings(env: Record<string, string | undefined> = process.env): Settings | undefined {
  const text = env[HANDED_SETTINGS]
  if (!text) return undefined
  const handed = JSON.parse(text) as Handed
  const current = Object.entries(handed.raw).every(([name, value]) => rawSetting(env, name) === value)
  return current ? handed.settings : undefined
}

/** The handed-down settings, for code that only runs in the service's step processes. */
export function stepSettings(): Settings {
  const settings = handedSettings()
  if (settings) return settings
  throw new Error(
    `${HANDED_SETTINGS} is unset or stale: step processes read the settings motia.config.ts parsed at start ` +
      '(start the service with npm start, npm run dev or motia start/dev in this folder)',
  )
}
