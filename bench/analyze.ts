/**
 * Label analysis in-process: median / p99 of `analyze()` for labels of 10, 50 and 300
 * items, warm (names seen before: the resolution cache answers, as for the common names of
 * real traffic) and cold (a fresh resolution cache per run: every name resolved) (built from the names of the label corpus, Korean and English, with percentages,
 * a shade section and one unknown name), on the database of DATA_SOURCES_DIR (else the
 * sample). Budget (DESIGN.md, issue #11 §9): a 50-item label well under 2 ms median on the
 * official data, cost linear in the items (the µs/item column should stay flat).
 *
 *   DATA_SOURCES_DIR=../shared/data bun bench/analyze.ts [runs per size]
 *
 * Timings on a shared 2-core VM drift; read ratios and orders of magnitude, not digits.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAnalyzer } from '../src/analysis/analyze.ts'
import { parseLabel } from '../src/analysis/label-parser.ts'
import { createMarkets } from '../src/analysis/markets/index.ts'
import { labelResolver } from '../src/analysis/resolve.ts'
import { openDatabase } from '../src/db/open.ts'
import { importDatabase } from '../src/importer/index.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import { CORPUS } from '../test/analysis/corpus/labels.ts'

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200)
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-bench-analyze-'))
const dbFile = join(dir, 'bench.sqlite')
const sources = resolve(process.env.DATA_SOURCES_DIR ?? join(import.meta.dir, '../data/sample'))
await importDatabase({ sourcesDir: sources, outFile: dbFile })
const db = openDatabase({ kind: 'file', path: dbFile })
const service = createIngredientService(db)
const markets = createMarkets(db)
const analyzer = createAnalyzer({ resolver: labelResolver(service.resolver), markets })

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

console.log(`data: ${sources}; ${printed.length} distinct printed items; ${runs} runs per size`)
console.log('items  cache  median ms  p99 ms  µs/item (median)')
for (const n of [10, 50, 300]) {
  for (const cold of [false, true]) {
    const text = label(n)
    const request = { text, product_type: 'face_leave_on' as const }
    const limits = { plan: 'MEGA' as const, maxItems: 300 }
    const got = analyzer.analyze(request, limits).products[0]!.items.length
    if (got !== n) throw new Error(`label of ${n} parsed into ${got} items`)
    for (let i = 0; i < 50; i++) analyzer.analyze(request, limits) // warm-up: JIT and statement caches
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const a = cold ? createAnalyzer({ resolver: labelResolver(service.resolver), markets }) : analyzer
      const t0 = performance.now()
      a.analyze(request, limits)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    const median = quantile(times, 0.5)
    console.log(
      `${String(n).padStart(5)}  ${(cold ? 'cold' : 'warm').padEnd(5)}  ${median.toFixed(3).padStart(9)}  ${quantile(times, 0.99).toFixed(3).padStart(6)}  ${((median * 1000) / n).toFixed(1).padStart(8)}`,
    )
  }
}
