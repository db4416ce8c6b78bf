/**
 * Structured logs: pino JSON lines, no transports (they break compiled binaries).
 * The destination is a parameter, so tests capture lines and main.ts picks stdout or a
 * file. A failing destination (closed pipe, full disk) never takes the service down:
 * errors are swallowed and lines dropped, counted by the destination's `dropped()`.
 *
 * Secrets never reach a log line: request headers are never logged, and the redaction
 * list below censors the paths where a secret could appear if someone logged config.
 */

import { openSync, writeSync } from 'node:fs'
import { Elysia } from 'elysia'
import pino, { type DestinationStream, type Logger } from 'pino'
import type { Config } from './config.ts'
import { requireOption } from './config-error.ts'
import { pluginSeed } from './plugin-seed.ts'
import { queryOf, requestFacts } from './request-context.ts'

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
 * A buffered destination that survives failures. Each line is encoded straight into one
 * reusable buffer, written with one `writeSync` at most 50 ms later (or as soon as 64 KiB
 * are waiting), so the request path pays a UTF-8 copy, not a system call, and keeps no
 * string alive. `flush()` writes at once (shutdown). pino's own sonic-boom was measured
 * here spending a third of the request time in `Buffer.byteLength` of its growing buffer
 * (bench/edge.ts), and Bun's FileSink rejects unhandled on ENOSPC; hence this small writer.
 * A short write is continued. A failing write (EPIPE, ENOSPC on /dev/full, EAGAIN on a
 * full pipe) drops the rest of that batch and counts the lines not wholly written in
 * `dropped()`; a line cut by it is ended before the next batch. It never throws.
 */
export function safeDestination(opts: { file?: string; fd?: number }): DestinationStream & { dropped: () => number; flush: () => void } {
  let fd: number
  let dropped = 0
  try {
    fd = opts.file ? openSync(opts.file, 'a', 0o640) : (opts.fd ?? 1)
  } catch (err) {
    throw new Error(`LOG_FILE ${opts.file}: cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  // A UTF-16 code unit takes at most 3 UTF-8 bytes, so a line of n units fits in 3n bytes.
  const buffer = Buffer.allocUnsafe(MAX_PENDING_BYTES)
  let used = 0
  let lines = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  // After a write failed part-way through a line, the next batch starts on a new line so
  // the cut line does not swallow the next one.
  let cut = false
  const writeAll = (bytes: Uint8Array, count: number) => {
    let off = 0
    try {
      if (cut) {
        writeSync(fd, '\n')
        cut = false
      }
      while (off < bytes.length) off += writeSync(fd, bytes, off)
    } catch {
      // Lines end with "\n": the ones not wholly written are the newlines not written.
      let lost = 0
      for (let i = off; i < bytes.length; i++) if (bytes[i] === 0x0a) lost++
      dropped += off === 0 ? count : Math.max(1, lost)
      if (off > 0) cut = true
    }
  }
  const flush = () => {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (used === 0) return
    writeAll(buffer.subarray(0, used), lines)
    used = 0
    lines = 0
  }
  return {
    write(line: string) {
      if (used + line.length * 3 > buffer.length) flush()
      if (line.length * 3 > buffer.length) {
        writeAll(Buffer.from(line), 1) // larger than the whole buffer: on its own
        return
      }
      used += buffer.write(line, used)
      lines++
      if (timer === null) {
        // One timer per batch, not a setImmediate per line: under load a per-turn
        // callback cost 45 % of the throughput (bench/edge.ts).
        timer = setTimeout(flush, FLUSH_AFTER_MS)
        timer.unref?.()
      }
    },
    dropped: () => dropped,
    flush,
  }
}

/** Bytes of log lines collected before a write is forced. */
const MAX_PENDING_BYTES = 64 * 1024
/** A line waits at most this long before it is written, ms. */
const FLUSH_AFTER_MS = 50

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

/** Writes the request line for a request that has its status; `route` is '' when none matched. */
export type RequestLogFn = (request: Request, route: string, status: number) => void

/** Longest path written to a request line when no route matched, characters. */
export const MAX_LOGGED_PATH = 200

/**
 * One line per request: level, time, pid (and the logger's bindings, e.g. worker), msg
 * "request", req_id, method, route (the matched pattern, or `routeOf(method, path)` for a
 * request refused before routing, else null with the path), status, response_time_ms,
 * plan, consumer, query (percent-decoded so Korean reads as Korean, after redaction) — the
 * same JSON shape pino writes, to the same destination, in order with pino's own lines.
 * A configured secret anywhere in the query is logged as [redacted]
 * (`secrets`: proxy secrets, Telegram token, Redis password).
 *
 * Why not `logger.info()`: this line is the hot path's largest cost, and pino's generic
 * serialiser (key loop, per-value stringify, redaction wrapper) measured ~1.2 µs a line
 * against ~0.3 µs for this fixed shape (bench/edge.ts). Every value that can hold user
 * text (route, path, consumer, query) goes through JSON.stringify, so control characters
 * cannot forge lines; the rest are numbers or fixed words.
 *
 * Called from two places that together see every request once: the request-log plugin
 * (successful handlers) and the error handler (every failure). Elysia's onAfterResponse
 * would add a setImmediate and an async closure per request.
 */
export function createRequestLogger(
  logger: Logger,
  secrets: readonly string[] = [],
  routeOf: (method: string, path: string) => string | null = () => null,
): RequestLogFn {
  const redact = secrets.filter((s) => s.length >= 8)
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!
  const bindings = JSON.stringify({ pid: process.pid, ...logger.bindings() }).slice(1, -1)
  const enabled = logger.isLevelEnabled('info')
  // Route patterns and methods come from a small fixed set: quote each once.
  const quoted = new Map<string, string>()
  const quote = (s: string) => {
    let q = quoted.get(s)
    if (q === undefined) {
      q = JSON.stringify(s)
      if (quoted.size < 1_000) quoted.set(s, q)
    }
    return q
  }
  // The ISO time changes once a millisecond; format it once a millisecond.
  let lastMs = 0
  let lastIso = ''
  return function logRequest(request, route, status) {
    if (!enabled) return
    const f = requestFacts(request)
    const raw = queryOf(request, f)
    const query = raw === '' ? '' : `,"query":${JSON.stringify(redactQuery(raw, redact))}`
    const pattern = route || routeOf(request.method, f.path)
    const where = pattern
      ? `"route":${quote(pattern)}`
      : `"route":null,"path":${JSON.stringify(f.path.length > MAX_LOGGED_PATH ? f.path.slice(0, MAX_LOGGED_PATH) : f.path)}`
    const ms = Math.round((performance.now() - f.startedAt) * 100) / 100
    const now = Date.now()
    if (now !== lastMs) {
      lastMs = now
      lastIso = new Date(now).toISOString()
    }
    // req_id is a UUID or matched REQUEST_ID_PATTERN ([A-Za-z0-9._-]): nothing to escape.
    stream.write(
      `{"level":"info","time":"${lastIso}",${bindings},"msg":"request","req_id":"${f.id}",` +
        `"method":${quote(request.method.length > 16 ? request.method.slice(0, 16) : request.method)},${where},"status":${status},` +
        `"response_time_ms":${ms},"plan":"${f.plan}","consumer":${JSON.stringify(f.consumer)}${query}}\n`,
    )
  }
}

/** Percent-decodes one query component ("+" as space); the raw text when it is not valid UTF-8 percent-encoding. */
function decodeComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return text
  }
}

/** `a=b&c=d` with every name and value decoded on its own (decodeComponent). */
function decodeEachComponent(query: string): string {
  const decoded: string[] = []
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    decoded.push(eq < 0 ? decodeComponent(part) : `${decodeComponent(part.slice(0, eq))}=${decodeComponent(part.slice(eq + 1))}`)
  }
  return decoded.join('&')
}

/**
 * The query string as logged: decoded component by component (names and values; one
 * component that fails to decode stays raw and does not stop the others), cut to
 * MAX_LOGGED_QUERY characters — but only after every secret was looked for in the raw
 * string, in the whole decoded string and in each decoded component, so no encoding of a
 * secret and no prefix of one survives. A query holding a secret is logged as "[redacted]".
 */
export function redactQuery(query: string, secrets: readonly string[]): string {
  // The common case has nothing encoded: the raw text is the decoded text (one search, no split).
  const encoded = query.includes('%') || query.includes('+')
  const text = encoded ? decodeEachComponent(query) : query
  if (secrets.length > 0) {
    const whole = encoded ? decodeComponent(query) : query
    for (const s of secrets) if (query.includes(s) || whole.includes(s) || text.includes(s)) return '[redacted]'
  }
  return text.length > MAX_LOGGED_QUERY ? text.slice(0, MAX_LOGGED_QUERY) : text
}

/** Logs every request whose handler succeeded; failures are logged by the error handler. */
export function requestLog(log: RequestLogFn) {
  requireOption(typeof log === 'function', 'requestLog', 'log', 'must be a function')
  return new Elysia({ name: 'logger.request-log', seed: pluginSeed(log) }).onAfterHandle(
    { as: 'global' },
    function logHandled({ request, route, set }) {
      log(request, route, typeof set.status === 'number' ? set.status : 200)
    },
  )
}
