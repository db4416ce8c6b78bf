/**
 * `serve --workers N`: the main thread runs N worker threads (worker.ts) that share the
 * port (SO_REUSEPORT: the kernel spreads connections), restarts a thread that stops with
 * a growing backoff, and stops them all on request. Threads, not processes, so they share
 * one rate-limit table and one alerter. Called by server.ts only.
 */
import type { ErrorInfo } from './alerts/telegram.ts'

/** Messages between the main thread and a worker thread. */
export type ToWorker = { type: 'start'; init: unknown } | { type: 'stop' }
export type FromWorker =
  | { type: 'listening' }
  | { type: 'internal-error'; info: ErrorInfo }
  | { type: 'stopped' }
  | { type: 'failed'; message: string }

export type SupervisorOptions = {
  workers: number
  /** URL of the worker thread's module. */
  entry: string
  /** The start message's payload for worker `index` (structured-clonable). */
  init: (index: number) => unknown
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void
  /** A 500 in a worker, for the one alerter. */
  onError?: (info: ErrorInfo) => void
  onWorkerDied?: (info: { index: number; reason: string; restarts: number }) => void
  /** Restart backoff: starts here, doubles per quick death, ms. @default 500 */
  backoffMinMs?: number
  /** @default 30_000 */
  backoffMaxMs?: number
  /** A worker that lived this long resets its backoff, ms. @default 60_000 */
  stableAfterMs?: number
  /** How long stop() waits for a worker's drain before terminating it, ms. @default 15_000 */
  stopTimeoutMs?: number
}

type Slot = {
  index: number
  worker: Worker | null
  startedAt: number
  restarts: number
  delay: number
  /** The worker said it is listening. */
  listening: boolean
  /** The next death is the drill's (`terminate`): reported as such, no longer backoff. */
  drilled?: boolean
  stopped?: () => void
}

/**
 * Starts the workers at once; `stop()` resolves when every one has drained (or was terminated
 * at the deadline); `terminate(index)` ends one worker thread at once, as a crash would (its
 * connections are cut, the others keep serving), and it is restarted like any that dies —
 * the fault drill of SIGUSR2 (server.ts) — reported with reason "SIGUSR2 drill" and without
 * growing its backoff. It refuses (null) while stopping or unless every worker is listening, so
 * drills in a row never take the service down; else it returns the index it ended, the next
 * one at each call.
 */
export function superviseThreads(o: SupervisorOptions): { stop: () => Promise<void>; terminate: () => number | null } {
  const min = o.backoffMinMs ?? 500
  const max = o.backoffMaxMs ?? 30_000
  const stableAfter = o.stableAfterMs ?? 60_000
  let stopping = false
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const slots: Slot[] = Array.from({ length: o.workers }, (_, index) => ({
    index,
    worker: null,
    startedAt: 0,
    restarts: 0,
    delay: min,
    listening: false,
  }))

  const died = (slot: Slot, worker: Worker, cause: string) => {
    if (slot.worker !== worker) return
    slot.worker = null
    slot.listening = false
    if (stopping) return slot.stopped?.()
    const drill = slot.drilled === true
    slot.drilled = false
    const reason = drill ? 'SIGUSR2 drill' : cause
    if (Date.now() - slot.startedAt >= stableAfter) slot.delay = min
    slot.restarts++
    o.log('error', 'worker died; restarting', { worker: slot.index, reason, restart_in_ms: slot.delay })
    o.onWorkerDied?.({ index: slot.index, reason, restarts: slot.restarts })
    const t = setTimeout(() => {
      timers.delete(t)
      start(slot)
    }, slot.delay)
    timers.add(t)
    if (!drill) slot.delay = Math.min(slot.delay * 2, max)
  }

  const start = (slot: Slot) => {
    if (stopping) return
    slot.startedAt = Date.now()
    const worker = new Worker(o.entry)
    slot.worker = worker
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data
      if (m.type === 'internal-error') o.onError?.(m.info)
      else if (m.type === 'listening') slot.listening = slot.worker === worker
      else if (m.type === 'stopped') worker.terminate()
      else if (m.type === 'failed') {
        died(slot, worker, m.message)
        worker.terminate()
      }
    }
    // Bun's message holds a source excerpt before "error: <message>"; keep the message.
    worker.onerror = (e: ErrorEvent) =>
      died(slot, worker, `uncaught: ${(/^error: (.*)$/m.exec(String(e.message))?.[1] ?? String(e.message)).slice(0, 200)}`)
    worker.addEventListener('close', () => died(slot, worker, 'exited'))
    worker.postMessage({ type: 'start', init: o.init(slot.index) } satisfies ToWorker)
    o.log('info', 'worker started', { worker: slot.index })
  }

  for (const slot of slots) start(slot)

  const stop = async () => {
    stopping = true
    for (const t of timers) clearTimeout(t)
    await Promise.all(
      slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const worker = slot.worker
            if (!worker) return resolve()
            const killer = setTimeout(() => {
              o.log('warn', 'worker did not stop in time; terminated', { worker: slot.index })
              worker.terminate()
              resolve()
            }, o.stopTimeoutMs ?? 15_000)
            slot.stopped = () => {
              clearTimeout(killer)
              resolve()
            }
            worker.postMessage({ type: 'stop' } satisfies ToWorker)
          }),
      ),
    )
  }
  let nextDrill = 0
  const terminate = () => {
    if (stopping || !slots.every((s) => s.worker !== null && s.listening)) return null
    const slot = slots[nextDrill++ % slots.length]!
    slot.drilled = true
    slot.listening = false // down from now on, though its close event comes later
    slot.worker!.terminate()
    return slot.index
  }
  return { stop, terminate }
}
