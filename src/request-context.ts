/**
 * Per-request facts decided at the edge (request id, plan, consumer key), kept beside the
 * Request object so that routes, the error handler and the request log read the same
 * values without re-deriving them. A WeakMap: entries vanish with their Request.
 */
import type { Plan } from './security/tiers.ts'

/** Paths served without the proxy secret and outside rate limits: exactly these. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health'])

export type RequestFacts = {
  /** X-Request-Id of this request (client's when it matched the pattern, else generated). */
  id: string
  /** performance.now() at arrival, ms. */
  startedAt: number
  /** Plan from X-RapidAPI-Subscription, only once the proxy secret passed. */
  plan: Plan
  /** Rate-limit key: X-RapidAPI-User, else the client address. */
  consumer: string
  /** Path of the request URL (raw, not decoded), parsed once. */
  path: string
  /** True for PUBLIC_PATHS (no secret, no plan, no rate limit). */
  public: boolean
}

/** Path of a request URL without building a URL object (hot path). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0) return '/'
  const q = url.indexOf('?', start)
  return q < 0 ? url.slice(start) : url.slice(start, q)
}

const facts = new WeakMap<Request, RequestFacts>()

/** Records the facts of a request as it arrives (the first edge step). */
export function startRequest(request: Request, id: string): RequestFacts {
  const path = pathOf(request.url)
  const f: RequestFacts = { id, startedAt: performance.now(), plan: 'BASIC', consumer: 'unknown', path, public: PUBLIC_PATHS.has(path) }
  facts.set(request, f)
  return f
}

/** Facts of a request; a request that never passed the edge gets safe defaults. */
export function requestFacts(request: Request): RequestFacts {
  return facts.get(request) ?? startRequest(request, crypto.randomUUID())
}
