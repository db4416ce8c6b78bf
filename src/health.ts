/**
 * GET /health — liveness and database reachability, without the proxy secret (so a load
 * balancer or `kbeauty-api healthcheck` can call it). 200 only when the database answers
 * a query now; 503 otherwise. Reveals version, uptime and record count, nothing else.
 * It needs no secret and has no rate limit, so it costs no more than an exact look-up:
 * the record count is taken once (the database is read-only), and each call runs one
 * constant-time query.
 */
import { Elysia } from 'elysia'
import { requireOption } from './config-error.ts'
import { lazyJsonSchema } from './docs-schema.ts'
import * as M from './ingredients/model.ts'
import { pluginSeed } from './plugin-seed.ts'
import { JSON_CONTENT_TYPE } from './security/headers.ts'

export type HealthOptions = {
  version: string
  /** Number of ingredients, counted once when the app is built (the database is read-only). */
  records: number
  /** Proves the database answers now, in constant time; throws when it does not. */
  probe: () => void
  /** Process start, ms (performance.now() origin). @default 0 */
  startedAt?: number
}

/**
 * Registers GET /health: 200 with the record count when `probe()` succeeds, else 503.
 * @throws ConfigError when `version` is empty, `records` not a count, `probe` not a function or `startedAt` not a number.
 */
export function health(opts: HealthOptions) {
  requireOption(typeof opts.version === 'string' && opts.version !== '', 'health', 'version', 'must be a non-empty string')
  requireOption(Number.isInteger(opts.records) && opts.records >= 0, 'health', 'records', 'must be a whole number of records')
  requireOption(typeof opts.probe === 'function', 'health', 'probe', 'must be a function')
  requireOption(opts.startedAt === undefined || Number.isFinite(opts.startedAt), 'health', 'startedAt', 'must be a number (ms)')
  const startedAt = opts.startedAt ?? 0
  const okHead = `{"status":"ok","version":${JSON.stringify(opts.version)},"uptime_s":`
  const okTail = `,"ingredients":${opts.records}}`
  return new Elysia({ name: 'health', seed: pluginSeed(opts.version, opts.records, opts.probe, startedAt) }).get(
    '/health',
    function healthCheck({ set }) {
      const uptime_s = Math.round((performance.now() - startedAt) / 100) / 10
      try {
        opts.probe()
        // The M.Health shape, serialized by hand: only uptime_s changes (≈ 1 µs less than an object).
        set.headers['content-type'] = JSON_CONTENT_TYPE
        return `${okHead}${uptime_s}${okTail}`
      } catch {
        set.status = 503
        return { status: 'unavailable' as const, version: opts.version, uptime_s, ingredients: null }
      }
    },
    {
      detail: {
        summary: 'Health',
        description: 'Liveness and database reachability. No proxy secret needed. Plan: none.',
        tags: ['operations'],
        responses: {
          200: { description: 'Database answers', content: { 'application/json': lazyJsonSchema(M.Health) } },
          503: { description: 'Database does not answer', content: { 'application/json': lazyJsonSchema(M.Health) } },
        },
      } as Record<string, unknown>,
    },
  )
}
