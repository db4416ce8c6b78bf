/**
 * Edge cost: exact INCI lookups through the release-shaped build (minified as
 * scripts/build.ts does, because Elysia compiles hooks from their source text) with every
 * edge layer on, against the same service with them off, against the runtime floor and
 * against the service without its request log (bench/serve.ts explains the four).
 * wrk -t1 -c32 on loopback (DESIGN.md "Performance budget"). Budget (issue #3): the edge
 * may cost at most 25 % of throughput.
 *
 *   DATA_SOURCES_DIR=../shared/data bun bench/edge.ts [seconds] [rounds]
 *
 * Each round runs the four servers back to back in a rotating order and costs are taken
 * per round (e.g. 1 − on/off), so the drift of a shared VM cancels out; results are
 * medians over rounds. The bench uses many consumers so the rate limit counts but never
 * refuses (refusals would be cheaper, not dearer). Exit code 1 when over budget.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { MINIFY_FLAGS } from '../scripts/build-flags.ts'
import { importDatabase } from '../src/importer/index.ts'
import { BENCH_SECRET } from './constants.ts'

const seconds = Number(process.argv[2] ?? 5)
const rounds = Number(process.argv[3] ?? 3)
// Server on core 0, wrk on core 1 (when taskset exists): on a 2-core machine this keeps the
// two from fighting over one core, which otherwise moves results by ±20 %.
const pin = (core: number) => (Bun.which('taskset') ? ['taskset', '-c', String(core)] : [])
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-bench-'))
const db = join(dir, 'bench.sqlite')
const sources = resolve(process.env.DATA_SOURCES_DIR ?? join(import.meta.dir, '../data/sample'))
await importDatabase({ sourcesDir: sources, outFile: db })

// The servers run from a bundle minified like the release binary: Elysia decides from a
// hook's source text whether to await it, so the bench must see the shipped text.
const build = Bun.spawnSync(
  ['bun', 'build', '--target=bun', ...MINIFY_FLAGS, join(import.meta.dir, 'serve.ts'), '--outdir', join(dir, 'serve')],
  { stderr: 'pipe' },
)
if (build.exitCode !== 0) throw new Error(`bun build bench/serve.ts failed: ${build.stderr.toString()}`)
const serveJs = join(dir, 'serve', 'serve.js')

// wrk script: rotate over 200,000 consumers so none reaches BASIC's 60/min limit.
const lua = join(dir, 'lookup.lua')
writeFileSync(
  lua,
  `local i = 0
request = function()
  i = i + 1
  wrk.headers["X-RapidAPI-Proxy-Secret"] = "${BENCH_SECRET}"
  wrk.headers["X-RapidAPI-Subscription"] = "BASIC"
  wrk.headers["X-RapidAPI-User"] = "bench-" .. (i % 200000)
  return wrk.format("GET", "/v1/ingredients/inci?q=glycerin")
end
`,
)

type Mode = 'off' | 'on' | 'floor' | 'bare'

async function measure(mode: Mode): Promise<number> {
  const server = Bun.spawn([...pin(0), 'bun', serveJs, mode, db], { stdout: 'pipe', stderr: 'inherit' })
  const reader = (server.stdout as ReadableStream<Uint8Array>).getReader()
  const port = Number(new TextDecoder().decode((await reader.read()).value).trim())
  try {
    // warm-up, then the measured run
    Bun.spawnSync([...pin(1), 'wrk', '-t1', '-c32', '-d2s', '-s', lua, `http://127.0.0.1:${port}`])
    const run = Bun.spawnSync([...pin(1), 'wrk', '-t1', '-c32', `-d${seconds}s`, '-s', lua, `http://127.0.0.1:${port}`])
    const out = run.stdout.toString()
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1]
    if (non2xx) throw new Error(`${mode}: ${non2xx} non-2xx responses — the bench is not measuring lookups`)
    return rps
  } finally {
    server.kill()
    await server.exited
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const modes: Mode[] = ['off', 'on', 'floor', 'bare']
const rps: Record<Mode, number[]> = { off: [], on: [], floor: [], bare: [] }
const edgeCost: number[] = []
const floorCost: number[] = []
const withLogCost: number[] = []
for (let r = 0; r < rounds; r++) {
  const got = {} as Record<Mode, number>
  for (let i = 0; i < modes.length; i++) {
    const mode = modes[(i + r) % modes.length]!
    got[mode] = await measure(mode)
    rps[mode].push(got[mode])
  }
  edgeCost.push(1 - got.on / got.off)
  floorCost.push(1 - got.floor / got.off)
  withLogCost.push(1 - got.on / got.bare)
}
const cost = median(edgeCost)
const fmt = (m: Mode) => `${median(rps[m]).toFixed(0).padStart(6)} req/s  (${rps[m].map((x) => x.toFixed(0)).join(', ')})`
const costs = (xs: number[]) => `${pct(median(xs))} (per round: ${xs.map(pct).join(', ')})`
console.log(
  `exact INCI lookup, wrk -t1 -c32 -d${seconds}s × ${rounds} rounds, ${sources.includes('sample') ? 'sample' : 'official'} data, release-shaped build`,
)
console.log(`off   (service + request log):         ${fmt('off')}`)
console.log(`on    (service + log + edge):          ${fmt('on')}`)
console.log(`floor (off + header read/write only):  ${fmt('floor')}`)
console.log(`bare  (service, no log, no edge):      ${fmt('bare')}`)
console.log(`runtime floor alone, 1 − floor/off: ${costs(floorCost)}`)
console.log(`edge and log together, 1 − on/bare: ${costs(withLogCost)}`)
console.log(`edge cost, 1 − on/off: ${costs(edgeCost)} — budget 25 % → ${cost <= 0.25 ? 'within budget' : 'OVER BUDGET'}`)
process.exit(cost <= 0.25 ? 0 : 1)
