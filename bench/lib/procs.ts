/**
 * Processes for the benchmarks: free loopback ports, CPU pinning, waiting for HTTP,
 * resident memory from /proc, and stopping what was started.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** `taskset -c CORE` when taskset exists and the machine has more than one core, else nothing. */
export function pin(core: number): string[] {
  return Bun.which('taskset') && navigator.hardwareConcurrency > 1 ? ['taskset', '-c', String(core % navigator.hardwareConcurrency)] : []
}

/** A TCP port free on 127.0.0.1 right now (bound to 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** Polls `url` until it answers 200 (every ms), or throws after `timeoutMs`. Returns the ms waited. */
export async function waitFor200(url: string, timeoutMs = 20_000, alive: () => boolean = () => true): Promise<number> {
  const t0 = performance.now()
  for (;;) {
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.status === 200) return performance.now() - t0
    } catch {
      /* not listening yet */
    }
    if (!alive()) throw new Error(`${url}: the server exited before answering`)
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
    await Bun.sleep(1)
  }
}

/** Resident set size of `pid` in MB (VmRSS), or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

/** Direct children of `pid` (from /proc), e.g. gunicorn's workers or the supervisor's. */
export function childPids(pid: number): number[] {
  const out: number[] = []
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) out.push(Number(d))
    } catch {
      /* exited */
    }
  }
  return out
}

/** Samples the RSS of `pids()` every `everyMs` until stopped; `stop()` returns the max per process, MB. */
export function sampleRss(pids: () => number[], everyMs = 200): { stop: () => number } {
  let max = 0
  const tick = () => {
    for (const p of pids()) max = Math.max(max, rssMb(p) ?? 0)
  }
  tick()
  const timer = setInterval(tick, everyMs)
  return {
    stop() {
      clearInterval(timer)
      tick()
      return max
    },
  }
}

/** Sends SIGTERM (then SIGKILL after `graceMs`) and waits for the exit. */
export async function stopProcess(proc: ReturnType<typeof Bun.spawn>, graceMs = 5_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  proc.kill('SIGTERM')
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
  await proc.exited
  clearTimeout(timer)
}
