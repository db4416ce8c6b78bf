/**
 * Telegram alerts for operators: a startup message and an alert per (deduplicated) 500,
 * sent with the Bot API's `sendMessage` in HTML mode. Never on the request path:
 * `startup()` and `error()` queue and return at once. One alerter per host: with
 * `--workers N` the main thread owns it and the worker threads hand their 500s to it, so
 * the dedupe window covers every worker. The parts, one concern each: bot-api.ts (the
 * call and what its status means), format.ts (escaping and cutting), dedupe.ts (the
 * window), send-queue.ts (bounded queue, backoff, flush). The bot token is in the URL
 * only; every string that reaches `log` passes through a redactor first.
 */
import { sendMessage, tokenRedactor, type FetchLike } from './bot-api.ts'
import { DedupeWindow } from './dedupe.ts'
import { errorSpec, startupSpec, storeError, type ErrorInfo, type StartupInfo } from './format.ts'
import { createSendQueue, type QueueEvent } from './send-queue.ts'

export { ELLIPSIS, fitEscaped, renderErrorMessage, renderStartupMessage, TELEGRAM_MESSAGE_LIMIT, type ErrorInfo, type Mode, type StartupInfo } from './format.ts'
export { errorFingerprint } from './dedupe.ts'
export type { FetchLike } from './bot-api.ts'
export type { AlertKind } from './send-queue.ts'

/** Defaults for {@link TelegramAlerterOptions}. Times in ms. */
export const TELEGRAM_DEFAULTS = Object.freeze({
  ...{ maxQueue: 100, attemptTimeoutMs: 5_000, maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 },
  ...{ dedupeWindowMs: 600_000, maxFingerprints: 1_000, serviceName: 'kbeauty-api' },
})

/** Longest description from Telegram kept in a log event. */
const MAX_DESCRIPTION = 300

/**
 * One event for the operator's log; strings never contain the bot token. retry reasons:
 * 'timeout' | 'network' | 'http-429' | 'http-5xx'; drop reasons: 'queue-full' | 'deadline'
 * | 'closed' | 'rejected' | 'attempts-exhausted'.
 */
export type AlertLogEvent = QueueEvent

export type TelegramAlerterOptions = {
  /** Secret: part of the URL, redacted from every log event. */
  botToken: string
  chatId: string | number
  /** Bot API origin, e.g. "https://api.telegram.org" (validated by config). */
  apiBase: string
  /** @default globalThis.fetch */
  fetch?: FetchLike
  /** @default Date.now */
  now?: () => number
  /** Waits between attempts; must resolve early (not reject) when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Runs `fn` once after `ms`; returns a cancel function. @default setTimeout */
  setTimer?: (ms: number, fn: () => void) => () => void
  /** In [0, 1). @default Math.random */
  random?: () => number
  /** @default 100 */ maxQueue?: number
  /** @default 5000 ms */ attemptTimeoutMs?: number
  /** Attempts per alert, the first included. @default 5 */ maxAttempts?: number
  /** @default 500 ms */ baseDelayMs?: number
  /** Does not cap Telegram's own `retry_after`. @default 30000 ms */ maxDelayMs?: number
  /** @default 600000 ms */ dedupeWindowMs?: number
  /** @default 1000 */ maxFingerprints?: number
  /** @default 'kbeauty-api' */ serviceName?: string
  /** Receives every delivery, retry and drop. Exceptions it throws are swallowed. */
  log?: (event: AlertLogEvent) => void
}

export type AlerterStats = { queued: number; sending: boolean; sent: number; dropped: number; suppressed: number }

export type TelegramAlerter = {
  /** Queues the startup message; `onSettled` gets the outcome once. Never throws. */
  startup(info: StartupInfo, opts?: { onSettled?: (outcome: 'sent' | 'dropped') => void }): void
  /** Queues an alert for one 500 unless a similar one was alerted within the dedupe window. */
  error(info: ErrorInfo): void
  /** Queues a summary of every pending suppressed count, then waits ≤ `deadlineMs` for the queue to empty (shutdown). Never rejects. */
  flush(deadlineMs: number): Promise<void>
  /** Aborts the alert in flight and drops the queue (reported); later calls are ignored. */
  close(): void
  stats(): AlerterStats
}

/** Thrown by {@link createTelegramAlerter} for a bad option; names the option, never its value. */
export class AlerterConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlerterConfigError'
  }
}

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

function option(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < min) throw new AlerterConfigError(`${name} must be a number ≥ ${min}`)
  return v
}

/**
 * Builds an alerter; no timer or request until `startup()`/`error()`.
 * @throws AlerterConfigError when `botToken` or `chatId` is empty or a numeric option is out of range.
 */
export function createTelegramAlerter(opts: TelegramAlerterOptions): TelegramAlerter {
  const token = opts.botToken.trim()
  if (token === '') throw new AlerterConfigError('botToken is required')
  if (String(opts.chatId).trim() === '') throw new AlerterConfigError('chatId is required')
  const setTimer = opts.setTimer ?? ((ms, fn) => clearTimeout.bind(null, setTimeout(fn, ms)))
  const serviceName = opts.serviceName ?? TELEGRAM_DEFAULTS.serviceName
  const dedupe = new DedupeWindow(
    option('dedupeWindowMs', opts.dedupeWindowMs, TELEGRAM_DEFAULTS.dedupeWindowMs, 0),
    option('maxFingerprints', opts.maxFingerprints, TELEGRAM_DEFAULTS.maxFingerprints),
    opts.now ?? Date.now,
  )
  const { redact, describe } = tokenRedactor(token, MAX_DESCRIPTION)
  const emit = (e: QueueEvent) => {
    try {
      opts.log?.({ ...e, ...(e.description === undefined ? {} : { description: redact(e.description).slice(0, MAX_DESCRIPTION) }), ...(e.reason === undefined ? {} : { reason: redact(e.reason) }) })
    } catch {
      /* a failing log callback must not break alerting */
    }
  }
  const bot = {
    url: `${opts.apiBase.replace(/\/+$/, '')}/bot${token}/sendMessage`,
    chatId: opts.chatId,
    fetch: opts.fetch ?? ((u: string, init: RequestInit) => fetch(u, init)),
    attemptTimeoutMs: option('attemptTimeoutMs', opts.attemptTimeoutMs, TELEGRAM_DEFAULTS.attemptTimeoutMs),
    setTimer,
    describe,
  }
  const queue = createSendQueue({
    send: (text, mode, stop) => sendMessage(bot, text, mode, stop),
    emit,
    maxQueue: option('maxQueue', opts.maxQueue, TELEGRAM_DEFAULTS.maxQueue),
    maxAttempts: option('maxAttempts', opts.maxAttempts, TELEGRAM_DEFAULTS.maxAttempts),
    baseDelayMs: option('baseDelayMs', opts.baseDelayMs, TELEGRAM_DEFAULTS.baseDelayMs, 0),
    maxDelayMs: option('maxDelayMs', opts.maxDelayMs, TELEGRAM_DEFAULTS.maxDelayMs, 0),
    random: opts.random ?? Math.random,
    sleep: opts.sleep ?? defaultSleep,
    setTimer,
  })
  const summarise = (s: { error: ReturnType<typeof storeError>; since: number; note: string }) =>
    queue.push({ kind: 'summary', spec: errorSpec(s.error, serviceName, s.since, [s.note], true) })
  let closed = false

  return {
    startup(info, o) {
      queue.push({ kind: 'startup', spec: startupSpec(info, serviceName), onSettled: o?.onSettled })
    },
    error(info) {
      if (closed) return
      const stored = storeError(info)
      const admitted = dedupe.admit(stored)
      if (!admitted) return
      for (const s of admitted.evicted) summarise(s)
      queue.push({ kind: 'error', spec: errorSpec(stored, serviceName, admitted.at, admitted.notes) })
    },
    flush(deadlineMs) {
      if (closed) return Promise.resolve()
      for (const s of dedupe.drain()) summarise(s)
      return queue.flush(deadlineMs)
    },
    close() {
      closed = true
      queue.close()
    },
    stats: () => ({ ...queue.stats(), suppressed: dedupe.suppressedTotal }),
  }
}
