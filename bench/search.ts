/**
 * Search and resolver cost in-process, per query class: p50 / p99 in ms over many calls of
 * one page (the first, and a deeper page through the cursor; and the first page as the first
 * request of its query, with the search's own per-query facts not yet cached), on the
 * database of DATA_SOURCES_DIR (else the sample). Budget (DESIGN.md, issue #10): every search ≤ 1 ms p99
 * in-process on the official data. With `--http` (needs wrk) it also runs the release-shaped
 * server of bench/serve.ts and reports the throughput of a common-substring search ÷ an
 * exact look-up, in one run (target ≥ 0.5).
 *
 *   DATA_SOURCES_DIR=../shared/data bun bench/search.ts [calls per query] [--file | --memory] [--http]
 *
 * The database is opened as the release binary opens its embedded one by default (a verified
 * file, its shared lock kept; as bench/analyze.ts); `--file`
 * opens it as a DB_PATH file (every statement also locks the file: a few µs more each),
 * `--memory` deserializes it (CACHE_DIR=off). The import runs in its own process, so its
 * garbage does not slow the collections measured here.
 * Timings on a shared 2-core VM drift; read ratios and orders of magnitude, not digits.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { MINIFY_FLAGS } from '../scripts/build-flags.ts'
import { openDatabase } from '../src/db/open.ts'
import { createSearch } from '../src/ingredients/search.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import { BENCH_SECRET } from './constants.ts'

const args = process.argv.slice(2)
const calls = Number(args.find((a) => /^\d+$/.test(a)) ?? 300)
const http = args.includes('--http')
const mode = args.includes('--file') ? 'a DB_PATH file' : args.includes('--memory') ? 'in memory' : 'a verified file'
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-bench-search-'))
const dbFile = join(dir, 'bench.sqlite')
const sources = resolve(process.env.DATA_SOURCES_DIR ?? join(import.meta.dir, '../data/sample'))
const imported = Bun.spawnSync(['bun', join(import.meta.dir, '../scripts/import.ts'), '--sources', sources, '--out', dbFile], {
  stdout: 'ignore',
  stderr: 'inherit',
})
if (imported.exitCode !== 0) throw new Error(`import of ${sources} failed (${imported.exitCode})`)
const database =
  mode === 'a DB_PATH file'
    ? openDatabase({ kind: 'file', path: dbFile })
    : mode === 'in memory'
      ? openDatabase({ kind: 'embedded', bytes: readFileSync(dbFile), label: dbFile, hash: null })
      : openDatabase({ kind: 'file', path: dbFile, verified: true })
const service = createIngredientService(database)
// The search itself, without the service's page cache: every call below does the work.
const buildId = (database.query("SELECT value FROM meta WHERE key = 'build_id'").get() as { value: string }).value
const search = createSearch(database, buildId)

/** Query classes of issue #10 §4: the most common substrings in both languages, and others. */
const CLASSES: Record<string, string[]> = {
  'common substring (en)': ['extract', 'acid', 'sodium', 'act', 'ext', 'oil'],
  'common substring (ko)': ['추출물', '오일', '산'],
  'single letter': ['a', 's', 'e', 'c', '1'],
  'name prefix': ['hyaluron', 'ceramide', 'glyc', 'niacin', 'tocoph'],
  'rare substring': ['xyzzy', 'quinone', 'lidocaine', 'zirconium'],
  'long name': ['HYDROLYZED SODIUM HYALURONATE CROSSPOLYMER', 'CAPRYLIC/CAPRIC TRIGLYCERIDE'],
}

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const fmt = (ms: number) => ms.toFixed(3)

/** Times `fn` over `calls` calls after 20 warm-up calls; `fresh` runs before each call, untimed. */
function time(fn: () => unknown, fresh?: () => void): number[] {
  for (let i = 0; i < 20; i++) fn()
  const out: number[] = []
  for (let i = 0; i < calls; i++) {
    fresh?.()
    const t = performance.now()
    fn()
    out.push(performance.now() - t)
  }
  return out
}

console.log(
  `in-process, uncached (the service caches pages; this is the work of a first request), database as ${mode}, ${calls} calls per query, ms (p50 / p99 over the class)`,
)
for (const [name, queries] of Object.entries(CLASSES)) {
  for (const [label, limit, mode, deep, first] of [
    ['PRO page 1, limit 50', 50, 'full', false, false],
    ['PRO page 3, limit 50', 50, 'full', true, false],
    ['BASIC prefix, limit 10', 10, 'prefix', false, false],
    ['PRO page 1, first request', 50, 'full', false, true],
  ] as const) {
    const samples: number[] = []
    for (const q of queries) {
      let cursor: string | undefined
      if (deep) {
        for (let i = 0; i < 2; i++) cursor = search.search(q, limit, cursor, mode).next_cursor ?? undefined
        if (cursor === undefined) continue
      }
      // A first request: a new search (statements stay prepared) knows nothing of the query yet.
      let s = search
      samples.push(
        ...time(
          () => s.search(q, limit, cursor, mode),
          first
            ? () => {
                s = createSearch(database, buildId)
              }
            : undefined,
        ),
      )
    }
    if (samples.length > 0)
      console.log(`  ${name.padEnd(24)} ${label.padEnd(24)} p50 ${fmt(pct(samples, 50))}  p99 ${fmt(pct(samples, 99))}`)
  }
}

const resolveSets: Record<string, string[]> = {
  'resolve exact': ['GLYCERIN', '나이아신아마이드', '56-81-5'],
  'resolve label/common': ['Water (Aqua)', 'CI77891', 'Vitamin E', 'Shea Butter'],
  'resolve fuzzy': ['Niacinamid', 'Sodium Hyaluronat', 'Tocopherl'],
}
for (const [name, names] of Object.entries(resolveSets)) {
  const samples = names.flatMap((n) => time(() => service.resolver.resolve(n)))
  console.log(`  ${name.padEnd(24)} ${'uncached resolver'.padEnd(24)} p50 ${fmt(pct(samples, 50))}  p99 ${fmt(pct(samples, 99))}`)
}

if (http) {
  if (!Bun.which('wrk')) throw new Error('--http needs wrk on PATH')
  const build = Bun.spawnSync(
    ['bun', 'build', '--target=bun', ...MINIFY_FLAGS, join(import.meta.dir, 'serve.ts'), '--outdir', join(dir, 'serve')],
    { stderr: 'pipe' },
  )
  if (build.exitCode !== 0) throw new Error(`bun build bench/serve.ts failed: ${build.stderr.toString()}`)
  const server = Bun.spawn(['bun', join(dir, 'serve', 'serve.js'), 'on', dbFile], { stdout: 'pipe', stderr: 'inherit' })
  const reader = (server.stdout as ReadableStream<Uint8Array>).getReader()
  const port = Number(new TextDecoder().decode((await reader.read()).value).trim())
  const run = (path: string): number => {
    const lua = join(dir, `${Bun.hash(path)}.lua`)
    writeFileSync(
      lua,
      `local i = 0\nrequest = function()\n  i = i + 1\n  wrk.headers["X-RapidAPI-Proxy-Secret"] = "${BENCH_SECRET}"\n  wrk.headers["X-RapidAPI-Subscription"] = "MEGA"\n  wrk.headers["X-RapidAPI-User"] = "bench-" .. (i % 200000)\n  return wrk.format("GET", "${path}")\nend\n`,
    )
    const out = Bun.spawnSync(['wrk', '-t1', '-c32', '-d5s', '-s', lua, `http://127.0.0.1:${port}`]).stdout.toString()
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  }
  try {
    const exact = run('/v1/ingredients/inci?q=glycerin')
    const searchRate = run('/v1/ingredients/search?q=acid&limit=50')
    console.log(
      `HTTP (every edge layer on, the service's caches on): exact ${exact.toFixed(0)} req/s, search "acid" (50 a page) ${searchRate.toFixed(0)} req/s, ratio ${(searchRate / exact).toFixed(2)}`,
    )
  } finally {
    server.kill()
  }
}
