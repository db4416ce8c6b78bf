/**
 * Telegram alerts for operators: a startup message and an alert per (deduplicated) 500,
 * sent with the Bot API's `sendMessage` in HTML mode. Never on the request path:
 * `startup()` and `error()` queue and return at once. One alerter per host: with
 * `--workers N` the main thread owns it and the worker threads hand their 500s to it, so
 * the dedupe window covers every worker. The parts, one concern each: bot-api.ts (the
 * call and what its status means), format.ts (escaping and cutting), messages.ts (what
 * the alerts say), dedupe.ts (the window), send-queue.ts (bounded queue, backoff, flush),
 * alerter-options.ts (defaults and their check). The bot token is in the URL only; every
 * string that reaches `log` passes through a redactor first.
 */

import { AlerterConfigError, defaultSleep, option, TELEGRAM_DEFAULTS, type TelegramAlerterOptions } from './alerter-options.ts'
import { sendMessage, tokenRedactor } from './bot-api.ts'
import { DedupeWindow } from './dedupe.ts'
import { type ErrorInfo, errorSpec, type StartupInfo, startupSpec, storeError } from './messages.ts'
import { createSendQueue, type QueueEvent } from './send-queue.ts'

export { AlerterConfigError, TELEGRAM_DEFAULTS, type TelegramAlerterOptions } from './alerter-options.ts'
export type { FetchLike } from './bot-api.ts'
export { errorFingerprint } from './dedupe.ts'
export { ELLIPSIS, fitEscaped, type Mode, TELEGRAM_MESSAGE_LIMIT } from './format.ts'
export { type ErrorInfo, renderErrorMessage, renderStartupMessage, type StartupInfo } from './messages.ts'
export type { AlertKind } from './send-queue.ts'

/** Longest description from Telegram kept in a log event. */
const MAX_DESCRIPTION = 300

/**
 * One event for the operator's log; strings never contain the bot token. retry reasons:
 * 'timeout' | 'network' | 'http-429' | 'http-5xx'; drop reasons: 'queue-full' | 'deadline'
 * | 'closed' | 'rejected' | 'attempts-exhausted'.
 */
export type AlertLogEvent = QueueEvent

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
      opts.log?.({
        ...e,
        ...(e.description === undefined ? {} : { description: redact(e.description).slice(0, MAX_DESCRIPTION) }),
        ...(e.reason === undefined ? {} : { reason: redact(e.reason) }),
      })
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
