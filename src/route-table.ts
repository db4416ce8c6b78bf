/**
 * The registered routes as a table, for what Elysia does not say itself: which methods a
 * path answers (a 405's `Allow`, RFC 9110 §15.5.6) and which route pattern a request
 * refused before routing would have reached (the request log). Never used to decide
 * access: that comes from the router's own path (request-context.ts) and matched route.
 * Patterns like /v1/ingredients/:id match one segment; an optional trailing slash matches
 * as Elysia's router does (strictPath off).
 */
export type RouteTable = {
  /** Methods `path` answers (HEAD wherever GET); empty for an unknown path. */
  methods: (path: string) => readonly string[]
  /** The pattern `method path` reaches (HEAD as GET), or null. */
  route: (method: string, path: string) => string | null
}

/** Builds the table once from `app.routes`. */
export function createRouteTable(routes: readonly { method: string; path: string }[]): RouteTable {
  const table = routes.map((r) => ({
    method: r.method,
    path: r.path,
    pattern: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`),
  }))
  // Static patterns first, as Elysia's router tries them before dynamic ones.
  table.sort((a, b) => Number(a.path.includes(':')) - Number(b.path.includes(':')))
  return {
    methods(path) {
      const methods = new Set<string>()
      for (const r of table) if (r.pattern.test(path)) methods.add(r.method)
      if (methods.has('GET')) methods.add('HEAD')
      return [...methods]
    },
    route(method, path) {
      const m = method === 'HEAD' ? 'GET' : method
      for (const r of table) if (r.method === m && r.pattern.test(path)) return r.path
      return null
    },
  }
}
