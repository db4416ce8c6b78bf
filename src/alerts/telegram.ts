/**
 * Telegram alerts for operators: one startup message per deploy and an alert per
 * (deduplicated) 500, sent through the Bot API method `sendMessage` with `parse_mode: 'HTML'`
 * (Bot API docs, "sendMessage" and "Formatting options").
 *
 * Never on the request path: `startup()` and `error()` only queue and return at once; one
 * sender works through the queue in order, one request at a time. Nothing here throws into
 * the caller once the alerter is built. Importing this module has no side effects; the
 * network, clock, sleep, timers and randomness are all options with production defaults.
 *
 * Delivery rules (why each exists):
 * - Retries with exponential backoff and full jitter (AWS Architecture Blog, "Exponential
 *   Backoff and Jitter") on network errors, per-attempt timeouts, HTTP 429 and 5xx. On 429
 *   the wait is `parameters.retry_after` seconds from the JSON body (Bot API docs,
 *   "ResponseParameters"), falling back to a `Retry-After` header, then to the backoff.
 * - HTTP 400 in HTML mode (typically "Bad Request: can't parse entities: …") is not retried
 *   as is: the same message is sent once more as plain text without `parse_mode`, so an
 *   escaping bug degrades formatting instead of losing the alert. A 400 in plain text, and
 *   any other 4xx (401 bad token, 403 bot kicked, 404 …), drops the alert and reports it.
 * - The queue is bounded (`maxQueue`). When full, the NEWEST alert is dropped: the queue
 *   keeps the startup message and the onset of an incident, order is preserved, and the
 *   next delivered message says how many were dropped. Every drop is reported to `log`.
 * - Error alerts are deduplicated by fingerprint (route + error type + message, normalised:
 *   case, digits, hex ids and whitespace collapsed) within `dedupeWindowMs`: the first is
 *   sent, repeats inside the window are only counted. The count is reported by the next
 *   alert of that fingerprint after the window ("(+N similar suppressed since …)"), and by
 *   `flush()` (the shutdown path), which queues a summary for every count still pending,
 *   so a count is never lost silently.
 * - Every user-derived string is HTML-escaped with `escape-html`, and the message is cut to
 *   Telegram's 4096-character limit by cutting the RAW text before escaping (so no entity
 *   is ever split) on grapheme boundaries (so no surrogate pair or emoji sequence is split),
 *   marking the cut with "…". The escaped string's `.length` (UTF-16 code units) is kept
 *   ≤ 4096, which is safe because Telegram counts the text after entity parsing, and
 *   parsing only makes it shorter.
 * - The bot token is part of the request URL; it never appears in a log event: every
 *   string that reaches `log` passes through a redactor first.
 */
import escapeHtml from 'escape-html'

/** Longest `text` Telegram accepts, in characters after entity parsing (Bot API docs, "sendMessage"). */
export const TELEGRAM_MESSAGE_LIMIT = 4096

/** Marks a cut. One UTF-16 code unit. */
export const ELLIPSIS = '…'

/** Defaults for {@link TelegramAlerterOptions}. Times in ms. */
export const TELEGRAM_DEFAULTS = Object.freeze({
  maxQueue: 100,
  attemptTimeoutMs: 5_000,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  dedupeWindowMs: 600_000,
  /** Fingerprints remembered for dedupe; the least recently alerted are forgotten first. */
  maxFingerprints: 1_000,
  serviceName: 'kbeauty-api',
})

/** Longest raw value kept from a caller's input before rendering (bounds queue memory). */
const MAX_RAW_FIELD = 8_192
/** Longest escaped value of a one-line field (route, error type, request id …). */
const MAX_FIELD = 300
/** Source files listed in a startup message; more are summarised as "… and N more". */
const MAX_SOURCE_LINES = 20
/** Longest description from Telegram kept in a log event. */
const MAX_DESCRIPTION = 300

export type AlertKind = 'startup' | 'error' | 'summary'

/** What `startup()` reports. `time` is when the service started. */
export type StartupInfo = {
  /** What happened: "deployed …", "restarted", "restarted after an unclean exit; …". @default 'started' */
  event?: string
  version: string
  appEnv: string
  /** Ingredient records in the database. */
  records: number
  /** Source files of the database and their dates (`null` when unknown). */
  sourceDates: ReadonlyArray<{ file: string; date: string | null }>
  host: string
  workers: number
  time: Date
  /** Optional: shown when given, so the operator can tell deploys apart. */
  deployId?: string
}

/** What `error()` reports: one 500. `route` is the route pattern when known, else the path. */
export type ErrorInfo = {
  route: string
  method?: string
  errorType: string
  message: string
  requestId?: string
  /** HTTP status answered. @default 500 */
  status?: number
}

/**
 * One event for the operator's log. Strings never contain the bot token.
 * `level` maps onto pino levels: `log: (e) => logger[e.level](e, e.event)`.
 */
export type AlertLogEvent = {
  level: 'info' | 'warn' | 'error'
  event: 'alert.sent' | 'alert.retry' | 'alert.plain-text-fallback' | 'alert.dropped' | 'alert.internal-error'
  kind?: AlertKind
  /**
   * retry: 'timeout' | 'network' | 'http-429' | 'http-5xx';
   * dropped: 'queue-full' | 'deadline' | 'closed' | 'rejected' | 'attempts-exhausted'.
   */
  reason?: string
  /** Alerts concerned (drops at a deadline or on close count the whole queue). */
  count?: number
  attempt?: number
  /** Wait before the next attempt, ms. */
  delayMs?: number
  status?: number
  /** Telegram's `description`, or a network error's name and message; redacted, ≤ 300 chars. */
  description?: string
}

/** `fetch` as used here (a subset, so tests can pass a plain function). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export type TelegramAlerterOptions = {
  /** Bot token ("123456:ABC…"). Secret: it is part of the URL and is redacted from every log event. */
  botToken: string
  /** Target chat: a numeric id or "@channelname". */
  chatId: string | number
  /** Bot API origin, e.g. "https://api.telegram.org"; tests point it at a loopback fake. */
  apiBase: string
  /** @default globalThis.fetch */
  fetch?: FetchLike
  /** Epoch ms. @default Date.now */
  now?: () => number
  /** Waits between attempts; must resolve early (not reject) when `signal` aborts. @default a setTimeout sleep */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Runs `fn` once after `ms`; returns a cancel function. Used for per-attempt timeouts and flush deadlines. @default setTimeout */
  setTimer?: (ms: number, fn: () => void) => () => void
  /** In [0, 1). @default Math.random */
  random?: () => number
  /** @default 100 alerts */
  maxQueue?: number
  /** @default 5000 ms */
  attemptTimeoutMs?: number
  /** Attempts per alert, the first included. @default 5 */
  maxAttempts?: number
  /** Backoff base: the cap of the first retry's delay. @default 500 ms */
  baseDelayMs?: number
  /** Backoff cap (does not cap Telegram's own `retry_after`). @default 30000 ms */
  maxDelayMs?: number
  /** @default 600000 ms (10 min) */
  dedupeWindowMs?: number
  /** @default 1000 */
  maxFingerprints?: number
  /** Name in message titles. @default 'kbeauty-api' */
  serviceName?: string
  /** Receives every delivery, retry and drop. Exceptions it throws are swallowed. */
  log?: (event: AlertLogEvent) => void
}

/** Counters for health output and tests. */
export type AlerterStats = { queued: number; sending: boolean; sent: number; dropped: number; suppressed: number }

export type TelegramAlerter = {
  /**
   * Queues the startup message (version, APP_ENV, record count and source dates, host,
   * workers, time). Returns at once; never throws. `onSettled` is called once with the
   * outcome, e.g. to mark the startup lock sent or failed.
   */
  startup(info: StartupInfo, opts?: { onSettled?: (outcome: 'sent' | 'dropped') => void }): void
  /** Queues an alert for one 500, unless a similar one was alerted within the dedupe window. Returns at once; never throws. */
  error(info: ErrorInfo): void
  /**
   * Queues a summary for every pending "suppressed" count, then resolves when the queue is
   * empty or after `deadlineMs` (ms from now), whichever is first. At the deadline the
   * alert in flight is aborted and everything still queued is dropped and reported
   * (`alert.dropped`, reason 'deadline'); the alerter stays usable. Meant for shutdown.
   * Never rejects.
   */
  flush(deadlineMs: number): Promise<void>
  /** Stops: aborts the alert in flight, drops the queue (reported, reason 'closed'), ignores later calls. Never throws. */
  close(): void
  stats(): AlerterStats
}

/** Thrown by {@link createTelegramAlerter} for a bad option; the message names the option, never its value. */
export class AlerterConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlerterConfigError'
  }
}

// ---------------------------------------------------------------------------------------
// Escaping and cutting

let graphemeSegmenter: Intl.Segmenter | undefined
function graphemes(s: string): Iterable<{ segment: string }> {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  return graphemeSegmenter.segment(s)
}

const identity = (s: string): string => s

/**
 * Escapes `raw` with `escape` (default: `escape-html`) and, when the result would be longer
 * than `max` UTF-16 code units, cuts the RAW text on a grapheme boundary first and appends
 * "…", so that the returned string's `.length` ≤ `max`. Cutting before escaping means an
 * entity such as `&amp;` is either whole or absent; cutting on graphemes means no surrogate
 * pair (and no emoji ZWJ sequence) is split. Returns '' when `max` < 1. Never throws.
 * Requires `escape` to act per character (escape(a + b) = escape(a) + escape(b)), as
 * HTML escaping does.
 */
export function fitEscaped(raw: string, max: number, escape: (s: string) => string = escapeHtml): string {
  if (raw.length <= max) {
    // Escaping only lengthens text, so a raw string longer than `max` can never fit whole.
    const whole = escape(raw)
    if (whole.length <= max) return whole
  }
  if (max < ELLIPSIS.length) return ''
  const budget = max - ELLIPSIS.length
  let used = 0
  let end = 0
  for (const { segment } of graphemes(raw)) {
    const cost = escape(segment).length
    if (used + cost > budget) break
    used += cost
    end += segment.length
  }
  return escape(raw.slice(0, end)) + ELLIPSIS
}

/** Bounds a caller's string before it is stored (queue, dedupe map). */
function keep(value: unknown, max = MAX_RAW_FIELD): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
  return fitEscaped(s, max, identity)
}

// ---------------------------------------------------------------------------------------
// Rendering

/** 'html': `parse_mode: 'HTML'` with escaped values; 'plain': the fallback without parse_mode. */
export type Mode = 'html' | 'plain'

/** A message before rendering: the same spec renders as HTML or as plain text. */
type MessageSpec = {
  title: string
  /** One-line fields; `code` renders the value in <code>. Undefined values are skipped. */
  fields: Array<{ label: string; value: string | undefined; code?: boolean }>
  /** Free lines (e.g. a source list), each cut to one field's length. */
  lines?: string[]
  /** Notes in italics, after the fields. */
  notes?: string[]
  /** The long part (an error message), rendered last in <pre> and given whatever room is left. */
  body?: { label: string; value: string }
}

/** Appends parts while keeping the total ≤ limit; every user-derived value goes through fitEscaped. */
class MessageBuilder {
  private out = ''
  constructor(
    private readonly mode: Mode,
    private readonly limit: number,
  ) {}

  private tag(name: string, open: boolean): string {
    if (this.mode === 'plain') return ''
    return open ? `<${name}>` : `</${name}>`
  }

  private escape(s: string): string {
    return this.mode === 'html' ? escapeHtml(s) : s
  }

  /** Adds `prefix + fit(value) + suffix` if at least a cut value fits; prefix/suffix are our own markup. */
  private add(prefix: string, value: string, suffix: string, cap: number): void {
    const room = Math.min(cap, this.limit - this.out.length - prefix.length - suffix.length)
    if (room < 1) return
    const fitted = fitEscaped(value, room, (s) => this.escape(s))
    if (fitted === '' && value !== '') return
    this.out += prefix + fitted + suffix
  }

  private nl(): string {
    return this.out === '' ? '' : '\n'
  }

  title(text: string): this {
    this.add(this.nl() + this.tag('b', true), text, this.tag('b', false), MAX_FIELD)
    return this
  }

  field(label: string, value: string, code = false): this {
    const open = code ? this.tag('code', true) : ''
    const close = code ? this.tag('code', false) : ''
    this.add(`${this.nl()}${this.tag('b', true)}${label}:${this.tag('b', false)} ${open}`, value, close, MAX_FIELD)
    return this
  }

  line(text: string): this {
    this.add(this.nl(), text, '', MAX_FIELD)
    return this
  }

  note(text: string): this {
    this.add(this.nl() + this.tag('i', true), text, this.tag('i', false), MAX_FIELD)
    return this
  }

  body(label: string, value: string): this {
    this.add(`${this.nl()}${this.tag('b', true)}${label}:${this.tag('b', false)}\n${this.tag('pre', true)}`, value, this.tag('pre', false), Infinity)
    return this
  }

  toString(): string {
    return this.out
  }
}

/** Renders a spec as HTML (escaped) or plain text, ≤ `limit` characters. */
function render(spec: MessageSpec, mode: Mode, limit = TELEGRAM_MESSAGE_LIMIT): string {
  const b = new MessageBuilder(mode, limit).title(spec.title)
  for (const f of spec.fields) if (f.value !== undefined && f.value !== '') b.field(f.label, f.value, f.code)
  for (const l of spec.lines ?? []) b.line(l)
  for (const n of spec.notes ?? []) b.note(n)
  if (spec.body) b.body(spec.body.label, spec.body.value === '' ? '(empty)' : spec.body.value)
  return b.toString()
}

const numberFormat = new Intl.NumberFormat('en-US')

function iso(ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? 'unknown' : d.toISOString()
}

function startupSpec(info: StartupInfo, serviceName: string): MessageSpec {
  const sources = Array.isArray(info.sourceDates) ? info.sourceDates : []
  const lines = sources.slice(0, MAX_SOURCE_LINES).map((s) => `• ${keep(s?.file, 200)}: ${s?.date ? keep(s.date, 40) : 'date unknown'}`)
  if (sources.length > MAX_SOURCE_LINES) lines.push(`… and ${sources.length - MAX_SOURCE_LINES} more`)
  const time = info.time instanceof Date ? info.time.getTime() : Number.NaN
  return {
    title: `🚀 ${serviceName} ${info.event ?? 'started'}`,
    fields: [
      { label: 'version', value: keep(info.version), code: true },
      { label: 'APP_ENV', value: keep(info.appEnv), code: true },
      { label: 'deploy', value: info.deployId === undefined ? undefined : keep(info.deployId), code: true },
      { label: 'records', value: Number.isFinite(info.records) ? numberFormat.format(info.records) : 'unknown' },
      { label: 'host', value: keep(info.host), code: true },
      { label: 'workers', value: keep(info.workers) },
      { label: 'time', value: iso(time) },
      { label: 'sources', value: sources.length === 0 ? 'none listed' : `${sources.length} file(s)` },
    ],
    lines,
  }
}

type StoredError = { route: string; method: string; errorType: string; message: string; requestId: string; status: number }

function storeError(info: ErrorInfo): StoredError {
  return {
    route: keep(info.route),
    method: keep(info.method, 32),
    errorType: keep(info.errorType, 512),
    message: keep(info.message),
    requestId: keep(info.requestId, 256),
    status: typeof info.status === 'number' && Number.isInteger(info.status) ? info.status : 500,
  }
}

function errorSpec(e: StoredError, serviceName: string, at: number, notes: string[], summary = false): MessageSpec {
  return {
    title: summary ? `🔁 ${serviceName}: repeated errors` : `🔥 ${serviceName}: HTTP ${e.status}`,
    fields: [
      { label: 'route', value: e.route, code: true },
      { label: 'method', value: e.method },
      { label: 'error', value: e.errorType, code: true },
      { label: 'request id', value: summary ? undefined : e.requestId, code: true },
      { label: summary ? 'first seen' : 'time', value: iso(at) },
    ],
    notes,
    body: { label: 'message', value: e.message },
  }
}

/**
 * The dedupe key of an error: route, error type and message, lower-cased, with UUIDs,
 * long hex runs and digit runs collapsed and whitespace squeezed, so "id 42 not found"
 * and "id 43 not found" are one fingerprint. Pure; never throws.
 */
export function errorFingerprint(info: Pick<ErrorInfo, 'route' | 'errorType' | 'message'>): string {
  const norm = (v: unknown) =>
    keep(v, 1_000)
      .toLowerCase()
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\b(?:0x)?[0-9a-f]{8,}\b/g, '<hex>')
      .replace(/\d+/g, '#')
      .replace(/\s+/g, ' ')
      .trim()
  return `${norm(info.route)}\u0000${norm(info.errorType)}\u0000${norm(info.message)}`
}

// ---------------------------------------------------------------------------------------
// The alerter

type QueueItem = {
  kind: AlertKind
  spec: MessageSpec
  onSettled?: (outcome: 'sent' | 'dropped') => void
}

type AttemptResult =
  | { type: 'ok' }
  | { type: 'aborted' }
  | { type: 'retry'; reason: 'timeout' | 'network' | 'http-429' | 'http-5xx'; status?: number; description?: string; retryAfterMs?: number }
  | { type: 'bad-request'; status: number; description?: string }
  | { type: 'rejected'; status: number; description?: string }

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

function defaultSetTimer(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms)
  return () => clearTimeout(timer)
}

function numberOption(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < min) throw new AlerterConfigError(`${name} must be a number ≥ ${min}`)
  return v
}

/**
 * Builds a Telegram alerter (see the module comment for the rules it follows).
 * Side-effect free until `startup()`/`error()` is called: no timer, no request.
 * @throws AlerterConfigError when `botToken`, `chatId` or `apiBase` is missing or malformed,
 *   or a numeric option is out of range. Once built, no method throws.
 */
export function createTelegramAlerter(opts: TelegramAlerterOptions): TelegramAlerter {
  if (typeof opts.botToken !== 'string' || opts.botToken.trim() === '') throw new AlerterConfigError('botToken is required')
  if (opts.chatId === undefined || opts.chatId === null || String(opts.chatId).trim() === '') throw new AlerterConfigError('chatId is required')
  let apiBase: string
  try {
    const u = new URL(opts.apiBase)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol')
    apiBase = opts.apiBase.replace(/\/+$/, '')
  } catch {
    throw new AlerterConfigError('apiBase must be an http(s) URL such as https://api.telegram.org')
  }
  const token = opts.botToken.trim()
  const chatId = opts.chatId
  const url = `${apiBase}/bot${token}/sendMessage`
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init))
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? defaultSleep
  const setTimer = opts.setTimer ?? defaultSetTimer
  const random = opts.random ?? Math.random
  const maxQueue = numberOption('maxQueue', opts.maxQueue, TELEGRAM_DEFAULTS.maxQueue)
  const attemptTimeoutMs = numberOption('attemptTimeoutMs', opts.attemptTimeoutMs, TELEGRAM_DEFAULTS.attemptTimeoutMs)
  const maxAttempts = numberOption('maxAttempts', opts.maxAttempts, TELEGRAM_DEFAULTS.maxAttempts)
  const baseDelayMs = numberOption('baseDelayMs', opts.baseDelayMs, TELEGRAM_DEFAULTS.baseDelayMs, 0)
  const maxDelayMs = numberOption('maxDelayMs', opts.maxDelayMs, TELEGRAM_DEFAULTS.maxDelayMs, 0)
  const dedupeWindowMs = numberOption('dedupeWindowMs', opts.dedupeWindowMs, TELEGRAM_DEFAULTS.dedupeWindowMs, 0)
  const maxFingerprints = numberOption('maxFingerprints', opts.maxFingerprints, TELEGRAM_DEFAULTS.maxFingerprints)
  const serviceName = keep(opts.serviceName ?? TELEGRAM_DEFAULTS.serviceName, 64)

  // The token can surface in error messages that quote the URL; both its raw and its
  // percent-encoded forms are replaced before anything reaches the log callback.
  const secrets = [...new Set([token, encodeURIComponent(token)])].sort((a, b) => b.length - a.length)
  const redact = (s: string): string => secrets.reduce((acc, t) => acc.split(t).join('<redacted>'), s)

  const queue: QueueItem[] = []
  const seen = new Map<string, { since: number; suppressed: number; error: StoredError }>()
  const idleWaiters = new Set<() => void>()
  let stop = new AbortController()
  let running = false
  let closed = false
  let droppedSinceLastSent = 0
  const counters = { sent: 0, dropped: 0, suppressed: 0 }

  function emit(event: AlertLogEvent): void {
    if (!opts.log) return
    try {
      const clean: AlertLogEvent = { ...event }
      if (clean.description !== undefined) clean.description = redact(clean.description).slice(0, MAX_DESCRIPTION)
      if (clean.reason !== undefined) clean.reason = redact(clean.reason)
      opts.log(clean)
    } catch {
      /* a failing log callback must not break alerting */
    }
  }

  function settle(item: QueueItem, outcome: 'sent' | 'dropped'): void {
    try {
      item.onSettled?.(outcome)
    } catch {
      /* the caller's callback is not our failure */
    }
  }

  function drop(items: QueueItem[], reason: string, extra: Partial<AlertLogEvent> = {}): void {
    if (items.length === 0) return
    counters.dropped += items.length
    droppedSinceLastSent += items.length
    for (const item of items) settle(item, 'dropped')
    emit({ level: 'error', event: 'alert.dropped', reason, count: items.length, kind: items.length === 1 ? items[0]?.kind : undefined, ...extra })
  }

  function enqueue(item: QueueItem): void {
    if (closed) return drop([item], 'closed')
    if (queue.length >= maxQueue) return drop([item], 'queue-full')
    queue.push(item)
    if (!running) {
      running = true
      void pump()
    }
  }

  function notifyIdle(): void {
    for (const w of [...idleWaiters]) w()
  }

  async function pump(): Promise<void> {
    try {
      while (queue.length > 0 && !closed) {
        const item = queue[0]!
        const signal = stop.signal
        let outcome: 'sent' | 'dropped' | 'aborted'
        try {
          outcome = await deliver(item, signal)
        } catch (err) {
          emit({ level: 'error', event: 'alert.internal-error', kind: item.kind, description: describe(err) })
          outcome = 'dropped'
          counters.dropped++
          settle(item, 'dropped')
        }
        // A deadline or close() may already have emptied the queue (and reported this item).
        if (outcome !== 'aborted' && queue[0] === item) queue.shift()
      }
    } finally {
      // The loop only ends on an empty queue or close(); enqueue() starts a new pump later.
      running = false
      notifyIdle()
    }
  }

  async function deliver(item: QueueItem, signal: AbortSignal): Promise<'sent' | 'dropped' | 'aborted'> {
    let mode: Mode = 'html'
    let attempt = 0
    while (attempt < maxAttempts) {
      if (signal.aborted) return 'aborted'
      attempt++
      // Rendered per attempt: drops that happen while this alert waits are announced too.
      const notes = [...(item.spec.notes ?? [])]
      if (droppedSinceLastSent > 0) notes.push(`⚠️ ${droppedSinceLastSent} earlier alert(s) were dropped; see the service log`)
      const result = await attemptOnce(render({ ...item.spec, notes }, mode), mode, signal)
      if (result.type === 'ok') {
        counters.sent++
        droppedSinceLastSent = 0
        settle(item, 'sent')
        emit({ level: 'info', event: 'alert.sent', kind: item.kind, attempt })
        return 'sent'
      }
      if (result.type === 'aborted') return 'aborted'
      if (result.type === 'bad-request' && mode === 'html') {
        // Most likely our markup was refused; the same words as plain text cannot fail
        // to parse. This switch does not use up a transient-error attempt.
        mode = 'plain'
        attempt--
        emit({ level: 'warn', event: 'alert.plain-text-fallback', kind: item.kind, status: result.status, description: result.description })
        continue
      }
      if (result.type === 'bad-request' || result.type === 'rejected') {
        drop([item], 'rejected', { status: result.status, description: result.description, kind: item.kind, attempt })
        return 'dropped'
      }
      if (attempt >= maxAttempts) {
        drop([item], 'attempts-exhausted', { status: result.status, description: result.description, kind: item.kind, attempt })
        return 'dropped'
      }
      // Full jitter: a uniformly random wait in [0, min(cap, base·2^(n−1))).
      const backoff = Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)))
      const delayMs = result.retryAfterMs ?? backoff
      emit({ level: 'warn', event: 'alert.retry', kind: item.kind, reason: result.reason, attempt, delayMs, status: result.status, description: result.description })
      await sleep(delayMs, signal)
    }
    return signal.aborted ? 'aborted' : 'dropped'
  }

  async function attemptOnce(text: string, mode: Mode, stopSignal: AbortSignal): Promise<AttemptResult> {
    const controller = new AbortController()
    let timedOut = false
    const cancelTimer = setTimer(attemptTimeoutMs, () => {
      timedOut = true
      controller.abort()
    })
    const onStop = () => controller.abort()
    stopSignal.addEventListener('abort', onStop, { once: true })
    try {
      const payload: Record<string, unknown> = { chat_id: chatId, text, link_preview_options: { is_disabled: true } }
      if (mode === 'html') payload.parse_mode = 'HTML'
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: controller.signal,
      })
      const raw = await res.text()
      let body: { ok?: unknown; description?: unknown; parameters?: { retry_after?: unknown } } = {}
      try {
        const parsed: unknown = JSON.parse(raw)
        if (parsed && typeof parsed === 'object') body = parsed as typeof body
      } catch {
        /* a proxy's HTML error page: classify by status alone */
      }
      const description = typeof body.description === 'string' ? body.description : undefined
      if (res.ok && body.ok !== false) return { type: 'ok' }
      if (res.status === 429) {
        const fromBody = body.parameters?.retry_after
        const fromHeader = Number(res.headers.get('retry-after'))
        const seconds = typeof fromBody === 'number' && fromBody >= 0 ? fromBody : Number.isFinite(fromHeader) && fromHeader >= 0 && res.headers.has('retry-after') ? fromHeader : undefined
        return { type: 'retry', reason: 'http-429', status: 429, description, retryAfterMs: seconds === undefined ? undefined : Math.ceil(seconds * 1000) }
      }
      if (res.status >= 500) return { type: 'retry', reason: 'http-5xx', status: res.status, description }
      if (res.status === 400) return { type: 'bad-request', status: 400, description }
      return { type: 'rejected', status: res.status, description }
    } catch (err) {
      if (stopSignal.aborted) return { type: 'aborted' }
      if (timedOut) return { type: 'retry', reason: 'timeout', description: `no answer within ${attemptTimeoutMs} ms` }
      return { type: 'retry', reason: 'network', description: describe(err) }
    } finally {
      cancelTimer()
      stopSignal.removeEventListener('abort', onStop)
    }
  }

  function describe(err: unknown): string {
    if (err instanceof Error) {
      const code = (err as { code?: unknown }).code
      return redact(`${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`).slice(0, MAX_DESCRIPTION)
    }
    return redact(String(err)).slice(0, MAX_DESCRIPTION)
  }

  function suppressedNote(count: number, since: number): string {
    return `(+${count} similar suppressed since ${iso(since)})`
  }

  function summarise(fp: string): void {
    const entry = seen.get(fp)
    if (!entry || entry.suppressed === 0) return
    enqueue({ kind: 'summary', spec: errorSpec(entry.error, serviceName, entry.since, [suppressedNote(entry.suppressed, entry.since)], true) })
    entry.suppressed = 0
  }

  function abortPending(reason: 'deadline' | 'closed'): void {
    const pending = queue.splice(0, queue.length)
    stop.abort()
    stop = new AbortController()
    drop(pending, reason)
  }

  return {
    startup(info, startupOpts) {
      try {
        enqueue({ kind: 'startup', spec: startupSpec(info, serviceName), onSettled: startupOpts?.onSettled })
      } catch (err) {
        emit({ level: 'error', event: 'alert.internal-error', kind: 'startup', description: describe(err) })
      }
    },

    error(info) {
      try {
        if (closed) return
        const t = now()
        const fp = errorFingerprint(info)
        const entry = seen.get(fp)
        if (entry && t - entry.since < dedupeWindowMs) {
          entry.suppressed++
          counters.suppressed++
          return
        }
        const notes = entry && entry.suppressed > 0 ? [suppressedNote(entry.suppressed, entry.since)] : []
        const stored = storeError(info)
        // Re-inserted so the Map's order is "least recently alerted first" for eviction.
        seen.delete(fp)
        seen.set(fp, { since: t, suppressed: 0, error: stored })
        while (seen.size > maxFingerprints) {
          const oldest = seen.keys().next().value as string
          summarise(oldest)
          seen.delete(oldest)
        }
        enqueue({ kind: 'error', spec: errorSpec(stored, serviceName, t, notes) })
      } catch (err) {
        emit({ level: 'error', event: 'alert.internal-error', kind: 'error', description: describe(err) })
      }
    },

    flush(deadlineMs) {
      try {
        if (closed) return Promise.resolve()
        for (const fp of [...seen.keys()]) summarise(fp)
        if (queue.length === 0 && !running) return Promise.resolve()
        return new Promise<void>((resolve) => {
          let cancel: () => void = () => {}
          const done = () => {
            idleWaiters.delete(done)
            cancel()
            resolve()
          }
          idleWaiters.add(done)
          cancel = setTimer(Math.max(0, Number(deadlineMs) || 0), () => {
            idleWaiters.delete(done)
            if (queue.length > 0) abortPending('deadline')
            resolve()
          })
        })
      } catch (err) {
        emit({ level: 'error', event: 'alert.internal-error', description: describe(err) })
        return Promise.resolve()
      }
    },

    close() {
      try {
        if (closed) return
        abortPending('closed')
        closed = true
        notifyIdle()
      } catch {
        /* never throws */
      }
    },

    stats() {
      return { queued: queue.length, sending: running, ...counters }
    },
  }
}

/**
 * Renders the startup message exactly as `startup()` sends it: HTML (escaped, ≤ 4096
 * characters) or the plain-text fallback. Pure; never throws for well-typed input.
 */
export function renderStartupMessage(info: StartupInfo, opts: { mode?: Mode; serviceName?: string } = {}): string {
  return render(startupSpec(info, opts.serviceName ?? TELEGRAM_DEFAULTS.serviceName), opts.mode ?? 'html')
}

/**
 * Renders an error alert exactly as `error()` sends it (`at`: epoch ms shown as the time;
 * `notes`: extra italic lines such as the suppressed count). Pure.
 */
export function renderErrorMessage(info: ErrorInfo, opts: { at: number; mode?: Mode; serviceName?: string; notes?: string[] }): string {
  return render(errorSpec(storeError(info), opts.serviceName ?? TELEGRAM_DEFAULTS.serviceName, opts.at, opts.notes ?? []), opts.mode ?? 'html')
}
