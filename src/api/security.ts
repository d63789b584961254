// The production front door: registered before anything Motia mounts, it answers every request outside our own
// route table itself, so the Workbench, Vite's /@fs, /__motia*, /emit, analytics and Motia's blanket CORS never run.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { RequestHandler, Response } from 'express'
import { settings, type Settings } from '../settings/index'

export interface SecuritySettings {
  /** Accepted API keys; empty means the API is open (the launcher then binds to loopback only). */
  api_keys: string[]
  /** Origins that get CORS headers; empty means no CORS header at all. */
  cors_origins: string[]
  /** Largest request body; a bigger one answers 413. */
  max_body_bytes: number
}

export function loadSecuritySettings(
  s: Pick<Settings, 'API_KEYS' | 'CORS_ORIGINS' | 'CLASSIFY_MAX_BODY_MB'> = settings(),
): SecuritySettings {
  return {
    api_keys: s.API_KEYS ?? [],
    cors_origins: s.CORS_ORIGINS ?? [],
    max_body_bytes: Math.round(s.CLASSIFY_MAX_BODY_MB * 1024 * 1024),
  }
}

/** Content types a request body may have; catalogue formats (text/csv, application/x-ndjson) join this list. */
export const BODY_TYPES = ['application/json'] as const

/** The only paths that answer without a key. */
const OPEN_PATHS = new Set(['/health'])

type Method = 'GET' | 'POST'
interface RouteEntry {
  pattern: RegExp
  methods: Set<string>
}

// Filled by the plugin as it registers each route, so the table is declared once (plugins/classify-api.ts).
const routeTable = new Map<string, RouteEntry>()

export function allowRoute(method: Method, path: string): void {
  const entry = routeTable.get(path) ?? { pattern: pathPattern(path), methods: new Set<string>(['OPTIONS']) }
  entry.methods.add(method)
  // Express answers HEAD on every GET route.
  if (method === 'GET') entry.methods.add('HEAD')
  routeTable.set(path, entry)
}

function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${escaped}/?$`)
}

/** The methods a path answers to, or undefined when no route has that path. */
function methodsFor(path: string): Set<string> | undefined {
  const methods = [...routeTable.values()]
    .filter((entry) => entry.pattern.test(path))
    .flatMap((entry) => [...entry.methods])
  return methods.length > 0 ? new Set(methods) : undefined
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Constant time in the key's content: every candidate is compared as a fixed-length digest, all of them always. */
export function keyMatches(candidate: string, keys: readonly Buffer[]): boolean {
  const given = digest(candidate)
  let matched = false
  for (const key of keys) matched = timingSafeEqual(given, key) || matched
  return matched
}

function presentedKey(authorization: string | undefined, apiKey: string | string[] | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (bearer) return bearer[1]
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined
}

const ALLOWED_HEADERS = 'authorization, content-type, x-api-key'

export function apiOnly(settings: SecuritySettings): RequestHandler {
  const keys = settings.api_keys.map(digest)
  const origins = new Set(settings.cors_origins)
  return (req, res, next) => {
    const methods = methodsFor(req.path)
    const origin = req.headers.origin
    const corsAllowed = typeof origin === 'string' && origins.has(origin)
    // Motia adds `Access-Control-Allow-Origin: *` (with credentials) to every response it handles; only ours may pass.
    const setCors = blockCorsHeaders(res)
    if (corsAllowed) {
      setCors('Access-Control-Allow-Origin', origin)
      res.setHeader('Vary', 'Origin')
    }
    if (!methods) return fail(res, 404, `no route ${req.method} ${req.path}`)
    const allow = [...methods].join(', ')
    if (!methods.has(req.method)) {
      res.setHeader('Allow', allow)
      return fail(res, 405, `${req.method} is not allowed on ${req.path}; allowed: ${allow}`)
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow)
      if (corsAllowed) {
        setCors('Access-Control-Allow-Methods', allow)
        setCors('Access-Control-Allow-Headers', ALLOWED_HEADERS)
        setCors('Access-Control-Max-Age', '600')
      }
      return void res.status(204).end()
    }
    if (keys.length > 0 && !OPEN_PATHS.has(req.path)) {
      const key = presentedKey(req.headers.authorization, req.headers['x-api-key'])
      if (key === undefined || !keyMatches(key, keys)) {
        res.setHeader('WWW-Authenticate', 'Bearer')
        return fail(
          res,
          401,
          key === undefined
            ? 'an API key is required: Authorization: Bearer <key> or x-api-key'
            : 'the API key is not valid',
        )
      }
    }
    if (hasBody(req.headers) && !req.is([...BODY_TYPES])) {
      return fail(
        res,
        415,
        `request body must be ${BODY_TYPES.join(' or ')}, got ${req.headers['content-type'] ?? 'no content-type'}`,
      )
    }
    next()
  }
}

const hasBody = (headers: Record<string, string | string[] | undefined>): boolean =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0

function fail(res: Response, status: number, error: string): void {
  res.status(status).json({ error })
}

/** Drops every `access-control-*` header set on the response from now on; returns the setter for our own. */
function blockCorsHeaders(res: Response): (name: string, value: string) => void {
  const setHeader = res.setHeader.bind(res)
  res.setHeader = ((name: string, value: string | number | readonly string[]) =>
    /^access-control-/i.test(name) ? res : setHeader(name, value)) as Response['setHeader']
  return (name, value) => void setHeader(name, value)
}
