/**
 * `bun run bench` (issue #15): builds the release binary with the official data, then
 * measures every scenario (bench/scenarios.ts) on loopback with wrk against the product
 * and, in the same run, the reference servers of bench/peers/: the limit (bare Bun.serve +
 * one prepared statement), the floor (the limit + the product's response headers) and
 * FastAPI under gunicorn. Server processes run on core 0, wrk on core 1 (taskset). Each
 * round measures a scenario's servers back to back in a rotating order; ratios are taken
 * per round (the drift of a shared machine cancels out) and the median is reported.
 * Plus: cold start, RSS at rest and under load, binary size; PASS/FAIL per target.
 *
 *   bun run bench [--rounds 5] [--seconds 10] [--out bench/results] [--only inci,health] [--no-build]
 *   bun run bench --smoke        # ≈ 10 s of load, one round (CI: it must run; numbers not asserted)
 *
 * Results: <out>/results.json, results.md, chart.svg (smoke: a temp dir unless --out); a full run
 * with the default output also rewrites the README's results block.
 * Exit code 1 when a target fails (full mode only).
 */
import { Database } from 'bun:sqlite'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, release, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_SECRET } from './constants.ts'
import { coldStart } from './lib/cold-start.ts'
import { findFastApiPython } from './lib/peers.ts'
import { childPids, freePort, pin, rssMb, sampleRss, stopProcess, waitFor200 } from './lib/procs.ts'
import { type BenchResults, markdown, type Ratio, type ScenarioResult, type Server, svg, type Target } from './lib/report.ts'
import { runWrk, type WrkResult, writeLua } from './lib/wrk.ts'
import { type Peer, POST_BODIES, type Scenario, scenarios } from './scenarios.ts'

const ROOT = resolve(import.meta.dir, '..')
const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
})
const smoke = args.smoke!
const rounds = Number(args.rounds ?? (smoke ? 1 : 5))
const seconds = Number(args.seconds ?? (smoke ? 1 : 10))
const warmup = Number(args.warmup ?? (smoke ? 0 : 2))
const coldRuns = smoke ? 3 : 20
const CONNECTIONS = 32
const work = mkdtempSync(join(tmpdir(), 'kbeauty-bench-'))
const outDir = resolve(args.out ?? (smoke ? join(work, 'results') : join(ROOT, 'bench/results')))

/** 'official' or 'sample': what the database the binary embeds was built from (its sources table). */
function dataOf(db: string): string {
  const d = new Database(db, { readonly: true })
  try {
    const files = d.query('SELECT file FROM sources').all() as { file: string }[]
    return files.length > 0 && files.every((f) => !f.file.includes('sample')) ? 'official' : 'sample'
  } finally {
    d.close()
  }
}

function sourcesDir(): { dir: string | undefined; label: string } {
  const env = process.env.DATA_SOURCES_DIR
  const beside = resolve(ROOT, '../shared/data')
  const dir = env ? resolve(env) : existsSync(beside) ? beside : undefined
  return { dir, label: dir ? 'official' : 'sample' }
}

async function build(): Promise<void> {
  const { dir } = sourcesDir()
  const proc = Bun.spawn(['bun', 'run', 'build', '--', '--native-only'], {
    cwd: ROOT,
    env: { ...process.env, ...(dir ? { DATA_SOURCES_DIR: dir } : {}) },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`bun run build failed (${code}):\n${out}\n${err}`)
}

type Running = { name: Server; url: string; proc: ReturnType<typeof Bun.spawn>; workerPids: () => number[] }

async function start(name: Server, binary: string, db: string, python: string | null, seed?: string): Promise<Running> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  const cmd =
    name === 'product'
      ? [binary, 'serve']
      : name === 'fastapi'
        ? [
            python!,
            '-m',
            'gunicorn',
            '-w',
            '2',
            '-k',
            'uvicorn.workers.UvicornWorker',
            '-b',
            `127.0.0.1:${port}`,
            '--chdir',
            join(import.meta.dir, 'peers'),
            'fastapi_app:app',
          ]
        : ['bun', join(import.meta.dir, 'peers/bun-peer.ts'), name, db, String(port), ...(seed ? [seed] : [])]
  const env =
    name === 'product'
      ? { ...base, APP_ENV: 'prod', PORT: String(port), HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: BENCH_SECRET }
      : { ...base, DB_FILE: db, PROXY_SECRET: BENCH_SECRET, PYTHONDONTWRITEBYTECODE: '1' }
  // Logs (the product's request log, FastAPI's) go to /dev/null: written, never read.
  const proc = Bun.spawn([...pin(0), ...cmd], { env, stdout: 'ignore', stderr: 'ignore' })
  await waitFor200(`${url}/health`, 30_000, () => proc.exitCode === null)
  return { name, url, proc, workerPids: () => (name === 'fastapi' ? childPids(proc.pid) : [proc.pid]) }
}

/** The exact lookups the Bun peers serve, as the product answers them. */
export const PEER_LOOKUPS = [
  { path: '/v1/ingredients/inci', q: 'glycerin', lang: 'en' },
  { path: '/v1/ingredients/korean', q: '글리세린', lang: 'ko' },
] as const

/** How the bench asks the product for a POST answer (the plan of the POST scenarios). */
const postHeaders = (user: string) => ({
  'content-type': 'application/json',
  'X-RapidAPI-Proxy-Secret': BENCH_SECRET,
  'X-RapidAPI-Subscription': 'PRO',
  'X-RapidAPI-User': user,
})

/**
 * Reads the product's BASIC answer to each peer lookup and, when given, its PRO answer to the
 * analysis body, and writes the seed file of the Bun peers ({ key, lang, tail } per lookup,
 * tail = the body after the echoed query; { path, request, response } per POST), so the limit
 * sends the product's exact bytes even when the product's body has outgrown bench/peers/lookup.sql.
 */
async function seedBodies(url: string, analyzeBody?: string): Promise<string> {
  const rows: ({ key: string; lang: string; tail: string } | { path: string; request: string; response: string })[] = []
  for (const l of PEER_LOOKUPS) {
    const res = await fetch(`${url}${l.path}?q=${encodeURIComponent(l.q)}`, {
      headers: { 'X-RapidAPI-Proxy-Secret': BENCH_SECRET, 'X-RapidAPI-Subscription': 'BASIC', 'X-RapidAPI-User': 'bench-seed' },
    })
    const body = await res.text()
    const prefix = `{"query":${JSON.stringify(l.q)}`
    if (res.status !== 200 || !body.startsWith(prefix)) continue
    rows.push({ key: l.q.normalize('NFKC').replace(/\s+/gu, ' ').trim().toUpperCase(), lang: l.lang, tail: body.slice(prefix.length) })
  }
  if (analyzeBody !== undefined) {
    const path = POST_BODIES.analyze.path
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: postHeaders('bench-seed'), body: analyzeBody })
    if (res.status === 200) rows.push({ path, request: analyzeBody, response: await res.text() })
  }
  const file = join(work, 'peer-bodies.json')
  writeFileSync(file, JSON.stringify(rows))
  return file
}

/** Finds the body a POST route accepts, or why the scenario cannot run on this binary. */
async function probe(url: string, which: 'analyze' | 'bulk'): Promise<{ body?: string; reason?: string }> {
  const { path, bodies } = POST_BODIES[which]
  let last = ''
  for (const b of bodies) {
    const body = JSON.stringify(b)
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: postHeaders(`probe-${which}`), body })
    const problem = (await res.json().catch(() => ({}))) as { code?: string }
    if (res.status === 200) return { body }
    // 404: no such path; 405: the path is another route's pattern (POST /v1/ingredients/lookup
    // matches GET /v1/ingredients/:id until the bulk route exists).
    if (res.status === 404 || res.status === 405) return { reason: 'route not available' }
    last = `${res.status} ${problem.code ?? ''}`.trim()
  }
  return { reason: `no request shape accepted (${last})` }
}

const median = (xs: number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const medianResult = (xs: WrkResult[]) => ({
  rps: median(xs.map((x) => x.rps)),
  p50_ms: median(xs.map((x) => x.p50_ms)),
  p99_ms: median(xs.map((x) => x.p99_ms)),
  non_2xx: xs.reduce((a, x) => a + x.non_2xx, 0),
  socket_errors: xs.reduce((a, x) => a + x.socket_errors, 0),
  rps_per_round: xs.map((x) => Math.round(x.rps)),
})

/** Replaces the README's results block (between the bench:results markers) with `table`. */
function refreshReadme(table: string): void {
  const file = join(ROOT, 'README.md')
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf('<!-- bench:results')
  const end = text.indexOf('<!-- /bench:results -->')
  if (start < 0 || end < start) return
  const open = text.indexOf('-->', start) + 3
  writeFileSync(file, `${text.slice(0, open)}\n${table}${text.slice(end)}`)
}

async function main(): Promise<number> {
  const data = sourcesDir()
  if (!args['no-build']) {
    console.log(`building the release binary (${data.label} data${data.dir ? ` from ${data.dir}` : ''}) …`)
    await build()
  }
  // Private copies: a concurrent build (the tests build too) must not change them mid-run.
  const binary = join(work, 'kbeauty-api')
  const db = join(work, 'kbeauty.sqlite')
  copyFileSync(join(ROOT, 'dist/kbeauty-api'), binary)
  Bun.spawnSync(['chmod', '755', binary])
  copyFileSync(join(ROOT, 'data/kbeauty.sqlite'), db)
  const python = findFastApiPython()
  const only = args.only ? new Set(args.only.split(',')) : null

  console.log('starting servers …')
  const servers = new Map<Server, Running>()
  servers.set('product', await start('product', binary, db, python))
  const productRest = rssMb(servers.get('product')!.proc.pid)
  const productUrl = servers.get('product')!.url
  const probes = { analyze: await probe(productUrl, 'analyze'), bulk: await probe(productUrl, 'bulk') }
  const seed = await seedBodies(productUrl, probes.analyze.body)
  for (const peer of ['limit', 'floor'] as const) servers.set(peer, await start(peer, binary, db, python, seed))
  if (python) servers.set('fastapi', await start('fastapi', binary, db, python))
  else console.log('FastAPI peer: skipped (no python3 with fastapi, uvicorn and gunicorn)')

  // The peers must answer what the product answers, byte for byte, or the ratios mean nothing.
  const same: string[] = []
  for (const path of PEER_LOOKUPS.map((l) => `${l.path}?q=${encodeURIComponent(l.q)}`)) {
    const get = async (s: Running) =>
      (
        await fetch(`${s.url}${path}`, {
          headers: { 'X-RapidAPI-Proxy-Secret': BENCH_SECRET, 'X-RapidAPI-Subscription': 'BASIC', 'X-RapidAPI-User': 'bench-check' },
        })
      ).text()
    const want = await get(servers.get('product')!)
    for (const s of servers.values()) if (s.name !== 'product' && (await get(s)) !== want) same.push(`${s.name} ${path}`)
  }
  if (probes.analyze.body !== undefined) {
    const post = async (s: Running) =>
      (
        await fetch(`${s.url}${POST_BODIES.analyze.path}`, {
          method: 'POST',
          headers: postHeaders('bench-check'),
          body: probes.analyze.body,
        })
      ).text()
    const want = await post(servers.get('product')!)
    for (const p of ['limit', 'floor'] as const)
      if ((await post(servers.get(p)!)) !== want) same.push(`${p} POST ${POST_BODIES.analyze.path}`)
  }
  // A product whose body changed (a new field) makes the peers' work smaller than its own:
  // the run goes on, the ratios are marked, and bench/peers/lookup.sql needs the new shape.
  if (same.length > 0)
    console.log(
      `WARNING: reference servers answer differently from the product (update bench/peers/lookup.sql or the seed): ${same.join(', ')}`,
    )

  const all = scenarios(BENCH_SECRET, { analyze: probes.analyze.body, bulk: probes.bulk.body }).filter((s) => !only || only.has(s.name))

  const load = new Map<Server, ReturnType<typeof sampleRss>>()
  for (const s of servers.values()) load.set(s.name, sampleRss(s.workerPids))
  const measured = new Map<string, Map<Server, WrkResult[]>>()
  const perRound = new Map<string, Record<string, number[]>>()
  let seq = 0
  // Each consumer stays under BASIC's 60 a minute: as many consumers as the expected
  // requests ÷ 40 (from the warm-up's rate), each measurement with new ones.
  const consumersFor = (sc: Scenario, rps?: number) => ({
    prefix: `b${seq++}-`,
    count: sc.consumers === 'one' ? 1 : Math.max(1_000, Math.ceil(((rps ? rps * 1.5 : 60_000) * seconds) / 40)),
  })
  for (let round = 0; round < rounds; round++) {
    for (const sc of all) {
      const reason = sc.name === 'analyze' || sc.name === 'bulk' ? probes[sc.name].reason : undefined
      if (reason || sc.requests.length === 0) continue
      const peers = (smoke && sc.name !== 'inci' ? [] : sc.peers).filter((p) => servers.has(p))
      const order: Server[] = ['product', ...peers]
      const rotated = order.map((_, i) => order[(i + round) % order.length]!)
      const got: Partial<Record<Server, WrkResult>> = {}
      for (const name of rotated) {
        const server = servers.get(name)!
        const warm =
          warmup > 0
            ? await runWrk({
                url: server.url,
                lua: writeLua(work, `warm-${seq}`, sc.requests, consumersFor(sc)),
                seconds: warmup,
                connections: CONNECTIONS,
              })
            : undefined
        const r = await runWrk({
          url: server.url,
          lua: writeLua(work, `run-${seq}`, sc.requests, consumersFor(sc, warm?.rps)),
          seconds,
          connections: CONNECTIONS,
        })
        got[name] = r
        const byServer = measured.get(sc.name) ?? new Map()
        byServer.set(name, [...(byServer.get(name) ?? []), r])
        measured.set(sc.name, byServer)
        const wrong = sc.expect === 200 ? r.non_2xx : r.requests - r.non_2xx
        console.log(
          `round ${round + 1}/${rounds} ${sc.name.padEnd(8)} ${name.padEnd(8)} ${Math.round(r.rps).toString().padStart(7)} req/s  p50 ${r.p50_ms.toFixed(2)} ms  p99 ${r.p99_ms.toFixed(2)} ms` +
            (wrong > 60 || r.socket_errors > 0 ? `  (!) ${wrong} answers not ${sc.expect}, ${r.socket_errors} socket errors` : ''),
        )
      }
      const ratios = perRound.get(sc.name) ?? {}
      for (const p of peers) {
        if (!got[p] || !got.product) continue
        ratios[p] = [...(ratios[p] ?? []), got.product.rps / got[p]!.rps]
      }
      perRound.set(sc.name, ratios)
    }
  }
  const rssLoad = Object.fromEntries([...load].map(([k, v]) => [k, v.stop()])) as Record<Server, number>
  const productAfter = rssMb(servers.get('product')!.proc.pid)
  for (const s of servers.values()) await stopProcess(s.proc)

  console.log(`cold start × ${coldRuns} …`)
  const cold = await coldStart(binary, coldRuns)

  const results: ScenarioResult[] = all.map((sc) => {
    const mix = sc.requests.map((r) => `${r.method} ${r.path}`)
    const reason = sc.name === 'analyze' || sc.name === 'bulk' ? probes[sc.name].reason : undefined
    if (reason) return { name: sc.name, title: sc.title, status: 'skipped', reason, mix, servers: {}, ratios: {} }
    const byServer = measured.get(sc.name) ?? new Map<Server, WrkResult[]>()
    const ratios: ScenarioResult['ratios'] = {}
    for (const [p, xs] of Object.entries(perRound.get(sc.name) ?? {}))
      ratios[p as Peer] = { median: median(xs), per_round: xs.map((x) => Number(x.toFixed(3))) } satisfies Ratio
    return {
      name: sc.name,
      title: sc.title,
      status: 'measured',
      mix,
      servers: Object.fromEntries([...byServer].map(([k, v]) => [k, medianResult(v)])),
      ratios,
    }
  })

  const rps = (name: string) => results.find((s) => s.name === name && s.status === 'measured')?.servers.product?.rps
  const ratioOf = (name: string, peer: Peer) => results.find((s) => s.name === name)?.ratios[peer]?.median
  const relative = (a: string, b: string) => {
    const x = rps(a)
    const y = rps(b)
    return x !== undefined && y !== undefined ? x / y : undefined
  }
  // What the limit peer reaches sending the product's analysis bytes, as a share of the
  // product's exact lookup: no analysis can beat it, so it bounds the 0.25 target.
  const analysisCeiling = () => {
    const limit = results.find((s) => s.name === 'analyze')?.servers.limit?.rps
    const inci = rps('inci')
    return limit !== undefined && inci !== undefined
      ? `the limit sending this answer: ${Math.round(limit).toLocaleString('en-US')} req/s = ${(limit / inci).toFixed(2)} × exact lookup`
      : undefined
  }
  const target = (
    name: string,
    value: number | undefined,
    min: number | undefined,
    max: number | undefined,
    target: string,
    note?: string,
  ): Target => ({
    name,
    value: value ?? null,
    target,
    status:
      value === undefined || !Number.isFinite(value)
        ? 'SKIP'
        : (min === undefined || value >= min) && (max === undefined || value <= max)
          ? 'PASS'
          : 'FAIL',
    ...(note ? { note } : {}),
  })
  const differs = (peer: Peer) =>
    same.some((x) => x.startsWith(`${peer} `))
      ? peer === 'fastapi'
        ? 'FastAPI builds the smaller body of bench/peers/lookup.sql: the ratio flatters FastAPI'
        : 'the peer’s body differs from the product’s'
      : undefined
  const targets: Target[] = [
    target('exact lookup ÷ limit', ratioOf('inci', 'limit'), 0.7, undefined, '≥ 0.70', differs('limit')),
    target('exact lookup ÷ floor', ratioOf('inci', 'floor'), 0.9, undefined, '≥ 0.90', differs('floor')),
    target('exact lookup ÷ FastAPI', ratioOf('inci', 'fastapi'), 20, undefined, '≥ 20', differs('fastapi')),
    target('common-substring search ÷ exact lookup', relative('search', 'inci'), 0.5, undefined, '≥ 0.50'),
    target('/health ÷ exact lookup', relative('health', 'inci'), 1, undefined, '≥ 1.00'),
    target(
      '50-item analysis ÷ exact lookup',
      relative('analyze', 'inci'),
      0.25,
      undefined,
      '≥ 0.25',
      probes.analyze.reason ?? analysisCeiling(),
    ),
    target('cold start, ms', cold.median, undefined, 150, '≤ 150'),
    target('RSS under load per worker, MB', rssLoad.product, undefined, 150, '≤ 150'),
  ]

  const out: BenchResults = {
    date: new Date().toISOString(),
    command: ['bun run bench', ...process.argv.slice(2).filter((a) => a !== '--no-build')].join(' '),
    mode: smoke ? 'smoke' : 'full',
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: navigator.hardwareConcurrency,
      kernel: release(),
      bun: Bun.version,
      python_peer: python,
    },
    data: dataOf(db),
    rounds,
    seconds,
    wrk: `wrk -t1 -c${CONNECTIONS}, server on core 0 and wrk on core 1 (taskset)`,
    binary_mb: statSync(binary).size / 1e6,
    cold_start_ms: { median: cold.median, runs: cold.runs.map((x) => Number(x.toFixed(1))) },
    rss_mb: {
      product_rest: productRest,
      product_load: rssLoad.product,
      product_after: productAfter,
      fastapi_worker_load: rssLoad.fastapi ?? null,
    },
    peer_bodies_differ: same,
    scenarios: results,
    targets,
  }
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(out, null, 2)}\n`)
  writeFileSync(join(outDir, 'results.md'), markdown(out))
  writeFileSync(join(outDir, 'chart.svg'), svg(out))
  if (!smoke && !args.out && !only) refreshReadme(markdown(out))
  console.log(`\n${markdown(out)}\nresults: ${outDir}/results.{json,md}, chart.svg`)
  return !smoke && targets.some((t) => t.status === 'FAIL') ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
