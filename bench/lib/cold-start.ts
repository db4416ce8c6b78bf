/**
 * Cold start: exec of `kbeauty-api serve` to the first 200 on /health, polled every
 * millisecond over loopback (the equivalent of hyperfine with a readiness probe, without
 * the shell and curl start-up in the measurement). Server pinned to core 0.
 */
import { BENCH_SECRET } from '../constants.ts'
import { freePort, pin, stopProcess, waitFor200 } from './procs.ts'

/** Median and every run, ms. @throws Error when a start never answers 200. */
export async function coldStart(
  binary: string,
  runs: number,
  env: Record<string, string> = {},
): Promise<{ median: number; runs: number[] }> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const port = await freePort()
    const t0 = performance.now()
    const proc = Bun.spawn([...pin(0), binary, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        APP_ENV: 'prod',
        PORT: String(port),
        HOST: '127.0.0.1',
        RAPIDAPI_PROXY_SECRET: BENCH_SECRET,
        ...env,
      },
      stdout: 'ignore',
      stderr: 'ignore',
    })
    try {
      await waitFor200(`http://127.0.0.1:${port}/health`, 10_000, () => proc.exitCode === null)
      times.push(performance.now() - t0)
    } finally {
      await stopProcess(proc)
    }
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs: times }
}
