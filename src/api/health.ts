import type { Store } from '../db/store'
import { json, type HttpResponse } from './http'

export async function health(store: Store, pingRedis: () => Promise<void>): Promise<HttpResponse> {
  const sqlite = await store.ping()
  const redis = await pingRedis().then(
    () => true,
    () => false,
  )
  const ok = sqlite && redis
  return json(ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', sqlite, redis })
}
