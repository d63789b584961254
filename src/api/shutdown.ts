// Work to do before the server process exits (close SQLite, …), registered by whoever opened it.
// Kept on globalThis: the launcher and the plugin it loads through Motia's config loader get separate copies of
// this module, and both must see one list.
type Hook = () => void | Promise<void>

const KEY = Symbol.for('indicator-classify.shutdown-hooks')
const hooks = ((globalThis as Record<symbol, Hook[]>)[KEY] ??= [])

export function onShutdown(hook: Hook): void {
  hooks.push(hook)
}

/** Runs every hook once, last registered first; a failing hook does not stop the others. */
export async function runShutdownHooks(): Promise<string[]> {
  const errors: string[] = []
  for (const hook of hooks.splice(0).reverse()) {
    try {
      await hook()
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error))
    }
  }
  return errors
}
