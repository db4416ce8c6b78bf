/**
 * Soak (issue #15): the mixed profile against the release binary for a long time, with
 * throughput, p99 and RSS every 10 s and the slope of each (least squares).
 *
 *   bun run soak                       # 10 minutes (not run in CI)
 *   bun run soak --seconds 30 --no-build
 *
 * "No upward memory trend": the RSS slope over the second half of the run (after the caches
 * and the heap have grown to their working size) must be at most 0.5 MB a minute; runs
 * shorter than 2 minutes report it without judging. Writes bench/results/soak.json
 * (or --out DIR).
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_SECRET } from './constants.ts'
import { freePort, pin, rssMb, stopProcess, waitFor200 } from './lib/procs.ts'
import { runWrk, writeLua } from './lib/wrk.ts'
import { scenarios } from './scenarios.ts'

const ROOT = resolve(import.meta.dir, '..')
const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '600' }, out: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
})
const total = Number(args.seconds)
const SLICE = 10
const MAX_SLOPE_MB_PER_MIN = 0.5

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length
  if (n < 2) return Number.NaN
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? Number.NaN : num / den
}

if (!args['no-build']) {
  // With the official data when DATA_SOURCES_DIR is set, as `bun run bench` builds it (else the sample).
  const b = Bun.spawnSync(['bun', 'run', 'build', '--', '--native-only'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
  if (b.exitCode !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`)
}
const work = mkdtempSync(join(tmpdir(), 'kbeauty-soak-'))
const binary = join(work, 'kbeauty-api')
copyFileSync(join(ROOT, 'dist/kbeauty-api'), binary)
Bun.spawnSync(['chmod', '755', binary])
const port = await freePort()
const proc = Bun.spawn([...pin(0), binary, 'serve'], {
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    APP_ENV: 'prod',
    PORT: String(port),
    HOST: '127.0.0.1',
    RAPIDAPI_PROXY_SECRET: BENCH_SECRET,
  },
  stdout: 'ignore',
  stderr: 'inherit',
})
const url = `http://127.0.0.1:${port}`
await waitFor200(`${url}/health`)
// Which database the binary embeds (the official one has tens of thousands of ingredients, the sample 144).
const ingredients = ((await (await fetch(`${url}/health`)).json()) as { ingredients?: number }).ingredients ?? null
const mixed = scenarios(BENCH_SECRET, {}).find((s) => s.name === 'mixed')!
const samples: { t_s: number; rps: number; p99_ms: number; rss_mb: number; non_2xx: number }[] = []
const t0 = performance.now()
let lastRps = 20_000
for (let i = 0; i * SLICE < total; i++) {
  // New consumers every slice, enough that none reaches the plan's per-minute limit.
  const lua = writeLua(work, `soak-${i}`, mixed.requests, {
    prefix: `soak${i}-`,
    count: Math.max(1_000, Math.ceil((lastRps * 1.5 * SLICE) / 40)),
  })
  const r = await runWrk({ url, lua, seconds: Math.min(SLICE, total - i * SLICE) })
  lastRps = r.rps
  const s = {
    t_s: Math.round((performance.now() - t0) / 1000),
    rps: Math.round(r.rps),
    p99_ms: r.p99_ms,
    rss_mb: Number((rssMb(proc.pid) ?? Number.NaN).toFixed(1)),
    non_2xx: r.non_2xx,
  }
  samples.push(s)
  console.log(
    `t=${String(s.t_s).padStart(4)} s  ${String(s.rps).padStart(6)} req/s  p99 ${s.p99_ms.toFixed(1)} ms  RSS ${s.rss_mb} MB${s.non_2xx ? `  ${s.non_2xx} non-2xx` : ''}`,
  )
}
await stopProcess(proc)

const minutes = samples.map((s) => s.t_s / 60)
const half = Math.floor(samples.length / 2)
const rssSlope = slope(
  minutes,
  samples.map((s) => s.rss_mb),
)
const rssSlopeLate = slope(
  minutes.slice(half),
  samples.slice(half).map((s) => s.rss_mb),
)
const rpsSlope = slope(
  minutes,
  samples.map((s) => s.rps),
)
const judged = total >= 120
const pass = !judged || rssSlopeLate <= MAX_SLOPE_MB_PER_MIN
const report = {
  date: new Date().toISOString(),
  command: `bun run soak${total === 600 ? '' : ` --seconds ${total}`}`,
  seconds: total,
  ingredients,
  data: ingredients !== null && ingredients > 1_000 ? 'official' : 'sample',
  samples,
  rss_slope_mb_per_min: rssSlope,
  rss_slope_second_half_mb_per_min: rssSlopeLate,
  rps_slope_per_min: rpsSlope,
  verdict: judged ? (pass ? 'PASS' : 'FAIL') : 'not judged (shorter than 2 minutes)',
}
const outDir = resolve(args.out ?? join(ROOT, 'bench/results'))
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(
  `RSS slope ${rssSlope.toFixed(2)} MB/min (second half ${rssSlopeLate.toFixed(2)}, allowed ${MAX_SLOPE_MB_PER_MIN}); throughput slope ${rpsSlope.toFixed(0)} req/s per min → ${report.verdict}`,
)
process.exit(pass ? 0 : 1)
