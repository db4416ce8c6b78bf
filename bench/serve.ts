/**
 * A benchmark server over DB_FILE, printing its port on stdout:
 *   bun bench/serve.ts on|off|floor|bare DB_FILE
 *
 * - `on`: the real app (createApp): every edge layer of DESIGN.md "The edge" steps 1–5 —
 *   request id, security headers, proxy secret, plan and consumer, rate limit — plus the
 *   request-shape and plan checks, and the request log.
 * - `off`: the same service without the edge layers: validation, handler, error handler
 *   and the request log line. The log is the operations requirement of issue #4 (one line
 *   per request), which a deployment runs with or without the security layers of issue #3;
 *   DESIGN.md's "Performance budget" also measured it apart from them.
 * - `bare`: `off` without the request log (the baseline used until 2026-11-30, which
 *   charged the log to the edge); reported so both definitions stay visible.
 * - `floor`: `off` plus only what any edge on Bun must pay before doing any work: reading
 *   the request's headers once and writing the ten response headers every answer must
 *   carry (constant values, no checks). It shows how much of the edge's cost is the
 *   runtime's own; it does not count toward the budget.
 *
 * The request log goes to /dev/null through the same writer as in production.
 */
import { Elysia } from 'elysia'
import { createApp } from '../src/app.ts'
import { openDatabase } from '../src/db/open.ts'
import { errorHandler } from '../src/error-handler.ts'
import { ingredientRoutes } from '../src/ingredients/routes.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import { createLogger, createRequestLogger, requestLog, safeDestination } from '../src/logger.ts'
import { API_HEADERS } from '../src/security/headers.ts'
import { MemoryStore } from '../src/security/memory-store.ts'
import { BENCH_SECRET } from './constants.ts'

const [mode, dbFile] = process.argv.slice(2)
if (!['on', 'off', 'floor', 'bare'].includes(mode ?? '') || !dbFile) throw new Error('usage: bun bench/serve.ts on|off|floor|bare DB_FILE')
const service = createIngredientService(openDatabase({ kind: 'file', path: dbFile }))
const logger = createLogger({ logLevel: 'info' }, safeDestination({ file: '/dev/null' }))

function withoutEdge(app: Elysia, log = true) {
  const handled = app.use(errorHandler())
  return (log ? handled.use(requestLog(createRequestLogger(logger, [BENCH_SECRET]))) : handled).use(ingredientRoutes(service))
}

const app =
  mode === 'on'
    ? createApp({
        config: { appEnv: 'prod', proxySecrets: [BENCH_SECRET], trustedProxies: [], docs: 'protected' },
        service,
        logger,
        rateLimitStore: new MemoryStore(),
      })
    : mode === 'off' || mode === 'bare'
      ? withoutEdge(new Elysia(), mode === 'off')
      : withoutEdge(
          new Elysia().headers({ ...API_HEADERS }).onRequest(function runtimeFloor({ request, set }) {
            const h = request.headers
            h.get('x-request-id')
            h.get('x-rapidapi-proxy-secret')
            h.get('x-rapidapi-subscription')
            h.get('x-rapidapi-user')
            set.headers['x-request-id'] = '3b241101-e2bb-4255-8caf-4136c566a962'
            set.headers['ratelimit-policy'] = '"basic";q=60;w=60'
            set.headers['ratelimit'] = '"basic";r=59;t=60'
          }),
        )
// As src/server.ts listens (development: false; Elysia's default follows NODE_ENV).
app.listen({ port: 0, hostname: '127.0.0.1', development: false })
console.log(app.server!.port)
