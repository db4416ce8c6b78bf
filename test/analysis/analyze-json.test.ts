/**
 * The route's answer (analyzeJson: items joined from their cached JSON) is the analysis
 * itself, byte for byte: on the sample data always, on the official data when
 * DATA_SOURCES_DIR is set — every corpus label, every plan that may analyse, several
 * product types and market choices, the `ingredients` form with given concentrations, the
 * same items at other positions, and a cache too small to hold a label.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { type Analyzer, analyzerFor, createAnalyzer } from '../../src/analysis/analyze.ts'
import { parseLabel } from '../../src/analysis/label-parser.ts'
import { createMarkets } from '../../src/analysis/markets/index.ts'
import { type AnalyzeInput, AnalyzeResponse } from '../../src/analysis/model.ts'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import type { Plan } from '../../src/security/tiers.ts'
import { officialDb, sampleDb } from '../helpers/sample-db.ts'
import { CORPUS } from './corpus/labels.ts'

const PLANS: Plan[] = ['PRO', 'ULTRA', 'MEGA']
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)

/** Requests over the corpus: each label with and without a product type, all markets and two. */
function requests(): AnalyzeInput[] {
  const out: AnalyzeInput[] = []
  for (const l of CORPUS) {
    out.push({ text: l.text })
    out.push({ text: l.text, product_type: l.product_type ?? 'face_leave_on', markets: ['CN', 'eu'] })
  }
  const items = [...new Set(CORPUS.flatMap((l) => parseLabel(l.text).products.flatMap((p) => p.items.map((i) => i.text))))]
  // The same printed items at other positions, in both request forms, with concentrations given by name.
  out.push({ text: items.slice(0, 40).reverse().join(', '), product_type: 'rinse_off' })
  out.push({
    ingredients: [items[3]!, { name: items[0]!, concentration_percent: 2 }, items[1]!, items[0]!],
    concentrations: { [items[3]!]: 0.5 },
    product_type: 'children_under_3',
    as_of: '2028-06-01',
  })
  return out
}

function checkSame(analyzer: Analyzer, rounds = 2) {
  for (let round = 0; round < rounds; round++) {
    for (const plan of PLANS) {
      for (const input of requests()) {
        const limits = { plan, maxItems: 300 }
        const objects = JSON.stringify(analyzer.analyze(structuredClone(input), limits))
        expect(decode(analyzer.analyzeJson(structuredClone(input), limits))).toBe(objects)
      }
    }
  }
}

describe('analyzeJson on the sample data', () => {
  let db: ReturnType<typeof openDatabase>
  beforeAll(async () => {
    db = openDatabase({ kind: 'file', path: await sampleDb() })
  })

  test('is JSON.stringify(analyze(…)) for every request, first from fresh items, then from cached ones', () => {
    checkSame(analyzerFor(db, createIngredientService(db)))
  })

  test('stays exact with a cache smaller than one label (items evicted while the label is joined)', () => {
    const service = createIngredientService(db)
    const small = createAnalyzer({ resolver: labelResolver(service.resolver, db), markets: createMarkets(db), fragmentBytes: 20_000 })
    checkSame(small)
  })

  test('an item’s target has no status_sources: the answer gives them once, as the records carry them', () => {
    const service = createIngredientService(db)
    const analyzer = analyzerFor(db, service)
    const out = JSON.parse(
      decode(analyzer.analyzeJson({ text: 'Water, Glycerin, Hydroquinone, Zzyzx Root' }, { plan: 'MEGA', maxItems: 300 })),
    )
    expect(AnalyzeResponse.safeParse(out).error?.issues ?? []).toEqual([])
    const targets = out.products[0].items.map((i: { target: Record<string, unknown> | null }) => i.target)
    expect(targets.filter((t: unknown) => t !== null).length).toBeGreaterThanOrEqual(3)
    for (const t of targets) if (t) expect(Object.keys(t)).not.toContain('status_sources')
    expect(out.status_sources).toEqual(JSON.parse(JSON.stringify(service.resolver.records.statusSources)))
    expect(out.status_sources.kr).toMatchObject({ source: 'kr_rules_transcription', official: false })
    expect(out.status_sources.eu).toMatchObject({ source: 'cosing_annexes', official: true })
  })

  test('answers on one plan never leak into another (fields by plan)', () => {
    const analyzer = analyzerFor(db, createIngredientService(db))
    const text = 'Water, Glycerin, Niacinamide'
    const pro = JSON.parse(decode(analyzer.analyzeJson({ text }, { plan: 'PRO', maxItems: 60 })))
    const mega = JSON.parse(decode(analyzer.analyzeJson({ text }, { plan: 'MEGA', maxItems: 300 })))
    const again = JSON.parse(decode(analyzer.analyzeJson({ text }, { plan: 'PRO', maxItems: 60 })))
    expect(Object.keys(pro.products[0].items[0].target)).not.toContain('provenance')
    expect(Object.keys(mega.products[0].items[0].target)).toContain('provenance')
    expect(again).toEqual(pro)
  })
})

describe.skipIf(!process.env.DATA_SOURCES_DIR)('analyzeJson on the official data', () => {
  test('is JSON.stringify(analyze(…)) for every corpus request and plan, fresh and cached', async () => {
    const db = openDatabase({ kind: 'file', path: await officialDb() })
    checkSame(analyzerFor(db, createIngredientService(db)))
  }, 120_000)
})
