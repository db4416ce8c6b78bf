/**
 * The label corpus (corpus/labels.ts) run on the official data: every label's item count,
 * expected matches, verdicts and per-market summary. Skipped without DATA_SOURCES_DIR.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { type Analyzer, analyzerFor } from '../../src/analysis/analyze.ts'
import { AnalyzeResponse } from '../../src/analysis/model.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { officialDb } from '../helpers/sample-db.ts'
import { CORPUS, type CorpusLabel } from './corpus/labels.ts'

const RANK = { no_findings: 0, check: 1, blocked: 2 } as const

describe.skipIf(!process.env.DATA_SOURCES_DIR)('label corpus on the official data', () => {
  let analyzer: Analyzer
  beforeAll(async () => {
    const db = openDatabase({ kind: 'file', path: await officialDb() })
    analyzer = analyzerFor(db, createIngredientService(db))
  }, 120_000)

  test('the corpus covers at least 40 labels of every kind, language and cleanliness', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40)
    for (const c of ['toner', 'essence', 'serum', 'cream', 'sunscreen', 'cleanser', 'cushion', 'mask'] as const) {
      expect(CORPUS.filter((l) => l.category === c).length).toBeGreaterThanOrEqual(3)
    }
    for (const lang of ['ko', 'en', 'mixed'] as const) expect(CORPUS.filter((l) => l.language === lang).length).toBeGreaterThanOrEqual(8)
    expect(CORPUS.filter((l) => l.messy).length).toBeGreaterThanOrEqual(12)
    expect(new Set(CORPUS.map((l) => l.id)).size).toBe(CORPUS.length)
  })

  test.each(CORPUS.map((l) => [l.id, l] as [string, CorpusLabel]))('%s', (_, label) => {
    const out = analyzer.analyze({ text: label.text, product_type: label.product_type }, { plan: 'MEGA', maxItems: 300 })
    expect(out.products.map((p) => p.items.length)).toEqual(label.expect.items)
    // The answer has the documented shape (model.ts is the one description of it).
    expect(AnalyzeResponse.safeParse(out).error?.issues ?? []).toEqual([])
    const items = out.products[0]!.items
    for (const [pos, inci] of Object.entries(label.expect.matches)) {
      const item = items[Number(pos) - 1]!
      const got = item.target ? (item.target.kind === 'ingredient' ? item.target.inci_name : item.target.name) : null
      // Names CosIng lists twice (TITANIUM DIOXIDE / CI 77891) may come back as one target or as candidates.
      const names = got !== null ? [got] : item.match.candidates.map((c) => c.name ?? '')
      const ok = Array.isArray(inci) ? names.length > 0 && names.every((n) => inci.includes(n)) : got === inci
      expect({ pos, text: item.text, inci: ok ? inci : got }).toEqual({ pos, text: item.text, inci })
    }
    for (const [pos, markets] of Object.entries(label.expect.verdicts ?? {})) {
      const item = items[Number(pos) - 1]!
      for (const [m, want] of Object.entries(markets)) {
        const v = item.markets[m]!
        const got: string = want === v.status ? v.status : (v.limit?.result ?? v.status)
        expect({ pos, m, got }).toEqual({ pos, m, got: want })
      }
    }
    const worst = (m: string) => out.products.map((p) => p.summary.markets[m]!.result).sort((a, b) => RANK[b] - RANK[a])[0]
    expect({ EU: worst('EU'), KR: worst('KR') }).toEqual({ EU: label.expect.eu, KR: label.expect.kr })
    // Never a clean bill: no_findings always states the not-listed and unresolved counts.
    for (const p of out.products)
      for (const s of Object.values(p.summary.markets))
        if (s.result === 'no_findings') expect(s.line).toMatch(/\d+ not listed, \d+ unresolved/)
  })

  test('a Korean label with an ingredient the EU prohibits: blocked for the EU, saying why', () => {
    const out = analyzer.analyze(
      { text: '[전성분] 정제수, 인체줄기세포배양액, 글리세린, 나이아신아마이드', product_type: 'face_leave_on' },
      { plan: 'MEGA', maxItems: 300 },
    )
    const summary = out.products[0]!.summary
    expect(summary.markets.EU!.result).toBe('blocked')
    expect(summary.markets.EU!.findings).toEqual([
      {
        position: 2,
        name: '인체줄기세포배양액',
        status: 'prohibited',
        why: expect.stringMatching(/^Prohibited in EU: EU Annex II 416 \(/),
      },
    ])
    expect(summary.markets.EU!.line).toStartWith('EU: blocked — 인체줄기세포배양액 (#2). Prohibited in EU: EU Annex II 416')
    expect(summary.markets.KR!.result).toBe('no_findings')
    expect(summary.differences).toEqual([
      {
        position: 2,
        name: '인체줄기세포배양액',
        statuses: { EU: 'prohibited', KR: 'not_listed', CN: 'not_listed' },
        line: '인체줄기세포배양액: prohibited in EU, not listed in KR, not listed in CN',
      },
    ])
  })

  test('EU "(nano)" entries apply to items printed as nano only', () => {
    const refs = (text: string) =>
      analyzer
        .analyze({ text, product_type: 'face_leave_on' }, { plan: 'MEGA', maxItems: 300 })
        .products[0]!.items[0]!.markets.EU!.entries.map((e) => `${e.list} ${e.reference}`)
    expect(refs('Zinc Oxide (nano)')).toContain('EU Annex VI 30a')
    expect(refs('Zinc Oxide')).not.toContain('EU Annex VI 30a')
    expect(refs('Zinc Oxide')).toContain('EU Annex VI 30')
  })
})
