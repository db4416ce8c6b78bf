/**
 * The resolver and search on the official data (skipped unless DATA_SOURCES_DIR is set):
 * the cases of issue #10, each a name people print or a rule that must not be hidden.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { COMMON_NAMES } from '../../src/ingredients/common-names.ts'
import type { TargetRecord } from '../../src/ingredients/model.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { officialDb } from '../helpers/sample-db.ts'

const official = Boolean(process.env.DATA_SOURCES_DIR)
let service: IngredientService
beforeAll(async () => {
  if (official) service = createIngredientService(openDatabase({ kind: 'file', path: await officialDb() }))
}, 120_000)

const nameOf = (t: TargetRecord) => (t.kind === 'ingredient' ? t.inci_name : t.name)

describe.skipIf(!official)('official data: regulated substances reachable', () => {
  test.each(['Mercury', '수은', '7439-97-6'])('%p → the mercury rules, prohibited in the EU (Annex II/221) and Korea (별표1)', (q) => {
    const r = service.resolve(q)
    expect(r.target).toMatchObject({ kind: 'regulated_substance', eu_status: 'prohibited', kr_status: 'prohibited' })
    const t = r.target as Extract<TargetRecord, { kind: 'regulated_substance' }>
    expect(t.eu_annexes.map((e) => `${e.annex}/${e.reference_number}`)).toContain('II/221')
    expect(t.kr_rules.entries.map((e) => e.name_ko)).toContain('수은 및 그 화합물')
  })

  test.each(['Tretinoin', '트레티노인'])('%p → prohibited in both markets', (q) => {
    const r = service.resolve(q)
    expect(r.match).not.toBe('none')
    expect(r.targets.some((t) => t.eu_status === 'prohibited' && t.kr_status === 'prohibited')).toBe(true)
  })

  test('히드로퀴논 (the Korean rule’s own spelling) → HYDROQUINONE, prohibited in Korea', () => {
    const r = service.byKoreanName('히드로퀴논')
    expect(r.targets.map(nameOf)).toEqual(['HYDROQUINONE'])
    expect(r.target).toMatchObject({ kr_status: 'prohibited' })
  })

  test.each(['ISOPROPYLPARABEN', 'ISOBUTYLPARABEN', 'BENZYLPARABEN'])(
    '%p: banned in the EU, and in the Korean paraben group like BUTYLPARABEN',
    (inci) => {
      const t = service.resolve(inci).target as Extract<TargetRecord, { kind: 'ingredient' }>
      expect(t.eu_status).toBe('prohibited')
      expect(t.kr_rules.entries.map((e) => [e.name_en, e.matched_by])).toContainEqual([
        'p-Hydroxybenzoic Acid, its salts and esters',
        'group',
      ])
      const butyl = service.resolve('BUTYLPARABEN').target as Extract<TargetRecord, { kind: 'ingredient' }>
      expect(butyl.kr_rules.entries.map((e) => e.name_en)).toContain('p-Hydroxybenzoic Acid, its salts and esters')
    },
  )

  test('PHENYLPARABEN stays out of the group row (carved out by its text) and on its 별표1 row', () => {
    const t = service.resolve('PHENYLPARABEN').target as Extract<TargetRecord, { kind: 'ingredient' }>
    expect(t.kr_rules.entries.map((e) => e.list)).toEqual(['별표1'])
  })
})

describe.skipIf(!official)('official data: names people print', () => {
  test.each([
    ['Glycerine', 'GLYCERIN'],
    ['Shea Butter', 'BUTYROSPERMUM PARKII BUTTER'],
    ['Vitamin E', 'TOCOPHEROL'],
    ['Tea Tree Oil', 'MELALEUCA ALTERNIFOLIA LEAF OIL'],
    ['Green Tea Extract', 'CAMELLIA SINENSIS LEAF EXTRACT'],
    ['CI77891', 'CI 77891'],
    ['C.I. 77891', 'CI 77891'],
    ['Glycerin*', 'GLYCERIN'],
    ['하이알루론산', 'HYALURONIC ACID'],
  ])('%p → %p', (q, inci) => {
    expect(service.resolve(q).target && nameOf(service.resolve(q).target!)).toBe(inci)
  })

  test('Iron Oxides → CI 77491, CI 77492, CI 77499 as candidates', () => {
    const r = service.resolve('Iron Oxides')
    expect(r.match).toBe('common_name')
    expect(r.candidates.map((c) => c.name)).toEqual(['CI 77491', 'CI 77492', 'CI 77499'])
  })

  test(`every row of the common-name table (${COMMON_NAMES.length}) is reached and gives its INCI names`, () => {
    const wrong: string[] = []
    for (const row of COMMON_NAMES) {
      const r = service.byEnglishName(row.name)
      const got = r.targets.map(nameOf).sort()
      if (r.match !== 'common_name' || got.join('|') !== [...row.inci].sort().join('|'))
        wrong.push(`${row.name}: ${r.match} ${got.join('|')}`)
    }
    expect(wrong).toEqual([])
    expect(COMMON_NAMES.length).toBeGreaterThanOrEqual(40)
  })

  test.each([
    ['Niacinamid', 'NIACINAMIDE'],
    ['Sodium Hyaluronat', 'SODIUM HYALURONATE'],
    ['Tocopherl', 'TOCOPHEROL'],
    ['Panthenl', 'PANTHENOL'],
    ['Glycerinn', 'GLYCERIN'],
    ['Salicylic Acd', 'SALICYLIC ACID'],
    ['Phenoxyethanl', 'PHENOXYETHANOL'],
    ['Dimethicon', 'DIMETHICONE'],
    ['Butylene Glycl', 'BUTYLENE GLYCOL'],
    ['Allantion', 'ALLANTOIN'],
  ])('typo %p → %p (fuzzy, with a confidence below 1)', (q, inci) => {
    const r = service.resolve(q)
    expect(r.match).toBe('fuzzy')
    expect(nameOf(r.target!)).toBe(inci)
    expect(r.confidence).toBeGreaterThan(0.8)
    expect(r.confidence).toBeLessThan(1)
  })
})

describe.skipIf(!official)('official data: no wrong exact matches', () => {
  test('hyaluronidase → HYALURONIDASE, not KINETIN', () => {
    expect(service.resolve('hyaluronidase').targets.map(nameOf)).toEqual(['HYALURONIDASE'])
  })

  test('Parfum and 향료 → PARFUM, not AROMA', () => {
    expect(service.byEnglishName('Parfum').targets.map(nameOf)).toEqual(['PARFUM'])
    expect(service.byKoreanName('향료').targets.map(nameOf)).toEqual(['PARFUM'])
  })
})

describe.skipIf(!official)('official data: search', () => {
  test('hyaluron: HYALURONIC ACID and SODIUM HYALURONATE on top; ceramide: CERAMIDE NP near the top', () => {
    expect(service.search('hyaluron', 2).results.map((i) => i.inci_name)).toEqual(['HYALURONIC ACID', 'SODIUM HYALURONATE'])
    expect(service.search('ceramide', 5).results.map((i) => i.inci_name)).toContain('CERAMIDE NP')
  })

  test('vitamin c finds ASCORBIC ACID', () => {
    expect(service.search('vitamin c', 10).results[0]).toMatchObject({ inci_name: 'ASCORBIC ACID' })
  })

  test('a search walks to its end at every page size from 1 to 100, with its exact total', () => {
    const first = service.search('hyaluron', 100)
    expect(first.total_is_estimate).toBe(false)
    for (let limit = 1; limit <= 100; limit++) {
      const ids: number[] = []
      let cursor: string | undefined
      for (;;) {
        const p = service.search('hyaluron', limit, cursor)
        ids.push(...p.results.map((i) => i.id))
        if (p.next_cursor === null) break
        cursor = p.next_cursor
      }
      expect(ids.length).toBe(first.total)
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  test('the commonest short queries walk to their end with their exact totals, in both modes', () => {
    for (const mode of ['full', 'prefix'] as const) {
      for (const q of ['a', 'act', 'oil', '추출물', '오일', '산']) {
        const first = service.search(q, 100, undefined, mode)
        expect(first.total_is_estimate).toBe(false)
        const ids: number[] = []
        let cursor: string | undefined
        for (;;) {
          const p = service.search(q, 100, cursor, mode)
          ids.push(...p.results.map((i) => i.id))
          if (p.next_cursor === null) break
          cursor = p.next_cursor
        }
        expect(ids.length).toBe(first.total)
        expect(new Set(ids).size).toBe(ids.length)
      }
    }
    expect(service.search('a', 1).total).toBeGreaterThan(10_000)
  })

  test('SKIN CONDITIONING (13,066) walks to its end at every page size from 1 to 100', () => {
    for (let limit = 1; limit <= 100; limit++) {
      let n = 0
      let cursor: string | undefined
      let total = 0
      for (;;) {
        const p = service.functionIngredients('SKIN CONDITIONING', limit, cursor)
        n += p.results.length
        total = p.total
        if (p.next_cursor === null) break
        cursor = p.next_cursor
      }
      // 13,066 CosIng 2021 ingredients + 29 known only from the CosIng names of 2026 (issue #13).
      expect(total).toBe(13_095)
      expect(n).toBe(13_095)
    }
  }, 120_000)
})
