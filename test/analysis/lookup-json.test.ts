/**
 * The bulk lookup's route answer (lookupJson: results joined from their cached JSON) is the
 * lookup itself, byte for byte — on the sample data always, on the official data when
 * DATA_SOURCES_DIR is set: every printed name of the corpus, CAS RNs, unknown names, typos,
 * names given with spaces or in NFD, repeats, every plan that may look up, fresh and cached,
 * and a cache too small to hold one answer. `status_sources` comes once, at the top.
 */
import { describe, expect, test } from 'bun:test'
import { type Analyzer, analyzerFor, createAnalyzer } from '../../src/analysis/analyze.ts'
import { parseLabel } from '../../src/analysis/label-parser.ts'
import { createMarkets } from '../../src/analysis/markets/index.ts'
import { LookupResponse } from '../../src/analysis/model.ts'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import type { Plan } from '../../src/security/tiers.ts'
import { officialDb, sampleDb } from '../helpers/sample-db.ts'
import { CORPUS } from './corpus/labels.ts'

const PLANS: Plan[] = ['PRO', 'ULTRA', 'MEGA']
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)

/** Requests of at most 50 names: the corpus's printed names, then names as users type them. */
function requests(): string[][] {
  const printed = [...new Set(CORPUS.flatMap((l) => parseLabel(l.text).products.flatMap((p) => p.items.map((i) => i.name))))]
  const out: string[][] = []
  for (let i = 0; i < printed.length; i += 50) out.push(printed.slice(i, i + 50))
  out.push([
    'Glycerin',
    '  Glycerin ',
    'glycerin',
    '56-81-5',
    '7439-97-6',
    '나이아신아마이드',
    '나이아신아마이드'.normalize('NFD'),
    'Vitamin E',
    'Niacinamid',
    'Nothing Such',
    'Hydroquinone',
    'Glycerin',
  ])
  return out
}

function checkSame(analyzer: Analyzer, rounds = 2) {
  for (let round = 0; round < rounds; round++) {
    for (const plan of PLANS) {
      for (const names of requests()) {
        const limits = { plan, maxNames: 50 }
        expect(decode(analyzer.lookupJson(names, limits))).toBe(JSON.stringify(analyzer.lookup(names, limits)))
      }
    }
  }
}

describe('lookupJson on the sample data', () => {
  test('is JSON.stringify(lookup(…)) for every request and plan, first fresh, then from cached results', async () => {
    const db = openDatabase({ kind: 'file', path: await sampleDb() })
    checkSame(analyzerFor(db, createIngredientService(db)))
  })

  test('stays exact with a cache smaller than one answer', async () => {
    const db = openDatabase({ kind: 'file', path: await sampleDb() })
    const service = createIngredientService(db)
    checkSame(createAnalyzer({ resolver: labelResolver(service.resolver, db), markets: createMarkets(db), fragmentBytes: 8_000 }))
  })

  test('each target keeps its annex and rule rows but not status_sources, which the answer gives once', async () => {
    const db = openDatabase({ kind: 'file', path: await sampleDb() })
    const service = createIngredientService(db)
    const analyzer = analyzerFor(db, service)
    const out = JSON.parse(decode(analyzer.lookupJson(['Water', 'Hydroquinone', '56-81-5', 'Zzyzx Root'], { plan: 'PRO', maxNames: 50 })))
    expect(LookupResponse.safeParse(out).error?.issues ?? []).toEqual([])
    const targets = out.results.map((r: { target: Record<string, unknown> | null }) => r.target)
    expect(targets.map((t: Record<string, unknown> | null) => t === null)).toEqual([false, false, false, true])
    for (const t of targets.slice(0, 3)) {
      expect(Object.keys(t)).not.toContain('status_sources')
      expect(Object.keys(t)).toContain('eu_annexes')
    }
    expect(targets[1].eu_annexes.length).toBeGreaterThan(0)
    expect(out.status_sources).toEqual(JSON.parse(JSON.stringify(service.resolver.records.statusSources)))
    expect(out.status_sources.kr).toMatchObject({ source: 'kr_rules_transcription', official: false })
  })

  test('results on one plan never leak into another (fields by plan)', async () => {
    const db = openDatabase({ kind: 'file', path: await sampleDb() })
    const analyzer = analyzerFor(db, createIngredientService(db))
    const names = ['Water', 'Glycerin', 'Niacinamide']
    const pro = JSON.parse(decode(analyzer.lookupJson(names, { plan: 'PRO', maxNames: 50 })))
    const mega = JSON.parse(decode(analyzer.lookupJson(names, { plan: 'MEGA', maxNames: 50 })))
    const again = JSON.parse(decode(analyzer.lookupJson(names, { plan: 'PRO', maxNames: 50 })))
    expect(Object.keys(pro.results[0].target)).not.toContain('provenance')
    expect(Object.keys(mega.results[0].target)).toContain('provenance')
    expect(again).toEqual(pro)
  })
})

describe.skipIf(!process.env.DATA_SOURCES_DIR)('lookupJson on the official data', () => {
  test('is JSON.stringify(lookup(…)) for every request and plan, fresh and cached', async () => {
    const db = openDatabase({ kind: 'file', path: await officialDb() })
    checkSame(analyzerFor(db, createIngredientService(db)))
  }, 120_000)
})
