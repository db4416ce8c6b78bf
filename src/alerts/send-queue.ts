/**
 * The bounded send queue: one sender works through it in order, one request at a time.
 * Retries use exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter") unless Telegram says `retry_after`; a 400 in HTML mode is sent once
 * more as plain text (an escaping bug degrades formatting instead of losing the alert).
 * When full, the NEWEST alert is dropped (the startup message and an incident's onset are
 * kept, order preserved) and the next delivered message says how many were dropped.
 * `flush(deadline)` waits for the queue to empty, then aborts and drops what is left.
 */
import type { AttemptResult } from './bot-api.ts'
import { type MessageSpec, type Mode, render } from './format.ts'

export type AlertKind = 'startup' | 'error' | 'summary'
export type QueueItem = { kind: AlertKind; spec: MessageSpec; onSettled?: (outcome: 'sent' | 'dropped') => void }

/** A log event as the queue reports it (the alerter adds redaction). */
export type QueueEvent = {
  level: 'info' | 'warn' | 'error'
  event: 'alert.sent' | 'alert.retry' | 'alert.plain-text-fallback' | 'alert.dropped'
  kind?: AlertKind
  reason?: string
  count?: number
  attempt?: number
  delayMs?: number
  status?: number
  description?: string
}

export type SendQueueOptions = {
  send: (text: string, mode: Mode, stop: AbortSignal) => Promise<AttemptResult>
  emit: (e: QueueEvent) => void
  maxQueue: number
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  random: () => number
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
  setTimer: (ms: number, fn: () => void) => () => void
}

/** What a log event says about an alert and Telegram's answer to it. */
const facts = (item: QueueItem, r: { status?: number; description?: string }) => ({
  kind: item.kind,
  status: r.status,
  description: r.description,
})

export function createSendQueue(o: SendQueueOptions) {
  const queue: QueueItem[] = []
  const idle = new Set<() => void>()
  let stop = new AbortController()
  let running = false
  let closed = false
  let droppedSinceSent = 0
  const counters = { sent: 0, dropped: 0 }

  const settle = (item: QueueItem, outcome: 'sent' | 'dropped') => {
    try {
      item.onSettled?.(outcome)
    } catch {
      /* the caller's callback is not our failure */
    }
  }

  const drop = (items: QueueItem[], reason: string, extra: Partial<QueueEvent> = {}) => {
    if (items.length === 0) return
    counters.dropped += items.length
    droppedSinceSent += items.length
    for (const item of items) settle(item, 'dropped')
    o.emit({
      level: 'error',
      event: 'alert.dropped',
      reason,
      count: items.length,
      kind: items.length === 1 ? items[0]!.kind : undefined,
      ...extra,
    })
  }

  async function deliver(item: QueueItem, signal: AbortSignal): Promise<'sent' | 'dropped' | 'aborted'> {
    let mode: Mode = 'html'
    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      if (signal.aborted) return 'aborted'
      // Rendered per attempt: drops that happen while this alert waits are announced too.
      const notes = [...(item.spec.notes ?? [])]
      if (droppedSinceSent > 0) notes.push(`⚠️ ${droppedSinceSent} earlier alert(s) were dropped; see the service log`)
      const result = await o.send(render({ ...item.spec, notes }, mode), mode, signal)
      if (result.type === 'ok') {
        counters.sent++
        droppedSinceSent = 0
        settle(item, 'sent')
        o.emit({ level: 'info', event: 'alert.sent', kind: item.kind, attempt })
        return 'sent'
      }
      if (result.type === 'aborted') return 'aborted'
      if (result.type === 'bad-request' && mode === 'html') {
        mode = 'plain' // the same words as plain text cannot fail to parse; not a transient attempt
        attempt--
        o.emit({ level: 'warn', event: 'alert.plain-text-fallback', ...facts(item, result) })
        continue
      }
      if (result.type !== 'retry' || attempt >= o.maxAttempts) {
        drop([item], result.type === 'retry' ? 'attempts-exhausted' : 'rejected', { ...facts(item, result), attempt })
        return 'dropped'
      }
      // Full jitter: a uniformly random wait in [0, min(cap, base·2^(n−1))).
      const delayMs = result.retryAfterMs ?? Math.floor(o.random() * Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1)))
      o.emit({ level: 'warn', event: 'alert.retry', ...facts(item, result), reason: result.reason, attempt, delayMs })
      await o.sleep(delayMs, signal)
    }
    return signal.aborted ? 'aborted' : 'dropped'
  }

  async function pump(): Promise<void> {
    try {
      while (queue.length > 0 && !closed) {
        const item = queue[0]!
        const outcome = await deliver(item, stop.signal)
        // A deadline or close() may already have emptied the queue (and reported this item).
        if (outcome !== 'aborted' && queue[0] === item) queue.shift()
      }
    } finally {
      running = false
      for (const w of [...idle]) w()
    }
  }

  const abortPending = (reason: 'deadline' | 'closed') => {
    const pending = queue.splice(0, queue.length)
    stop.abort()
    stop = new AbortController()
    drop(pending, reason)
  }

  return {
    counters,
    push(item: QueueItem): void {
      if (closed || queue.length >= o.maxQueue) {
        drop([item], closed ? 'closed' : 'queue-full')
        return
      }
      queue.push(item)
      if (!running) {
        running = true
        void pump()
      }
    },
    /** Resolves when the queue is empty, or after `deadlineMs` having dropped the rest. */
    flush(deadlineMs: number): Promise<void> {
      if (closed || (queue.length === 0 && !running)) return Promise.resolve()
      return new Promise<void>((resolve) => {
        let cancel = () => {}
        const done = () => {
          idle.delete(done)
          cancel()
          resolve()
        }
        idle.add(done)
        cancel = o.setTimer(Math.max(0, deadlineMs), () => {
          idle.delete(done)
          if (queue.length > 0) abortPending('deadline')
          resolve()
        })
      })
    },
    close(): void {
      if (closed) return
      abortPending('closed')
      closed = true
      for (const w of [...idle]) w()
    },
    stats: () => ({ queued: queue.length, sending: running, ...counters }),
  }
}
