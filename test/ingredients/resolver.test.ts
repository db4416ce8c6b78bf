/**
 * The name resolver (src/ingredients/resolver.ts) on the fixture database (sample data plus
 * the quirk rows of test/helpers/fixture-db.ts): each rule, in order, says how it matched.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { COMMON_NAMES } from '../../src/ingredients/common-names.ts'
import type { ResolutionValue, TargetRecord } from '../../src/ingredients/model.ts'
import { Resolution } from '../../src/ingredients/model.ts'
import { createResolver, type Resolver } from '../../src/ingredients/resolver.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let resolver: Resolver
let fixtureDbPath: string
beforeAll(async () => {
  fixtureDbPath = await fixtureDb()
  resolver = createResolver(openDatabase({ kind: 'file', path: fixtureDbPath }))
})

const nameOf = (t: TargetRecord) => (t.kind === 'ingredient' ? t.inci_name : t.name)
const brief = (r: ResolutionValue) => ({ match: r.match, rule: r.rule, matched_name: r.matched_name, targets: r.targets.map(nameOf) })

describe('rules in order', () => {
  test.each([
    // 1. exact
    ['Glycerin', { match: 'exact', rule: 'inci_name', matched_name: 'GLYCERIN', targets: ['GLYCERIN'] }],
    ['  glycerin ', { match: 'exact', rule: 'inci_name', matched_name: 'GLYCERIN', targets: ['GLYCERIN'] }],
    ['나이아신아마이드', { match: 'exact', rule: 'korean_name', matched_name: '나이아신아마이드', targets: ['NIACINAMIDE'] }],
    ['56-81-5', { match: 'exact', rule: 'cas_number', matched_name: '56-81-5', targets: ['GLYCERIN'] }],
    ['0056-81-5', { match: 'exact', rule: 'cas_number', matched_name: '56-81-5', targets: ['GLYCERIN'] }],
    // 2. synonyms: INN, MFDS 이명, CosIng description names
    ['nicotinamide', { match: 'synonym', rule: 'inn', matched_name: 'nicotinamide', targets: ['NIACINAMIDE'] }],
    ['메칠파라벤', { match: 'synonym', rule: 'mfds_synonym', matched_name: '메칠파라벤', targets: ['METHYLPARABEN'] }],
    ['Glycerine', { match: 'synonym', rule: 'cosing_description', matched_name: 'Glycerine', targets: ['GLYCERIN'] }],
    // 3. label spellings
    ['Water (Aqua)', { match: 'label', rule: 'label_without_parentheses', matched_name: 'WATER', targets: ['WATER'] }],
    ['Glycerin*', { match: 'label', rule: 'label_tidy', matched_name: 'GLYCERIN', targets: ['GLYCERIN'] }],
    ['CI77891', { match: 'label', rule: 'label_ci_number', matched_name: 'CI 77891', targets: ['CI 77891'] }],
    ['C.I. 77891', { match: 'label', rule: 'label_ci_number', matched_name: 'CI 77891', targets: ['CI 77891'] }],
    ['부틸렌 글라이콜', { match: 'label', rule: 'label_tidy', matched_name: '부틸렌글라이콜', targets: ['BUTYLENE GLYCOL'] }],
    // 4. Korean orthographic variants
    ['메칠 파라벤', { match: 'label', rule: 'label_tidy', matched_name: '메칠파라벤', targets: ['METHYLPARABEN'] }],
    ['다이메치콘', { match: 'variant', rule: 'korean_spelling', matched_name: '디메치콘', targets: ['DIMETHICONE'] }],
    // 5. common names
    ['Shea Butter', { match: 'common_name', rule: 'common_name', matched_name: 'Shea Butter', targets: ['BUTYROSPERMUM PARKII BUTTER'] }],
    ['Vitamin B3', { match: 'common_name', rule: 'common_name', matched_name: 'Vitamin B3', targets: ['NIACINAMIDE'] }],
    // 6. fuzzy
    ['Niacinamid', { match: 'fuzzy', rule: 'edit_distance', matched_name: 'NIACINAMIDE', targets: ['NIACINAMIDE'] }],
    ['Sodium Hyaluronat', { match: 'fuzzy', rule: 'edit_distance', matched_name: 'SODIUM HYALURONATE', targets: ['SODIUM HYALURONATE'] }],
  ] as const)('%p → %p', (name, expected) => {
    expect(brief(resolver.resolve(name))).toEqual(expected as never)
  })

  test('confidence falls rule by rule', () => {
    const c = (name: string) => resolver.resolve(name).confidence
    expect([c('Glycerin'), c('nicotinamide'), c('Water (Aqua)'), c('다이메치콘'), c('Shea Butter')]).toEqual([1, 0.95, 0.9, 0.85, 0.8])
    expect(c('Niacinamid')).toBeGreaterThan(0.8)
    expect(c('Niacinamid')).toBeLessThan(1)
  })

  test('nothing: match none, confidence 0, no target; a bad CAS check digit says so', () => {
    expect(resolver.resolve('zzzzqqq')).toEqual({
      query: 'zzzzqqq',
      match: 'none',
      rule: null,
      confidence: 0,
      matched_name: null,
      note: null,
      target: null,
      targets: [],
      candidates: [],
    })
    expect(brief(resolver.resolve('56-81-6'))).toEqual({ match: 'none', rule: 'invalid_cas', matched_name: null, targets: [] })
  })

  test('a typo answers the same on a fresh resolver and once its candidate names have been read', async () => {
    // The fuzzy rule keeps each candidate's length and script once read (name-lookup.ts) and
    // skips names that cannot pass; what it answers must not depend on what it has read before.
    const typos = ['Niacinamid', 'Sodium Hyaluronat', 'Glycerine', 'Niacinamidee', '나이아신아마이', 'Zinc Oxyde', 'zzzzqqq']
    const fresh = () => createResolver(openDatabase({ kind: 'file', path: fixtureDbPath }))
    const first = fresh()
    const answers = typos.map((t) => first.resolve(t))
    for (const t of [...typos].reverse()) first.resolve(t)
    expect(typos.map((t) => first.resolve(t))).toEqual(answers)
    const other = fresh()
    expect(
      [...typos]
        .reverse()
        .map((t) => other.resolve(t))
        .reverse(),
    ).toEqual(answers)
    expect(answers.map((a) => a.match)).toEqual([
      'fuzzy',
      'fuzzy',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      expect.any(String),
      'none',
    ])
  })

  test('languages: an English-only look-up does not answer with Korean names, and back', () => {
    expect(resolver.resolve('정제수', { lang: 'en' }).match).toBe('none')
    expect(resolver.resolve('Glycerin', { lang: 'ko' }).match).toBe('none')
  })

  test('every answer fits the documented shape (model.ts Resolution)', () => {
    for (const name of ['Glycerin', 'Iron Oxides', 'Mercury', 'Niacinamid', 'zzzz', '7439-97-6']) {
      expect(Resolution.safeParse(resolver.resolve(name)).success).toBe(true)
    }
  })
})

describe('regulated substances are first-class', () => {
  test.each(['Mercury', '수은', '7439-97-6', 'Mercury and its compounds'])(
    '%p reaches the prohibited mercury rule in both markets',
    (name) => {
      const r = resolver.resolve(name)
      expect(r.target).toMatchObject({
        kind: 'regulated_substance',
        eu_status: 'prohibited',
        kr_status: 'prohibited',
        is_group: true,
        cas_numbers: ['7439-97-6'],
      })
      const t = r.target as Extract<TargetRecord, { kind: 'regulated_substance' }>
      expect(t.eu_annexes.map((e) => `${e.annex}/${e.reference_number}`)).toEqual(['II/221'])
      expect(t.kr_rules.entries.map((e) => e.name_ko)).toEqual(['수은 및 그 화합물'])
      expect(t.status_sources.kr.official).toBe(false)
    },
  )

  test.each(['Tretinoin', '트레티노인', 'Retinoic Acid'])(
    '%p is prohibited (EU Annex II/375 and 별표1), though no ingredient is named so',
    (name) => {
      const r = resolver.resolve(name)
      expect(r.targets.some((t) => t.eu_status === 'prohibited' && t.kr_status === 'prohibited')).toBe(true)
    },
  )

  test('히드로퀴논, the Korean rule’s own spelling, answers with the ingredient that carries every rule row', () => {
    const r = resolver.resolve('히드로퀴논')
    expect(brief(r)).toEqual({ match: 'exact', rule: 'rule_name', matched_name: '히드로퀴논', targets: ['HYDROQUINONE'] })
    expect(r.target).toMatchObject({ kind: 'ingredient', kr_status: 'prohibited' })
  })
})

describe('no wrong exact matches from data quirks', () => {
  test('hyaluronidase is HYALURONIDASE, never KINETIN (whose CosIng INN cell says "hyaluronidase")', () => {
    expect(brief(resolver.resolve('hyaluronidase'))).toEqual({
      match: 'exact',
      rule: 'inci_name',
      matched_name: 'HYALURONIDASE',
      targets: ['HYALURONIDASE'],
    })
  })

  test('Parfum and 향료 are PARFUM only; AROMA stays reachable by its own name', () => {
    expect(brief(resolver.resolve('Parfum')).targets).toEqual(['PARFUM'])
    expect(brief(resolver.resolve('향료'))).toEqual({ match: 'exact', rule: 'korean_name', matched_name: '향료', targets: ['PARFUM'] })
    expect(brief(resolver.resolve('Aroma')).targets).toEqual(['AROMA'])
  })
})

describe('ambiguous answers', () => {
  test('Iron Oxides: three colour index numbers as candidates, no single target, the reason given', () => {
    const r = resolver.resolve('Iron Oxides')
    expect(r.target).toBeNull()
    expect(r.targets.map(nameOf)).toEqual(['CI 77491', 'CI 77492', 'CI 77499'])
    expect(r.candidates.map((c) => c.name)).toEqual(['CI 77491', 'CI 77492', 'CI 77499'])
    expect(r.confidence).toBe(0.5)
    expect(r.note).toBe(COMMON_NAMES.find((c) => c.name === 'Iron Oxides')!.reason)
  })
})
