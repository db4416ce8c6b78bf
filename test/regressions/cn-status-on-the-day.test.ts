/**
 * Regression: a bulk lookup of "4-Methylbenzylidene Camphor" made on 2026-12-31 and again on
 * 2027-01-01 in the same process answered the second time with `target.cn_status`
 * `allowed_with_conditions` beside `statuses.CN` `prohibited` (STSC 表2 row 1291 starts on
 * 2027-01-01): the record, cached the first day, kept that day's China status. The target's
 * China status is now that of the answer's day, in bulk lookups and analyses alike — the
 * same as a fresh process and the GET routes give.
 */
import { beforeAll, expect, test } from 'bun:test'
import { createAnalyzer } from '../../src/analysis/analyze.ts'
import { createMarkets } from '../../src/analysis/markets/index.ts'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let day = '2026-12-31'
let analyzer: ReturnType<typeof createAnalyzer>
beforeAll(async () => {
  const db = openDatabase({ kind: 'file', path: await fixtureDb() })
  const service = createIngredientService(db)
  analyzer = createAnalyzer({ resolver: labelResolver(service.resolver, db), markets: createMarkets(db), today: () => day })
})

const NAME = '4-Methylbenzylidene Camphor'

test('bulk lookup: the target’s China status follows the day, and agrees with the verdict beside it', () => {
  const answers = ['2026-12-31', '2027-01-01', '2026-12-31'].map((d) => {
    day = d
    const r = JSON.parse(new TextDecoder().decode(analyzer.lookupJson([NAME], { plan: 'PRO', maxNames: 50 }))).results[0]
    return [d, r.target.cn_status, r.statuses.CN]
  })
  expect(answers).toEqual([
    ['2026-12-31', 'allowed_with_conditions', 'allowed_with_conditions'],
    ['2027-01-01', 'prohibited', 'prohibited'],
    ['2026-12-31', 'allowed_with_conditions', 'allowed_with_conditions'],
  ])
})

test('analysis with as_of: the item’s target says what its China verdict says', () => {
  for (const as_of of ['2026-12-31', '2027-01-01']) {
    const item = analyzer.analyze({ text: `Water, ${NAME}`, as_of }, { plan: 'PRO', maxItems: 60 }).products[0]!.items[1]!
    expect([as_of, (item.target as { cn_status: string }).cn_status]).toEqual([as_of, item.markets.CN!.status])
  }
})
