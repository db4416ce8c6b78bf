/**
 * createApp(deps) → the whole request path, top to bottom. Edge order (DESIGN.md, "The
 * edge"): request id → security headers → proxy secret → consumer and plan → rate limit
 * → request shape → plan required by the route → validation + handler; the error
 * handler renders every failure as RFC 9457; one log line per request (request log for
 * successes, error handler for failures).
 * No I/O happens here: every dependency is passed in (main.ts builds them).
 */
import { Elysia } from 'elysia'
import type { Analyzer } from './analysis/analyze.ts'
import { analysisRoutes } from './analysis/routes.ts'
import type { Config } from './config.ts'
import { docs } from './docs.ts'
import { errorHandler, type ErrorHandlerOptions } from './errors.ts'
import { health } from './health.ts'
import { ingredientRoutes } from './ingredients/routes.ts'
import type { IngredientService } from './ingredients/service.ts'
import { createRequestLogger, requestLog, type Logger } from './logger.ts'
import { consumer } from './security/consumer.ts'
import { securityHeaders } from './security/headers.ts'
import { INPUT_GUARD_DEFAULTS, inputGuard } from './security/input-guard.ts'
import { proxySecret } from './security/proxy-secret.ts'
import { rateLimit } from './security/rate-limit.ts'
import type { RateLimitStore } from './security/rate-limit-store.ts'
import { requestId } from './security/request-id.ts'
import { assertRoutePlans, planGuard } from './security/tiers.ts'
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

/** Largest request body, bytes: the input guard's limit, enforced by Bun.serve too (server.ts). */
export const MAX_BODY_BYTES = INPUT_GUARD_DEFAULTS.maxBodyBytes

/**
 * Builds the application from its dependencies (no I/O). The returned Elysia instance is
 * listened on by server.ts and driven with `app.handle(request)` by the tests.
 * @throws Error when a /v1 route has no plan in ROUTE_PLANS (see security/tiers.ts).
 */
export function createApp(deps: AppDeps) {
  const { config, service, logger } = deps
  const logRequest = createRequestLogger(logger, [...config.proxySecrets, ...(deps.secrets ?? [])])
  let allowedMethods: (path: string) => readonly string[] = () => []
  let socketAddress: (request: Request) => string | null = () => null
  const app = (
    // standardHostname: false makes Elysia find the path right after "http://", as the
    // edge does (request-context.ts pathOf); with the default it skips 11 characters and a
    // 1–3 character Host header let "/health?/v1/…" route to /v1 past the secret check.
    new Elysia({ name: 'kbeauty-api', handler: { standardHostname: false } })
      // 1. edge — every hook below runs for every request, 404s and errors included
      .use(requestId())
      .use(securityHeaders())
      .use(errorHandler({ onInternalError: deps.onInternalError, onProblem: logRequest, allowedMethods: (p) => allowedMethods(p) }))
      .use(requestLog(logRequest))
      .use(proxySecret({ secrets: config.proxySecrets, allowMissing: config.appEnv === 'dev' }))
      .use(consumer({ trustedProxies: config.trustedProxies, socketAddress: (r) => socketAddress(r) }))
      .use(rateLimit({ store: deps.rateLimitStore }))
      .use(inputGuard())
      .use(planGuard())
      // 2. routes
      .use(health({ version: deps.version ?? VERSION, countRecords: service.ping }))
      .use(docs({ mode: config.docs, version: deps.version ?? VERSION }))
      .use(ingredientRoutes(service))
      .use(analysisRoutes(deps.analyzer))
  )
  assertRoutePlans(app.routes)
  allowedMethods = methodsByPath(app.routes)
  socketAddress = (r) => app.server?.requestIP(r)?.address ?? null
  return app
}

/**
 * Path → methods it answers (HEAD wherever GET), from the registered routes, for 405s.
 * Patterns like /v1/ingredients/:id become one-segment wildcards; an optional trailing
 * slash matches as Elysia's router does.
 */
function methodsByPath(routes: readonly { method: string; path: string }[]): (path: string) => readonly string[] {
  const table = routes.map((r) => ({
    method: r.method,
    pattern: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`),
  }))
  return (path) => {
    const methods = new Set<string>()
    for (const r of table) if (r.pattern.test(path)) methods.add(r.method)
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods]
  }
}
