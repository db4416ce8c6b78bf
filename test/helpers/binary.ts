/**
 * The compiled executable for end-to-end tests: built once per test process with the
 * README's build command (official data when DATA_SOURCES_DIR is set, else the sample),
 * then started as a real process on loopback.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './sample-db.ts'

export const BINARY = join(ROOT, 'dist/kbeauty-api')
let built: Promise<string> | undefined

/** Builds dist/kbeauty-api (once per test process). Throws with the build output on failure. */
export function ensureBinary(): Promise<string> {
  built ??= (async () => {
    const proc = Bun.spawn(['bun', 'run', 'build', '--', '--native-only'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
    if (code !== 0 || !existsSync(BINARY)) throw new Error(`build failed (${code}):\n${out}\n${err}`)
    return BINARY
  })()
  return built
}

export type Running = {
  proc: ReturnType<typeof Bun.spawn>
  /** http://127.0.0.1:PORT */
  url: string
  /** stdout lines so far (JSON log lines). */
  lines: string[]
  stderr: () => string
  /** Sends SIGTERM and waits (≤ 15 s) for the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
  /** Resolves with the first stdout line matching `pred` (≤ `ms`). */
  waitForLine: (pred: (line: string) => boolean, ms?: number) => Promise<string>
}

/** Starts the binary with `args` and `env` (nothing inherited but PATH); waits for "listening". */
export async function startBinary(
  args: string[],
  env: Record<string, string>,
  opts: { binary?: string; cwd?: string; waitListening?: boolean } = {},
): Promise<Running> {
  const proc = Bun.spawn([opts.binary ?? BINARY, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cwd: opts.cwd,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const lines: string[] = []
  let err = ''
  const waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = []
  ;(async () => {
    const decoder = new TextDecoder()
    let buf = ''
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true })
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        lines.push(line)
        for (const w of [...waiters])
          if (w.pred(line)) {
            waiters.splice(waiters.indexOf(w), 1)
            w.resolve(line)
          }
      }
    }
  })()
  ;(async () => {
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(chunk)
  })()
  const waitForLine = (pred: (l: string) => boolean, ms = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find(pred)
      if (found) return resolve(found)
      const timer = setTimeout(
        () => reject(new Error(`no matching line within ${ms} ms; stdout:\n${lines.join('\n')}\nstderr:\n${err}`)),
        ms,
      )
      waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(timer)
          resolve(l)
        },
      })
      proc.exited.then(() =>
        setTimeout(() => reject(new Error(`process exited (${proc.exitCode}); stdout:\n${lines.join('\n')}\nstderr:\n${err}`)), 50),
      )
    })
  let url = ''
  if (opts.waitListening !== false) {
    const line = await waitForLine((l) => l.includes('"msg":"listening"'))
    const address = JSON.parse(line).address as string
    url = `http://127.0.0.1:${address.split(':').pop()}`
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null) proc.kill(signal)
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
    const code = await proc.exited
    clearTimeout(timer)
    return code
  }
  return { proc, url, lines, stderr: () => err, stop, waitForLine }
}

/**
 * Builds the binary and serves it in prod mode on a free loopback port with `secret` (and
 * `env`), for tests that talk raw HTTP to it. Stop it with `stop()` in afterAll.
 */
export async function serveBinary(secret: string, env: Record<string, string> = {}): Promise<Running & { port: number }> {
  await ensureBinary()
  const running = await startBinary(['serve'], { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: secret, ...env })
  return { ...running, port: Number(new URL(running.url).port) }
}
