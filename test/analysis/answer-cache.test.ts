/**
 * Whole POST answers kept by request (analyze.ts `analyzeJson` / `lookupJson`,
 * fragment-cache.ts ANSWER_CACHE_BYTES): a repeated request gets the answer a fresh analyzer
 * gives, and never one of another day, plan, limit or choice of markets.
 */
import { beforeAll, expect, test } from 'bun:test'
import { createAnalyzer } from '../../src/analysis/analyze.ts'
import { createMarkets } from '../../src/analysis/markets/index.ts'
import type { AnalyzeInput } from '../../src/analysis/model.ts'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let day = '2026-12-31'
let build: (answerBytes?: number) => ReturnType<typeof createAnalyzer>
beforeAll(async () => {
  const db = openDatabase({ kind: 'file', path: await fixtureDb() })
  const service = createIngredientService(db)
  const markets = createMarkets(db)
  build = (answerBytes) => createAnalyzer({ resolver: labelResolver(service.resolver, db), markets, today: () => day, answerBytes })
})

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
// STSC 表2 row 1291 prohibits 4-MBC in China from 2027-01-01 (fixture row).
const LABEL: AnalyzeInput = { text: 'Water, Glycerin, 4-Methylbenzylidene Camphor, Niacinamide (5%)' }
const cn = (answer: string) => JSON.parse(answer).products[0].items[2].markets.CN.status

test('the same label the next day is judged on that day (China prohibits 4-MBC from 2027-01-01)', () => {
  const analyzer = build()
  const seen = ['2026-12-31', '2026-12-31', '2027-01-01', '2026-12-31'].map((d) => {
    day = d
    return cn(text(analyzer.analyzeJson(structuredClone(LABEL), { plan: 'PRO', maxItems: 60 })))
  })
  expect(seen).toEqual(['allowed_with_conditions', 'allowed_with_conditions', 'prohibited', 'allowed_with_conditions'])
})

test('a repeated request is the answer an analyzer without the cache gives, for each plan, market choice and as_of', () => {
  day = '2026-12-31'
  const cached = build()
  const fresh = build(0)
  const inputs: AnalyzeInput[] = [
    LABEL,
    { ...LABEL, markets: ['CN'] },
    { ...LABEL, as_of: '2027-06-01' },
    { ...LABEL, product_type: 'rinse_off' },
  ]
  for (let round = 0; round < 2; round++) {
    for (const plan of ['PRO', 'ULTRA', 'MEGA'] as const) {
      for (const input of inputs) {
        const limits = { plan, maxItems: 60 }
        expect(text(cached.analyzeJson(structuredClone(input), limits))).toBe(text(fresh.analyzeJson(structuredClone(input), limits)))
      }
    }
  }
  // A plan's answer is not another plan's: ULTRA sees the raw rule text, PRO does not.
  const pro = text(cached.analyzeJson(structuredClone(LABEL), { plan: 'PRO', maxItems: 60 }))
  const ultra = text(cached.analyzeJson(structuredClone(LABEL), { plan: 'ULTRA', maxItems: 60 }))
  expect(pro).not.toBe(ultra)
})

test('a label over the plan’s limit is refused every time, whatever was answered before under another limit', () => {
  const analyzer = build()
  analyzer.analyzeJson(structuredClone(LABEL), { plan: 'MEGA', maxItems: 60 })
  for (let i = 0; i < 2; i++) expect(() => analyzer.analyzeJson(structuredClone(LABEL), { plan: 'MEGA', maxItems: 3 })).toThrow(/at most 3/)
})

test('bulk lookup: a repeated request follows the day too', () => {
  const analyzer = build()
  const seen = ['2026-12-31', '2027-01-01', '2027-01-01'].map((d) => {
    day = d
    return JSON.parse(text(analyzer.lookupJson(['4-Methylbenzylidene Camphor'], { plan: 'PRO', maxNames: 50 }))).results[0].statuses.CN
  })
  expect(seen).toEqual(['allowed_with_conditions', 'prohibited', 'prohibited'])
})
