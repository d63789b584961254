import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Store } from '../db/store'
import { json, type HttpResponse } from './http'

/**
 * Why the database cannot be written, or null. A read answers even from a read-only or immutable file, so the
 * file, its WAL and shared-memory files and the folder (where SQLite creates them) are asked for write access, as
 * the kernel would grant it to SQLite, root included (an immutable file or a read-only mount refuses root too).
 */
export function databaseUnwritable(database_path: string): string | null {
  const paths = [database_path, `${database_path}-wal`, `${database_path}-shm`].filter(existsSync)
  for (const path of [dirname(database_path), ...paths]) {
    try {
      accessSync(path, constants.W_OK)
    } catch (error) {
      return `${path} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`
    }
  }
  return null
}

/** 200 `ok`, or 503 `degraded` with `problems` naming each failing part and why. */
export async function health(
  store: Store,
  pingRedis: () => Promise<void>,
  /** The SQLite file, whose write access is checked; null for PostgreSQL, which answers for itself. */
  database_path: string | null,
): Promise<HttpResponse> {
  const problems: Record<string, string> = {}
  if (!(await store.ping())) problems.sqlite = 'the database does not answer'
  else if (database_path !== null) {
    const unwritable = databaseUnwritable(database_path)
    if (unwritable) problems.sqlite = unwritable
  }
  await pingRedis().catch((error: unknown) => {
    problems.redis = error instanceof Error ? error.message : String(error)
  })
  const ok = Object.keys(problems).length === 0
  return json(ok ? 200 : 503, {
    status: ok ? 'ok' : 'degraded',
    sqlite: !problems.sqlite,
    redis: !problems.redis,
    ...(ok ? {} : { problems }),
  })
}

const PING_TIMEOUT_MS = 2000

/** A Redis round trip that fails within PING_TIMEOUT_MS: a client reconnecting queues commands instead of failing. */
export function redisPing(roundTrip: () => Promise<unknown>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
      roundTrip().then(
        () => (clearTimeout(timer), resolve()),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      )
    })
}
