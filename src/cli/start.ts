// `npm start` / `npm run dev`: `motia start|dev` on the HOST and PORT of the settings, so `.env` decides them too
// (package.json cannot: it expands variables before anything reads `.env`). A bad setting stops here, named.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SettingsError, settings } from '../settings/load'
import type { Settings } from '../settings/schema'
import { motiaDirFor, PROJECT_ROOT } from './service-process'

const COMMANDS = ['start', 'dev'] as const

/**
 * The motia command line; arguments after the command (e.g. `npm start -- --debug`) are passed on. The embedded
 * Redis data goes beside DATABASE_PATH unless `--motia-dir` is given.
 */
export function motiaArgs(
  command: (typeof COMMANDS)[number],
  s: Pick<Settings, 'HOST' | 'PORT' | 'DATABASE_PATH'>,
  extra: string[] = [],
): string[] {
  const motiaDir = extra.includes('--motia-dir') ? [] : ['--motia-dir', motiaDirFor(s.DATABASE_PATH)]
  return [command, '--host', s.HOST, '--port', String(s.PORT), ...motiaDir, ...extra]
}

function main(): void {
  const [command, ...extra] = process.argv.slice(2)
  if (!COMMANDS.includes(command as never))
    throw new Error(`usage: tsx src/cli/start.ts ${COMMANDS.join('|')} [motia options]`)
  const args = motiaArgs(command as (typeof COMMANDS)[number], settings(), extra)
  // .env is in process.env now (settings() applied it), so motia and its step processes inherit it.
  const child = spawn(join(PROJECT_ROOT, 'node_modules/.bin/motia'), args, { cwd: PROJECT_ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main()
  } catch (error) {
    console.error(
      error instanceof SettingsError
        ? `invalid settings (environment or .env):\n${error.message}`
        : error instanceof Error
          ? error.message
          : error,
    )
    process.exit(1)
  }
}
