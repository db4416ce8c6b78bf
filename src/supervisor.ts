/**
 * `serve --workers N`: a primary process that runs N worker processes sharing the port
 * (SO_REUSEPORT: the kernel spreads connections), restarts a worker that dies with
 * exponential backoff, and stops them all on SIGTERM/SIGINT. The workers do the serving;
 * the primary never opens a socket. Called by server.ts only.
 */

export type SupervisorOptions = {
  workers: number
  /** Command that starts one worker (the same executable, `serve`). */
  command: string[]
  /** Environment variable that tells a worker its index. */
  workerEnv: string
  env: Record<string, string | undefined>
  /** How long workers get to drain after SIGTERM before SIGKILL, ms. */
  shutdownTimeoutMs: number
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void
  /** Called when a worker exits unexpectedly (for the alert), with its exit code/signal. */
  onWorkerDied?: (info: { index: number; pid: number; code: number | null; signal: string | null; restarts: number }) => void
  /** Restart backoff: starts here, doubles per quick death, ms. @default 500 */
  backoffMinMs?: number
  /** @default 30_000 */
  backoffMaxMs?: number
  /** A worker that lived this long resets its backoff, ms. @default 60_000 */
  stableAfterMs?: number
}

type Slot = { index: number; proc: ReturnType<typeof Bun.spawn> | null; startedAt: number; restarts: number; delay: number }

/**
 * Runs until SIGTERM/SIGINT, then returns after every worker has exited (or was killed
 * at the deadline). Never throws for a worker failure.
 */
export async function superviseWorkers(o: SupervisorOptions): Promise<void> {
  const min = o.backoffMinMs ?? 500
  const max = o.backoffMaxMs ?? 30_000
  const stableAfter = o.stableAfterMs ?? 60_000
  let stopping = false
  const slots: Slot[] = Array.from({ length: o.workers }, (_, index) => ({ index, proc: null, startedAt: 0, restarts: 0, delay: min }))
  const timers = new Set<ReturnType<typeof setTimeout>>()

  const start = (slot: Slot) => {
    if (stopping) return
    slot.startedAt = Date.now()
    const proc = Bun.spawn(o.command, {
      env: { ...o.env, [o.workerEnv]: String(slot.index) },
      stdin: 'ignore',
      stdout: 'inherit',
      stderr: 'inherit',
    })
    slot.proc = proc
    o.log('info', 'worker started', { worker: slot.index, worker_pid: proc.pid })
    proc.exited.then((code) => {
      slot.proc = null
      if (stopping) return
      const signal = proc.signalCode === null || proc.signalCode === undefined ? null : String(proc.signalCode)
      if (Date.now() - slot.startedAt >= stableAfter) slot.delay = min
      slot.restarts++
      o.log('error', 'worker died; restarting', { worker: slot.index, worker_pid: proc.pid, code, signal, restart_in_ms: slot.delay })
      o.onWorkerDied?.({ index: slot.index, pid: proc.pid, code: signal ? null : code, signal, restarts: slot.restarts })
      const t = setTimeout(() => {
        timers.delete(t)
        start(slot)
      }, slot.delay)
      timers.add(t)
      slot.delay = Math.min(slot.delay * 2, max)
    })
  }

  for (const slot of slots) start(slot)

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      for (const t of timers) clearTimeout(t)
      o.log('info', 'stopping workers', { signal })
      const running = slots.map((s) => s.proc).filter((p): p is NonNullable<typeof p> => p !== null)
      for (const p of running) p.kill('SIGTERM')
      const killer = setTimeout(() => {
        for (const p of running) if (p.exitCode === null) p.kill('SIGKILL')
      }, o.shutdownTimeoutMs + 2_000)
      Promise.all(running.map((p) => p.exited)).then(() => {
        clearTimeout(killer)
        resolve()
      })
    }
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
  })
}
