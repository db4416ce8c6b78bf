/**
 * The first edge step: records the request's facts from the path the router dispatches on
 * (Elysia's context `path` and `qi`, derived once by its compiled handler) and gives the
 * request a generated id, set as `X-Request-Id` on every response, errors included. A
 * client's own id is taken later, only once the proxy secret passed (request-id.ts).
 */
import { Elysia } from 'elysia'
import { HEALTH_PATH, startRequest } from '../request-context.ts'

/** What Elysia's general handler derives from `request.url` before onRequest (and routes on). */
type RouterContext = { path: string; qi: number }

export type RequestTargetOptions = {
  /** Exact paths served without the proxy secret besides /health (the docs with DOCS=public). @default [] */
  publicPaths?: readonly string[]
}

/**
 * Registers the first onRequest hook. "Public" is an exact match of the router's path
 * against `/health` (and `publicPaths`): `/health/`, `//health` or `/health?x` spelt
 * another way are not public, whatever route they reach.
 */
export function requestTarget(opts: RequestTargetOptions = {}) {
  const publicPaths: ReadonlySet<string> = new Set([HEALTH_PATH, ...(opts.publicPaths ?? [])])
  return new Elysia({ name: 'security.request-target', seed: [...publicPaths].join(' ') }).onRequest(function recordRequestTarget(context) {
    // Elysia's compiled handler puts its routing path and query index on every context;
    // its types for onRequest omit them.
    const { request, set, path, qi } = context as typeof context & RouterContext
    set.headers['x-request-id'] = startRequest(request, path, qi, publicPaths).id
  })
}
