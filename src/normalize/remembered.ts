// Catalogues repeat each title and units string for every country, so the pure readings of them that cost most
// (units parsed, rule terms matched, the tuned cases compared) are kept per process rather than redone per series.

const scopes = new WeakMap<object, Map<string, unknown>>()

/**
 * `compute()`'s value for `key` within `scope` (the function or table it belongs to), computed once. At most `bound`
 * values are kept per scope: far more than a catalogue's distinct ones, so a long-lived process stays bounded.
 */
export function remembered<T>(scope: object, key: string, compute: () => T, bound = 20_000): T {
  const memo = scopes.get(scope) ?? scopes.set(scope, new Map()).get(scope)!
  if (memo.has(key)) return memo.get(key) as T
  if (memo.size >= bound) memo.clear()
  const value = compute()
  memo.set(key, value)
  return value
}
