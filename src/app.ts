/**
 * createApp(deps) → the whole request path, top to bottom. Edge order (DESIGN.md, "The
 * edge"): request target + generated id → security headers → proxy secret (+ Host) →
 * client's request id → consumer and plan → rate limit → request shape → plan required by
 * the route → bounded body → validation + handler; the error handler renders every
 * failure as RFC 9457; one log line per request (request log for successes, error handler
 * for failures). No I/O happens here: every dependency is passed in (main.ts builds them).
 *
 * Hot-path and safety rules (each kept true by the test named):
 *  - One router, one path. `systemRouter: false` keeps Bun's native router out, so Elysia's
 *    compiled handler alone dispatches, on the `path` it derives from `request.url`; the
 *    edge reads that same `path` in its first hook (request-target.ts) and never parses
 *    the URL itself. With Bun's router on, a request without a usable Host header (Bun then
 *    gives a path-only URL) was dispatched on one path and judged on another
 *    (test/regressions/host-header-secret-bypass.test.ts).
 *  - `standardHostname: false`: Elysia finds the path after "http://", not 11 characters
 *    in, so a 1–3 character Host cannot shift it (test/security/edge.test.ts).
 *  - Edge hooks stay synchronous in the release build: Elysia awaits a hook whose minified
 *    text looks async (`return f(`, `=> f(`) (test/security/edge-shape.test.ts).
 *  - No hook names Elysia's `server` context property (a per-request getter); the socket
 *    address comes from `socketAddress` below.
 */
import { Elysia } from 'elysia'
import type { Analyzer } from './analysis/analyze.ts'
import { analysisRoutes } from './analysis/routes.ts'
import type { Config } from './config.ts'
import { DOCS_ASSET_NAMES, docs } from './docs.ts'
import { type ErrorHandlerOptions, errorHandler } from './error-handler.ts'
import { health } from './health.ts'
import { ingredientRoutes } from './ingredients/routes.ts'
import type { IngredientService } from './ingredients/service.ts'
import { createRequestLogger, type Logger, requestLog } from './logger.ts'
import { createRouteTable, type RouteTable } from './route-table.ts'
import { bodyLimit } from './security/body-limit.ts'
import { consumer } from './security/consumer.ts'
import { DOCS_PREFIX, securityHeaders } from './security/headers.ts'
import { INPUT_GUARD_DEFAULTS, inputGuard } from './security/input-guard.ts'
import { planGuard } from './security/plan-guard.ts'
import { proxySecret } from './security/proxy-secret.ts'
import { rateLimit } from './security/rate-limit.ts'
import type { RateLimitStore } from './security/rate-limit-store.ts'
import { requestId } from './security/request-id.ts'
import { requestTarget } from './security/request-target.ts'
import { assertRoutePlans } from './security/tiers.ts'
import { VERSION } from './version.ts'

export type AppDeps = {
  config: Pick<Config, 'appEnv' | 'proxySecrets' | 'trustedProxies' | 'docs'>
  service: IngredientService
  /** Label analysis and bulk lookup (analysis/analyze.ts); absent → those routes answer 503. */
  analyzer?: Analyzer
  logger: Logger
  rateLimitStore: RateLimitStore
  /** Other secret values that must never reach a log line (Telegram token, Redis password). */
  secrets?: readonly string[]
  /** Every 500 (for the alerter). */
  onInternalError?: ErrorHandlerOptions['onInternalError']
  version?: string
}

/** Largest request body, bytes: the input guard refuses a larger declared Content-Length, body-limit.ts a longer chunked body (Bun.serve's own limit is kept out of reach). */
export const MAX_BODY_BYTES = INPUT_GUARD_DEFAULTS.maxBodyBytes

/**
 * Builds the application from its dependencies (no I/O). The returned Elysia instance is
 * listened on by server.ts and driven with `app.handle(request)` by the tests.
 * @throws Error when a /v1 route has no plan in ROUTE_PLANS (see security/tiers.ts).
 */
export function createApp(deps: AppDeps) {
  const { config, service, logger } = deps
  const secrets = [...config.proxySecrets, ...(deps.secrets ?? [])]
  let routes: RouteTable = { methods: () => [], route: () => null }
  const logRequest = createRequestLogger(logger, secrets, (method, path) => routes.route(method, path))
  let socketAddress: (request: Request) => string | null = () => null
  const app = new Elysia({ name: 'kbeauty-api', systemRouter: false, handler: { standardHostname: false } })
    // 1. edge — every hook below runs for every request, 404s and errors included
    .use(requestTarget({ publicPaths: config.docs === 'public' ? publicDocsPaths() : [] }))
    .use(securityHeaders())
    .use(errorHandler({ onInternalError: deps.onInternalError, onProblem: logRequest, allowedMethods: (p) => routes.methods(p) }))
    .use(requestLog(logRequest))
    .use(proxySecret({ secrets: config.proxySecrets, allowMissing: config.appEnv === 'dev' }))
    .use(requestId({ secrets }))
    .use(consumer({ trustedProxies: config.trustedProxies, socketAddress: (r) => socketAddress(r), secrets }))
    .use(rateLimit({ store: deps.rateLimitStore }))
    .use(inputGuard())
    .use(planGuard())
    .use(bodyLimit({ maxBytes: MAX_BODY_BYTES }))
    // 2. routes
    .use(health({ version: deps.version ?? VERSION, records: service.ping(), probe: service.probe }))
    .use(docs({ mode: config.docs, version: deps.version ?? VERSION }))
    .use(ingredientRoutes(service))
    .use(analysisRoutes(deps.analyzer))
  assertRoutePlans(app.routes)
  routes = createRouteTable(app.routes)
  socketAddress = (r) => app.server?.requestIP(r)?.address ?? null
  return app
}

/** The docs paths served without the secret with DOCS=public: the page, the document and its assets. */
function publicDocsPaths(): string[] {
  return [DOCS_PREFIX, `${DOCS_PREFIX}/json`, ...DOCS_ASSET_NAMES.map((name) => `${DOCS_PREFIX}/assets/${name}`)]
}
