import type { Db } from '../db/connection'
import { json, type HttpResponse } from './http'

export async function health(db: Db, pingRedis: () => Promise<void>): Promise<HttpResponse> {
  const sqlite = (() => {
    try {
      return db.prepare('SELECT 1').pluck().get() === 1
    } catch {
      return false
    }
  })()
  const redis = await pingRedis().then(
    () => true,
    () => false,
  )
  const ok = sqlite && redis
  return json(ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', sqlite, redis })
}
