/**
 * Label analysis in-process: median / p99 of `analyze()` (the answer as objects) and of
 * `analyzeJson()` (the route's UTF-8 answer, joined from cached item JSON) for labels of 10,
 * 50 and 300 items, built from the names of the label corpus (Korean and English, with
 * percentages, a shade section and one unknown name), warm (names seen before: the
 * resolution cache answers, as for the common names of real traffic) and cold (a fresh
 * analyzer per run: every name resolved, judged and serialized; the records of the
 * ingredients, read once per process, stay cached). Budget (DESIGN.md, issue #11 §9): a
 * 50-item label well under 2 ms median on the official data, cost linear in the items (the
 * µs/item column should stay flat).
 *
 *   DATA_SOURCES_DIR=../shared/data bun bench/analyze.ts [runs per size] [--file | --memory]
 *
 * The database of DATA_SOURCES_DIR (else the sample) is opened as the release binary opens
 * its embedded one by default: a verified file, its shared lock kept (db/cache-file.ts). `--file` opens it as a DB_PATH file (every statement then
 * also locks and reads the file: a few µs more each); `--memory` deserializes it, as the
 * binary does with CACHE_DIR=off.
 * Timings on a shared 2-core VM drift; read ratios and orders of magnitude, not digits.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAnalyzer } from '../src/analysis/analyze.ts'
import { parseLabel } from '../src/analysis/label-parser.ts'
import { createMarkets } from '../src/analysis/markets/index.ts'
import { labelResolver } from '../src/analysis/resolve.ts'
import { openDatabase } from '../src/db/open.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import { CORPUS } from '../test/analysis/corpus/labels.ts'

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200)
const mode = process.argv.includes('--file') ? 'a DB_PATH file' : process.argv.includes('--memory') ? 'in memory' : 'a verified file'
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-bench-analyze-'))
const dbFile = join(dir, 'bench.sqlite')
const sources = resolve(process.env.DATA_SOURCES_DIR ?? join(import.meta.dir, '../data/sample'))
// The import runs in its own process: its garbage (hundreds of MB of parsed rows) would
// otherwise stay in this heap and slow every collection measured below.
const imported = Bun.spawnSync(['bun', join(import.meta.dir, '../scripts/import.ts'), '--sources', sources, '--out', dbFile], {
  stdout: 'ignore',
  stderr: 'inherit',
})
if (imported.exitCode !== 0) throw new Error(`import of ${sources} failed (${imported.exitCode})`)
const db =
  mode === 'a DB_PATH file'
    ? openDatabase({ kind: 'file', path: dbFile })
    : mode === 'in memory'
      ? openDatabase({ kind: 'embedded', bytes: readFileSync(dbFile), label: dbFile, hash: null })
      : openDatabase({ kind: 'file', path: dbFile, verified: true })
const service = createIngredientService(db)
const markets = createMarkets(db)
const fresh = () => createAnalyzer({ resolver: labelResolver(service.resolver, db), markets })
const analyzer = fresh()

// Every distinct item printed in the corpus, as printed (percentages and translations kept).
const printed = [...new Set(CORPUS.flatMap((l) => parseLabel(l.text).products.flatMap((p) => p.items.map((i) => i.text))))]

/** A label of `n` items: corpus items in turn, one unknown name, a shade section at the end. */
function label(n: number): string {
  const items = Array.from({ length: n - 3 }, (_, i) => printed[i % printed.length]!)
  return `전성분: ${items.join(', ')}, Zzyzx Root Complex. May contain: CI 77491, CI 77492`
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

console.log(`data: ${sources} (${mode}); ${printed.length} distinct printed items; ${runs} runs per size`)
console.log('items  cache  analyze median ms  p99 ms  µs/item | analyzeJson median ms  p99 ms')
for (const n of [10, 50, 300]) {
  for (const cold of [false, true]) {
    const text = label(n)
    const request = { text, product_type: 'face_leave_on' as const }
    const limits = { plan: 'MEGA' as const, maxItems: 300 }
    const got = analyzer.analyze(request, limits).products[0]!.items.length
    if (got !== n) throw new Error(`label of ${n} parsed into ${got} items`)
    for (let i = 0; i < 50; i++) {
      // warm-up: JIT and statement caches
      analyzer.analyze(request, limits)
      analyzer.analyzeJson(request, limits)
    }
    // One kind of call at a time: each measured in its own steady state (its garbage, its caches).
    const measure = (call: (a: typeof analyzer) => unknown) => {
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const a = cold ? fresh() : analyzer
        const t0 = performance.now()
        call(a)
        times.push(performance.now() - t0)
      }
      return times
    }
    const times = measure((a) => a.analyze(request, limits))
    const json = measure((a) => a.analyzeJson(request, limits))
    times.sort((a, b) => a - b)
    json.sort((a, b) => a - b)
    const median = quantile(times, 0.5)
    console.log(
      `${String(n).padStart(5)}  ${(cold ? 'cold' : 'warm').padEnd(5)}  ${median.toFixed(3).padStart(17)}  ${quantile(times, 0.99).toFixed(3).padStart(6)}  ${((median * 1000) / n).toFixed(1).padStart(7)} | ${quantile(json, 0.5).toFixed(3).padStart(21)}  ${quantile(json, 0.99).toFixed(3).padStart(6)}`,
    )
  }
}
