/**
 * Per-request facts decided at the edge (request id, path, plan, consumer key), kept beside
 * the Request object so that routes, the error handler and the request log read the same
 * values without re-deriving them. A WeakMap: entries vanish with their Request.
 *
 * The path is the router's: Elysia's compiled handler derives `path` once from the request
 * URL and dispatches on exactly that string (app.ts turns Bun's own router off, so there
 * is one router). The edge receives that same `path` in its first hook and never parses
 * the URL itself, so "public", plan, rate limit and log line cannot disagree with dispatch.
 */
import type { Plan } from './security/tiers.ts'

/** The only path served without the proxy secret in every mode (DOCS=public adds the docs paths). */
export const HEALTH_PATH = '/health'

export type RequestFacts = {
  /** X-Request-Id of this request: generated, or the client's once the proxy secret passed. */
  id: string
  /** performance.now() at arrival, ms. */
  startedAt: number
  /** Plan from X-RapidAPI-Subscription, only once the proxy secret passed. */
  plan: Plan
  /** Rate-limit key: X-RapidAPI-User, else the client address. */
  consumer: string
  /** The path the router dispatches on (raw, not decoded). */
  path: string
  /** Index of the `?` that starts the query in `request.url` as the router sees it; -1 when none. */
  queryStart: number
  /** True when `path` is exactly a public path (no secret, no plan; /health also no rate limit). */
  public: boolean
  /**
   * False when Bun could not build an absolute URL from the Host header (missing, empty or
   * invalid): `request.url` is then the raw request target, and only /health is served.
   */
  hostValid: boolean
  /** True once the proxy secret matched (or none is configured in dev mode). */
  verified: boolean
}

const facts = new WeakMap<Request, RequestFacts>()

/**
 * Records the facts of a request as it arrives (the first edge step).
 * @param path the router's path (Elysia's context `path`)
 * @param queryStart the router's query index (Elysia's context `qi`)
 * @param publicPaths exact paths served without the proxy secret
 */
export function startRequest(request: Request, path: string, queryStart: number, publicPaths: ReadonlySet<string>): RequestFacts {
  const f: RequestFacts = {
    id: crypto.randomUUID(),
    startedAt: performance.now(),
    plan: 'BASIC',
    consumer: 'unknown',
    path,
    queryStart,
    public: publicPaths.has(path),
    // Bun gives "http://host/…" when it could use the Host header, else the bare target "/…".
    hostValid: request.url.charCodeAt(0) !== 47,
    verified: false,
  }
  facts.set(request, f)
  return f
}

/** Facts of a request; a request that never passed the edge gets safe defaults (not public, not verified). */
export function requestFacts(request: Request): RequestFacts {
  let f = facts.get(request)
  if (f === undefined) {
    f = {
      id: crypto.randomUUID(),
      startedAt: performance.now(),
      plan: 'BASIC',
      consumer: 'unknown',
      path: '',
      queryStart: -1,
      public: false,
      hostValid: false,
      verified: false,
    }
    facts.set(request, f)
  }
  return f
}

/** The query string of a request as the router sees it ('' when none). */
export function queryOf(request: Request, f: RequestFacts): string {
  return f.queryStart < 0 ? '' : request.url.slice(f.queryStart + 1)
}
