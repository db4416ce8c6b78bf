/**
 * Regression: "Lead acetate" read EU prohibited but Korea and China `not_listed`, although
 * 별표1 "납 및 그 화합물" and STSC 表2 #859 "铅及其化合物" prohibit lead compounds. CosIng
 * links LEAD ACETATE to Annex II/289 "Lead and its compounds"; the Korean and Chinese rows
 * print no salt names, so nothing linked them. The importer now follows a group row across
 * markets (importer/substance-links.ts): the GET record, the bulk lookup and the label
 * analysis must agree. And "Mercury" as a regulated substance carries China on the GET
 * routes as an ingredient does (it had no `cn_status` at all).
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { type Analyzer, analyzerFor } from '../../src/analysis/analyze.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'
import { officialDb } from '../helpers/sample-db.ts'

function check(deps: () => { service: IngredientService; analyzer: Analyzer }) {
  test('GET record of "Lead acetate": prohibited in the EU, Korea and China, each with its row', () => {
    const r = deps().service.resolve('Lead acetate')
    expect(r.target?.kind).toBe('ingredient')
    const t = r.target!
    if (t.kind !== 'ingredient') throw new Error('not an ingredient')
    expect([t.eu_status, t.kr_status, t.cn_status]).toEqual(['prohibited', 'prohibited', 'prohibited'])
    expect(t.kr_rules.entries.map((e) => [e.name_ko, e.matched_by])).toContainEqual(['납 및 그 화합물', 'substance'])
    const cn = t.cn_entries.find((e) => e.table_no === '表2' && e.serial === '859')
    expect(cn?.matched_by).toBe('substance')
  })

  test('label analysis and bulk lookup agree with the record', () => {
    const out = deps().analyzer.analyze({ text: '정제수, Lead Acetate, 글리세린' }, { plan: 'PRO', maxItems: 60 })
    const item = out.products[0]!.items[1]!
    expect(Object.fromEntries(Object.entries(item.markets).map(([m, v]) => [m, v.status]))).toEqual({
      EU: 'prohibited',
      KR: 'prohibited',
      CN: 'prohibited',
    })
    expect(out.products[0]!.summary.markets.KR!.result).toBe('blocked')
    const bulk = deps().analyzer.lookup(['Lead acetate', '아세트산납'], { plan: 'PRO', maxNames: 50 })
    expect(bulk.results[0]!.statuses).toEqual({ EU: 'prohibited', KR: 'prohibited', CN: 'prohibited' })
  })

  test('GET record of the regulated substance "Mercury" carries cn_status and its STSC row', () => {
    const r = deps().service.resolve('Mercury')
    const t = r.targets.find((x) => x.kind === 'regulated_substance')
    expect(t).toBeDefined()
    if (t?.kind !== 'regulated_substance') throw new Error('no substance')
    expect(t.cn_status).toBe('prohibited')
    expect(t.cn_entries.map((e) => [e.table_no, e.serial])).toContainEqual(['表2', '888'])
  })
}

describe('on the fixture data (sample + the lead and mercury rows)', () => {
  let deps: { service: IngredientService; analyzer: Analyzer }
  beforeAll(async () => {
    const db = openDatabase({ kind: 'file', path: await fixtureDb() })
    const service = createIngredientService(db)
    deps = { service, analyzer: analyzerFor(db, service) }
  })
  check(() => deps)
})

describe.skipIf(!process.env.DATA_SOURCES_DIR)('on the official data', () => {
  let deps: { service: IngredientService; analyzer: Analyzer }
  beforeAll(async () => {
    const db = openDatabase({ kind: 'file', path: await officialDb() })
    const service = createIngredientService(db)
    deps = { service, analyzer: analyzerFor(db, service) }
  }, 120_000)
  check(() => deps)
})
