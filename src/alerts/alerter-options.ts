/**
 * The alerter's options: defaults (times in ms), their docs, and the check that throws
 * when the alerter is built, naming the option and never its value.
 */
import type { FetchLike } from './bot-api.ts'
import type { QueueEvent } from './send-queue.ts'

/** Defaults for {@link TelegramAlerterOptions}. Times in ms. */
export const TELEGRAM_DEFAULTS = Object.freeze({
  ...{ maxQueue: 100, attemptTimeoutMs: 5_000, maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 },
  ...{ dedupeWindowMs: 600_000, maxFingerprints: 1_000, serviceName: 'kbeauty-api' },
})

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
  log?: (event: QueueEvent) => void
}

/** Thrown by {@link createTelegramAlerter} for a bad option; names the option, never its value. */
export class AlerterConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlerterConfigError'
  }
}

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
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

export function option(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < min) throw new AlerterConfigError(`${name} must be a number ≥ ${min}`)
  return v
}
