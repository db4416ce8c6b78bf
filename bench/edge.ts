/**
 * Edge cost: exact INCI lookups with every edge layer on (request id, headers, proxy
 * secret, consumer/plan, rate limit, input guard, plan guard, request log) against the
 * same routes with none, same run, same machine. wrk -t1 -c32 on loopback (DESIGN.md,
 * "Performance budget"). Budget: the layers may cost at most 25 % of throughput.
 *
 *   DATA_SOURCES_DIR=../shared/data bun bench/edge.ts [seconds]
 *
 * Each consumer key gets its own budget; the bench uses MEGA plans and many users so
 * the rate limit counts but does not refuse (refusals would be cheaper, not dearer).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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

async function measure(mode: 'on' | 'off'): Promise<number> {
  const server = Bun.spawn([...pin(0), 'bun', join(import.meta.dir, 'serve.ts'), mode, db], { stdout: 'pipe', stderr: 'inherit' })
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
const offs: number[] = []
const ons: number[] = []
for (let r = 0; r < rounds; r++) {
  offs.push(await measure('off'))
  ons.push(await measure('on'))
}
const off = median(offs)
const on = median(ons)
const cost = 1 - on / off
console.log(`exact INCI lookup, wrk -t1 -c32 -d${seconds}s × ${rounds} rounds (median), ${sources.includes('sample') ? 'sample' : 'official'} data`)
console.log(`edge off: ${off.toFixed(0)} req/s  (${offs.map((x) => x.toFixed(0)).join(', ')})`)
console.log(`edge on:  ${on.toFixed(0)} req/s  (${ons.map((x) => x.toFixed(0)).join(', ')})`)
console.log(`edge cost: ${(cost * 100).toFixed(1)} % (budget 25 %) → ${cost <= 0.25 ? 'within budget' : 'OVER BUDGET'}`)
process.exit(cost <= 0.25 ? 0 : 1)
