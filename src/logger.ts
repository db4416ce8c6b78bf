/**
 * Structured logs: pino JSON lines, no transports (they break compiled binaries).
 * The destination is a parameter, so tests capture lines and main.ts picks stdout or a
 * file. A failing destination (closed pipe, full disk) never takes the service down:
 * errors are swallowed and lines dropped, counted in `droppedLines()`.
 *
 * Secrets never reach a log line: request headers are never logged, and the redaction
 * list below censors the paths where a secret could appear if someone logged config.
 */
import { Elysia } from 'elysia'
import pino, { type DestinationStream, type Logger } from 'pino'
import type { Config } from './config.ts'
import { requestFacts } from './request-context.ts'

export type { Logger }

/** Paths pino censors (pino "redaction"), should a config or error object be logged. */
export const REDACT_PATHS = [
  'proxySecrets',
  'config.proxySecrets',
  'telegram.botToken',
  'config.telegram.botToken',
  'redisUrl',
  'config.redisUrl',
  'headers["x-rapidapi-proxy-secret"]',
  'req.headers["x-rapidapi-proxy-secret"]',
]

/** Longest query string written to a request line, characters. */
export const MAX_LOGGED_QUERY = 200

/**
 * A destination that survives failures. pino's own `pino.destination` (sonic-boom) emits
 * 'error' on EPIPE/ENOSPC; an unhandled 'error' would crash the process, so one is
 * attached that counts and drops.
 */
export function safeDestination(opts: { file?: string; fd?: number }): DestinationStream & { dropped: () => number; flush?: () => void } {
  let dropped = 0
  const dest = pino.destination({ dest: opts.file ?? opts.fd ?? 1, sync: false, mkdir: false, minLength: 0 })
  dest.on('error', () => {
    dropped++
  })
  const wrapped = {
    write(line: string) {
      try {
        dest.write(line)
      } catch {
        dropped++
      }
    },
    dropped: () => dropped,
    flush() {
      try {
        dest.flushSync()
      } catch {
        /* destination gone; nothing more to do */
      }
    },
  }
  return wrapped as DestinationStream & { dropped: () => number; flush: () => void }
}

/** Creates the logger. `destination` defaults to stdout. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination ?? safeDestination({ fd: 1 }),
  )
}

/**
 * One line per request, after the response: time, request id, method, route pattern,
 * status, response_time_ms, plan, consumer, query (truncated; JSON-escaped by pino, so
 * control characters cannot forge lines). A configured secret pasted into a query string
 * is replaced by [redacted] (`secrets`: proxy secrets, Telegram token, Redis password).
 */
export function requestLog(logger: Logger, secrets: readonly string[] = []) {
  const redact = secrets.filter((s) => s.length >= 8)
  return new Elysia({ name: 'logger.request-log' }).onAfterResponse({ as: 'global' }, function logRequest({ request, route, set }) {
    const f = requestFacts(request)
    const url = request.url
    const q = url.indexOf('?')
    let query = q < 0 ? undefined : url.slice(q + 1, q + 1 + MAX_LOGGED_QUERY)
    if (query !== undefined) for (const s of redact) if (query.includes(s)) query = query.replaceAll(s, '[redacted]')
    logger.info({
      msg: 'request',
      req_id: f.id,
      method: request.method,
      route: route || 'unmatched',
      status: typeof set.status === 'number' ? set.status : 200,
      response_time_ms: Math.round((performance.now() - f.startedAt) * 100) / 100,
      plan: f.plan,
      consumer: f.consumer,
      query,
    })
  })
}
