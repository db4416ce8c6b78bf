/**
 * Markets are pluggable (src/analysis/markets/market.ts): a third market is one module —
 * here a CN module written as the China engineer would, over its own rows — and every
 * route, verdict, summary and difference includes it. Over the sample database.
 */

import type { Database } from 'bun:sqlite'
import { beforeAll, expect, test } from 'bun:test'
import { createAnalyzer } from '../../src/analysis/analyze.ts'
import { createCnMarket as createRealCnMarket } from '../../src/analysis/markets/cn.ts'
import { createMarkets, MARKET_FACTORIES } from '../../src/analysis/markets/index.ts'
import { type Market, type MarketFactory, worstStatus } from '../../src/analysis/markets/market.ts'
import type { RuleEntry } from '../../src/analysis/model.ts'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { sampleDb } from '../helpers/sample-db.ts'

/** A CN module: prohibits one ingredient (by INCI name, looked up in the database once). */
const createCnMarket: MarketFactory = (db: Database): Market => {
  const row = db.query<{ id: number }, [string]>('SELECT id FROM ingredients WHERE inci_name = ?').get('NIACINAMIDE')!
  const source = { name: 'cn_test_table', date: '2026-01-12', official: false, note: 'test module' }
  const rule: RuleEntry = {
    list: 'CN STSC 表2',
    reference: '9999',
    name: 'test entry',
    status: 'prohibited',
    effective_from: null,
    source,
    conditions: null,
  }
  return {
    code: 'CN',
    name: 'China (test module)',
    sources: [source],
    entries: (subject) => (subject.ingredientIds.includes(row.id) ? [rule] : []),
    status: worstStatus,
  }
}

let db: Database
beforeAll(async () => {
  db = openDatabase({ kind: 'file', path: await sampleDb() })
})

test('EU, KR and CN are the markets of this build, in order', () => {
  expect(createMarkets(db).map((m) => m.code)).toEqual(['EU', 'KR', 'CN'])
})

test('adding a CN module adds CN everywhere: verdicts, summary, differences, sources, the markets filter', () => {
  const analyzer = createAnalyzer({
    resolver: labelResolver(createIngredientService(db).resolver),
    // The real CN module is swapped for this test's own, to show a module is all a market takes.
    markets: createMarkets(db, [...MARKET_FACTORIES.filter((f) => f !== createRealCnMarket), createCnMarket]),
  })
  expect(analyzer.markets).toEqual(['EU', 'KR', 'CN'])
  const out = analyzer.analyze({ text: 'Water, Niacinamide, Glycerin' }, { plan: 'MEGA', maxItems: 300 })
  expect(out.markets).toEqual(['EU', 'KR', 'CN'])
  const item = out.products[0]!.items[1]!
  expect(item.markets.CN).toMatchObject({ status: 'prohibited', why: 'Prohibited in CN: CN STSC 表2 9999 (test entry).' })
  const summary = out.products[0]!.summary
  expect(summary.markets.CN!.result).toBe('blocked')
  expect(summary.markets.EU!.result).toBe('no_findings')
  expect(summary.differences).toEqual([
    {
      position: 2,
      name: 'Niacinamide',
      statuses: { EU: 'not_listed', KR: 'not_listed', CN: 'prohibited' },
      line: 'Niacinamide: not listed in EU, not listed in KR, prohibited in CN',
    },
  ])
  expect(out.sources.map((s) => s.name)).toContain('cn_test_table')
  const only = analyzer.analyze({ text: 'Niacinamide', markets: ['cn'] }, { plan: 'MEGA', maxItems: 300 })
  expect([only.markets, Object.keys(only.products[0]!.items[0]!.markets)]).toEqual([['CN'], ['CN']])
  expect(analyzer.lookup(['Niacinamide'], { plan: 'MEGA', maxNames: 10 }).results[0]!.statuses).toEqual({
    EU: 'not_listed',
    KR: 'not_listed',
    CN: 'prohibited',
  })
})
