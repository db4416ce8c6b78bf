/**
 * Cost of counting rate limits right with `--workers N` and no Redis (issue #12, point 6):
 * the worker threads count in one SharedArrayBuffer table (security/shared-memory-store.ts)
 * instead of each in its own Map (security/memory-store.ts).
 *
 *   bun bench/workers.ts [seconds]
 *
 * 1. In process: ns per check, MemoryStore vs SharedMemoryStore, 10,000 consumers, one
 *    thread; then the shared table with two threads counting at once (contention).
 * 2. Over HTTP (when wrk is installed): the release binary, `serve` vs `serve --workers 2`,
 *    wrk -t1 -c32 with 200,000 consumers (never refused). On a 2-core machine workers mostly
 *    fight wrk for the cores; the point is that the shared table costs nothing visible.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { MemoryStore } from '../src/security/memory-store.ts'
import type { RateLimitStore } from '../src/security/rate-limit-store.ts'
import { createSharedCounters, SharedMemoryStore } from '../src/security/shared-memory-store.ts'

const seconds = Number(process.argv[2] ?? 5)
const N = 2_000_000
const keys = Array.from({ length: 10_000 }, (_, i) => `BASIC:consumer-${i}`)

function nsPerHit(store: RateLimitStore): number {
  for (let i = 0; i < 200_000; i++) store.hit(keys[i % keys.length]!, 60_000) // warm-up
  const t = Bun.nanoseconds()
  for (let i = 0; i < N; i++) store.hit(keys[i % keys.length]!, 60_000)
  return (Bun.nanoseconds() - t) / N
}

const memory = nsPerHit(new MemoryStore())
const shared = nsPerHit(new SharedMemoryStore({ buffer: createSharedCounters() }))
console.log(`in process, 10,000 consumers, ${N.toLocaleString('en-US')} checks:`)
console.log(`  MemoryStore (one Map per worker):      ${memory.toFixed(0)} ns/check`)
console.log(`  SharedMemoryStore (one table, 1 thread): ${shared.toFixed(0)} ns/check (${(shared / memory).toFixed(2)} ×)`)

// Two threads on one table: the same loop in a worker built from this file's source.
const buffer = createSharedCounters()
const src = join(mkdtempSync(join(tmpdir(), 'kbeauty-bench-workers-')), 'thread.ts')
writeFileSync(
  src,
  `import { SharedMemoryStore } from ${JSON.stringify(resolve(import.meta.dir, '../src/security/shared-memory-store.ts'))}
self.onmessage = (e) => {
  const s = new SharedMemoryStore({ buffer: e.data })
  const keys = Array.from({ length: 10_000 }, (_, i) => 'BASIC:consumer-' + i)
  const t = Bun.nanoseconds()
  for (let i = 0; i < ${N}; i++) s.hit(keys[i % keys.length], 60_000)
  postMessage((Bun.nanoseconds() - t) / ${N})
}`,
)
const both = await Promise.all(
  [0, 1].map(
    () =>
      new Promise<number>((done) => {
        const w = new Worker(src)
        w.onmessage = (e) => {
          done(e.data as number)
          w.terminate()
        }
        w.postMessage(buffer)
      }),
  ),
)
console.log(`  SharedMemoryStore, 2 threads at once:   ${both.map((x) => x.toFixed(0)).join(' / ')} ns/check`)

if (!Bun.which('wrk')) process.exit(0)
const build = Bun.spawnSync(['bun', 'run', 'build', '--', '--native-only', '--skip-db'], {
  cwd: resolve(import.meta.dir, '..'),
  stdout: 'ignore',
  stderr: 'pipe',
})
if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr}`)
const binary = resolve(import.meta.dir, '../dist/kbeauty-api')
const lua = join(tmpdir(), `kbeauty-workers-${process.pid}.lua`)
writeFileSync(
  lua,
  `local i = 0
request = function()
  i = i + 1
  wrk.headers["X-RapidAPI-Proxy-Secret"] = "bench-proxy-secret-0123456789"
  wrk.headers["X-RapidAPI-User"] = "bench-" .. (i % 200000)
  return wrk.format("GET", "/v1/ingredients/inci?q=glycerin")
end
`,
)

async function rps(workers: number): Promise<number> {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOST: '127.0.0.1',
    PORT: String(port),
    RAPIDAPI_PROXY_SECRET: 'bench-proxy-secret-0123456789',
    LOG_LEVEL: 'warn',
  }
  const server = Bun.spawn([binary, 'serve', '--workers', String(workers)], { env, stdout: 'ignore', stderr: 'inherit' })
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      await Bun.sleep(50)
    }
    Bun.spawnSync(['wrk', '-t1', '-c32', '-d1s', '-s', lua, `http://127.0.0.1:${port}`])
    const out = Bun.spawnSync(['wrk', '-t1', '-c32', `-d${seconds}s`, '-s', lua, `http://127.0.0.1:${port}`]).stdout.toString()
    if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers:\n${out}`)
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  } finally {
    server.kill()
    await server.exited
  }
}
const one = await rps(1)
const two = await rps(2)
console.log(`over HTTP, exact INCI lookup, wrk -t1 -c32 -d${seconds}s, release binary:`)
console.log(`  serve:             ${one.toFixed(0)} req/s`)
console.log(`  serve --workers 2: ${two.toFixed(0)} req/s (${(two / one).toFixed(2)} ×)`)
