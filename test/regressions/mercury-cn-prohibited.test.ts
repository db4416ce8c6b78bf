/**
 * Regression: "Mercury", "수은" and "7439-97-6" in a label analysis or a bulk lookup read
 * `not_listed` in China, whose STSC 表2 prohibits mercury (row 888, CAS RN 7439-97-6). The
 * name resolves to a regulated substance (EU Annex II/221 + 별표1), which has no ingredient
 * the STSC row could be linked to at import; the China market now also takes the STSC rows
 * that print one of the substance's CAS RNs (analysis/resolve.ts subjectOf). A wrong
 * "not listed" is the one answer this product must never give.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { type Analyzer, analyzerFor } from '../../src/analysis/analyze.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'
import { officialDb } from '../helpers/sample-db.ts'

const NAMES = ['Mercury', '수은', '7439-97-6']

function check(analyzer: () => Analyzer) {
  test.each(NAMES)('analysis of %p: prohibited in the EU, Korea and China; the CN summary is blocked', (name) => {
    const out = analyzer().analyze({ text: `Water, ${name}` }, { plan: 'PRO', maxItems: 60 })
    const item = out.products[0]!.items[1]!
    expect(Object.fromEntries(Object.entries(item.markets).map(([m, v]) => [m, v.status]))).toEqual({
      EU: 'prohibited',
      KR: 'prohibited',
      CN: 'prohibited',
    })
    expect(item.markets.CN!.entries.map((e) => e.source.name)).toContain('cn_stsc_prohibited')
    expect(out.products[0]!.summary.markets.CN!.result).toBe('blocked')
  })

  test('bulk lookup of the three names: China prohibited for each', () => {
    const out = analyzer().lookup(NAMES, { plan: 'PRO', maxNames: 50 })
    expect(out.results.map((r) => r.statuses.CN)).toEqual(['prohibited', 'prohibited', 'prohibited'])
  })
}

describe('on the fixture data (sample + the mercury rows)', () => {
  let analyzer: Analyzer
  beforeAll(async () => {
    const db = openDatabase({ kind: 'file', path: await fixtureDb() })
    analyzer = analyzerFor(db, createIngredientService(db))
  })
  check(() => analyzer)
})

describe.skipIf(!process.env.DATA_SOURCES_DIR)('on the official data', () => {
  let analyzer: Analyzer
  beforeAll(async () => {
    const db = openDatabase({ kind: 'file', path: await officialDb() })
    analyzer = analyzerFor(db, createIngredientService(db))
  }, 120_000)
  check(() => analyzer)
})
