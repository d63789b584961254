import dotenv from 'dotenv'
import { join } from 'node:path'
import { HANDED_SETTINGS, rawSetting, type Handed } from './handed'
import { docOf, SETTING_NAMES, settingsSchema, type SettingName, type Settings } from './schema'

export type Env = Record<string, string | undefined>

/** A bad value stops whoever reads it, naming every bad variable and why (never a secret's value). */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'SettingsError'
  }
}

/** Parses exactly `env`; unset and blank are the same to an operator editing a `.env` file. */
export function parseSettings(env: Env): Settings {
  const raw: Partial<Record<SettingName, string>> = {}
  for (const name of SETTING_NAMES) {
    const value = rawSetting(env, name)
    if (value) raw[name] = value
  }
  const result = settingsSchema.safeParse(raw)
  if (result.success) return result.data
  throw new SettingsError(
    result.error.issues.map((issue) => {
      const [name, ...inner] = issue.path as [SettingName, ...PropertyKey[]]
      const shown = docOf(name).secret ? '' : `=${raw[name]}`
      return `${name}${shown} is invalid: ${inner.length > 0 ? `${inner.join('.')}: ` : ''}${issue.message}`
    }),
  )
}

/** What applies when nothing is set. */
export const DEFAULT_SETTINGS: Settings = parseSettings({})

let dotenvApplied = false
let cached: { key: string; settings: Settings } | undefined

/**
 * This process's settings: `./.env` is applied under the environment first (a variable already set wins, as
 * dotenv does), so every service process and script honours it and passes it on to what it starts. Parsed again
 * only when one of the variables changed (tests set some).
 */
export function settings(): Settings {
  if (!dotenvApplied) {
    dotenv.config({ path: join(process.cwd(), '.env'), quiet: true })
    dotenvApplied = true
  }
  const raw = Object.fromEntries(SETTING_NAMES.map((name) => [name, rawSetting(process.env, name)]))
  const key = JSON.stringify(raw)
  if (cached?.key !== key) {
    cached = { key, settings: parseSettings(process.env) }
    // Handed down with the raw values it was parsed from, so every process started from here reads it (handed.ts).
    const handed: Handed = { raw, settings: cached.settings }
    process.env[HANDED_SETTINGS] = JSON.stringify(handed)
  }
  return cached.settings
}

/** `env` when given (tests, an explicit environment), else this process's settings. */
export function settingsOf(env?: Env): Settings {
  return env ? parseSettings(env) : settings()
}

/** Sets a variable for this process and everything it starts: how a launcher hands a mode to the config it loads. */
export function setSetting<N extends SettingName>(name: N, raw: string): void {
  process.env[name] = raw
}
