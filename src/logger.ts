/**
 * Structured logs: pino JSON lines, no transports (they break compiled binaries).
 * The destination is a parameter, so tests capture lines and main.ts picks stdout or a
 * file. A failing destination (closed pipe, full disk) never takes the service down:
 * errors are swallowed and lines dropped, counted by the destination's `dropped()`.
 *
 * Secrets never reach a log line: request headers are never logged, and the redaction
 * list below censors the paths where a secret could appear if someone logged config.
 */
import { Elysia } from 'elysia'
import { openSync, writeSync } from 'node:fs'
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
 * A buffered destination that survives failures. Lines are collected and written with one
 * `writeSync` per event-loop turn (or when 64 KiB are waiting), so the request path pays
 * an array push, not a system call. pino's own sonic-boom was measured here spending a
 * third of the request time in `Buffer.byteLength` of its growing buffer (bench/edge.ts),
 * and Bun's FileSink rejects unhandled on ENOSPC; hence this small writer.
 * A failing write (EPIPE, ENOSPC on /dev/full, EAGAIN on a full pipe) drops that batch
 * and counts the lines in `dropped()`; it never throws and never blocks the caller.
 */
export function safeDestination(opts: { file?: string; fd?: number }): DestinationStream & { dropped: () => number; flush: () => void } {
  let fd: number
  let dropped = 0
  try {
    fd = opts.file ? openSync(opts.file, 'a', 0o640) : (opts.fd ?? 1)
  } catch (err) {
    throw new Error(`LOG_FILE ${opts.file}: cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  let pending: string[] = []
  let bytes = 0
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const lines = pending
    pending = []
    bytes = 0
    try {
      writeSync(fd, lines.length === 1 ? lines[0]! : lines.join(''))
    } catch {
      dropped += lines.length
    }
  }
  return {
    write(line: string) {
      pending.push(line)
      bytes += line.length
      if (bytes >= MAX_PENDING_BYTES) flush()
      else if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    },
    dropped: () => dropped,
    flush,
  }
}

/** Bytes of log lines collected before a write is forced. */
const MAX_PENDING_BYTES = 64 * 1024

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

/** Writes the request line for a request that has its status. */
export type RequestLogFn = (request: Request, route: string, status: number) => void

/**
 * One line per request: time, request id, method, route pattern, status,
 * response_time_ms, plan, consumer, query (truncated; JSON-escaped by pino, so control
 * characters cannot forge lines). A configured secret pasted into a query string is
 * replaced by [redacted] (`secrets`: proxy secrets, Telegram token, Redis password).
 * Called from two places that together see every request once: the request-log plugin
 * (successful handlers, after the handler) and the error handler (every failure).
 * Elysia's onAfterResponse would cost a setImmediate and an async closure per request
 * (measured: a third of the throughput, bench/edge.ts).
 */
export function createRequestLogger(logger: Logger, secrets: readonly string[] = []): RequestLogFn {
  const redact = secrets.filter((s) => s.length >= 8)
  return function logRequest(request, route, status) {
    const f = requestFacts(request)
    const url = request.url
    const q = url.indexOf('?')
    const query = q < 0 ? undefined : redactQuery(url.slice(q + 1), redact)
    logger.info({
      msg: 'request',
      req_id: f.id,
      method: request.method,
      route: route || 'unmatched',
      status,
      response_time_ms: Math.round((performance.now() - f.startedAt) * 100) / 100,
      plan: f.plan,
      consumer: f.consumer,
      query,
    })
  }
}

/**
 * The query string as logged: cut to MAX_LOGGED_QUERY characters, but only after a
 * secret was looked for in the whole string, raw and percent-decoded (any encoding of
 * it), so no prefix of a secret survives the cut. A query holding a secret is logged as
 * "[redacted]" whole.
 */
export function redactQuery(query: string, secrets: readonly string[]): string {
  if (secrets.length > 0) {
    let decoded = query
    try {
      decoded = decodeURIComponent(query.replaceAll('+', ' '))
    } catch {
      /* keep raw */
    }
    for (const s of secrets) if (query.includes(s) || decoded.includes(s)) return '[redacted]'
  }
  return query.length > MAX_LOGGED_QUERY ? query.slice(0, MAX_LOGGED_QUERY) : query
}

/** Logs every request whose handler succeeded; failures are logged by the error handler. */
export function requestLog(log: RequestLogFn) {
  return new Elysia({ name: 'logger.request-log' }).onAfterHandle({ as: 'global' }, function logHandled({ request, route, set }) {
    log(request, route, typeof set.status === 'number' ? set.status : 200)
  })
}
