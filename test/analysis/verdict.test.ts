/**
 * Verdicts on typed inputs (src/analysis/verdict.ts): statuses, limit checks with the
 * numbers compared, "other products" clauses, bases, unofficial sources, dates, the EU
 * fragrance-allergen labelling duty. No database.
 */
import { describe, expect, test } from 'bun:test'
import { worstStatus } from '../../src/analysis/markets/market.ts'
import type { RuleEntry } from '../../src/analysis/model.ts'
import type { ScopeTag } from '../../src/analysis/product-types.ts'
import { marketVerdict, unresolvedVerdict, type VerdictContext } from '../../src/analysis/verdict.ts'

const EU = { code: 'EU', status: worstStatus }
const OFFICIAL = { name: 'cosing_annex_III', date: '2025-12-08', official: true, note: null }
const ctx = (o: Partial<VerdictContext> = {}): VerdictContext => ({
  productType: 'face_leave_on',
  concentration: null,
  today: '2026-12-01',
  withRaw: false,
  ...o,
})

type ClauseIn = {
  label?: string
  any_of?: ScopeTag[][] | null
  none_of?: ScopeTag[][]
  other?: boolean
  known?: boolean
  max?: number | null
  basis?: string | null
  from?: string | null
}
function entry(
  status: RuleEntry['status'],
  clauses: ClauseIn[],
  o: { parsed?: boolean; official?: boolean; list?: string; ref?: string; duty?: boolean; from?: string | null } = {},
): RuleEntry {
  return {
    list: o.list ?? (status === 'prohibited' ? 'EU Annex II' : status === 'restricted' ? 'EU Annex III' : 'EU Annex V'),
    reference: o.ref ?? '1',
    name: 'Test substance',
    status,
    effective_from: o.from ?? null,
    source: { ...OFFICIAL, official: o.official ?? true },
    raw: { max_concentration: 'as published' },
    conditions:
      status === 'prohibited'
        ? null
        : {
            parsed: o.parsed ?? true,
            notes: [],
            labelling_duty: o.duty ? { leave_on_percent: 0.001, rinse_off_percent: 0.01, label_name: null } : null,
            clauses: clauses.map((c) => ({
              label: c.label ?? null,
              product_type_text: null,
              scope: { any_of: c.any_of ?? null, none_of: c.none_of ?? [], other: c.other ?? false, known: c.known ?? true },
              max_percent: c.max ?? null,
              basis: c.basis ?? null,
              ph_min: null,
              ph_max: null,
              not_under_age_years: null,
              warning: null,
              applies_from: c.from ?? null,
            })),
          },
  }
}

describe('status', () => {
  test('no entry → not_listed, saying it is not a clearance', () => {
    expect(marketVerdict(EU, [], ctx())).toEqual({
      status: 'not_listed',
      limit: null,
      fragrance_allergen: null,
      why: 'Not on the EU lists; that is not a statement that it is allowed in every use.',
      entries: [],
    })
  })

  test('prohibited wins over a restriction; the entry is named', () => {
    const v = marketVerdict(EU, [entry('restricted', [{ max: 1 }]), entry('prohibited', [], { ref: '1339' })], ctx())
    expect([v.status, v.why]).toEqual(['prohibited', 'Prohibited in EU: EU Annex II 1339 (Test substance).'])
  })

  test('a prohibition only in some cases: prohibited, but cannot_tell with the case', () => {
    const conditional = {
      ...entry('prohibited', [], { ref: '358' }),
      prohibition_condition: 'except for normal content in natural essences used',
    }
    const v = marketVerdict(EU, [conditional], ctx())
    expect(v.status).toBe('prohibited')
    expect(v.limit).toEqual({
      result: 'cannot_tell',
      concentration_percent: null,
      max_percent: null,
      basis: null,
      clause: 'EU Annex II 358',
      reason:
        'EU Annex II 358 prohibits it only in some cases (except for normal content in natural essences used); verify that none applies',
    })
    expect(v.why).toBe(`On the EU prohibited list with a condition: ${v.limit!.reason}.`)
    // An unconditional prohibition beside it still blocks.
    expect(marketVerdict(EU, [conditional, entry('prohibited', [], { ref: '1' })], ctx()).limit).toBeNull()
  })

  test('a rule dated after today is upcoming, with its date', () => {
    const v = marketVerdict(EU, [entry('prohibited', [], { from: '2027-01-01', ref: '1291' })], ctx())
    expect([v.status, v.why]).toEqual(['upcoming', 'Not in force yet: EU Annex II 1291 applies from 2027-01-01.'])
  })

  test('unresolved never reads as allowed', () => {
    expect(unresolvedVerdict().status).toBe('unresolved')
  })

  test('raw rule text only when the plan sees it', () => {
    const e = entry('restricted', [{ max: 1 }])
    expect(marketVerdict(EU, [e], ctx()).entries[0]!.raw).toBeUndefined()
    expect(marketVerdict(EU, [e], ctx({ withRaw: true })).entries[0]!.raw).toEqual({ max_concentration: 'as published' })
  })
})

describe('limit checks', () => {
  const cases: [string, RuleEntry[], Partial<VerdictContext>, string, number | null][] = [
    ['at the maximum', [entry('restricted', [{ max: 2 }])], { concentration: 2 }, 'within_limit', 2],
    ['above the maximum', [entry('restricted', [{ max: 2 }])], { concentration: 2.5 }, 'over_limit', 2],
    ['no concentration', [entry('restricted', [{ max: 2 }])], {}, 'cannot_tell', 2],
    [
      'a basis: above the printed figure is not proof',
      [entry('restricted', [{ max: 0.5, basis: 'acid' }])],
      { concentration: 0.8 },
      'cannot_tell',
      0.5,
    ],
    ['a basis: at or below is within', [entry('restricted', [{ max: 0.5, basis: 'acid' }])], { concentration: 0.4 }, 'within_limit', 0.5],
    ['wording not read with confidence', [entry('restricted', [{ max: 2 }], { parsed: false })], { concentration: 1 }, 'cannot_tell', 2],
    [
      'the clause for this product type, not the other',
      [
        entry('restricted', [
          { label: 'a', any_of: [['hair', 'rinse_off']], max: 3 },
          { label: 'b', other: true, max: 2 },
          { label: 'c', any_of: [['lip']], max: 0.5 },
        ]),
      ],
      { concentration: 2.5 },
      'over_limit',
      2,
    ],
    [
      'hair rinse-off takes clause (a)',
      [
        entry('restricted', [
          { label: 'a', any_of: [['hair', 'rinse_off']], max: 3 },
          { label: 'b', other: true, max: 2 },
        ]),
      ],
      { concentration: 2.5, productType: 'hair_rinse_off' },
      'within_limit',
      3,
    ],
    [
      'only for rinse-off, used in a leave-on',
      [entry('restricted', [{ any_of: [['rinse_off']], max: 0.0015 }])],
      { concentration: 0.001 },
      'not_permitted_for_product_type',
      null,
    ],
    [
      'excluded product (sprays)',
      [entry('allowed_with_conditions', [{ none_of: [['spray']], max: 10 }])],
      { concentration: 5, productType: 'sunscreen_spray' },
      'not_permitted_for_product_type',
      null,
    ],
    [
      'area not stated by the product type',
      [entry('restricted', [{ any_of: [['face']], max: 6 }])],
      { concentration: 5, productType: 'leave_on' },
      'cannot_tell',
      6,
    ],
    [
      'no product type and a scoped clause',
      [entry('restricted', [{ any_of: [['oral']], max: 0.1 }])],
      { concentration: 0.05, productType: null },
      'cannot_tell',
      0.1,
    ],
    [
      'a clause dated later is not in force',
      [entry('restricted', [{ max: 1, from: '2030-01-01' }, { max: 2 }])],
      { concentration: 1.5 },
      'within_limit',
      2,
    ],
  ]
  test.each(cases)('%s', (_, entries, c, result, max) => {
    const v = marketVerdict(EU, entries, ctx(c))
    expect(v.limit?.result).toBe(result as never)
    expect(v.limit?.max_percent ?? null).toBe(max)
    expect(v.limit?.concentration_percent ?? null).toBe(c.concentration ?? null)
    expect(v.why).toContain(v.limit!.reason)
  })

  test('an unofficial source never proves "not permitted": cannot_tell', () => {
    const v = marketVerdict(
      { code: 'KR', status: worstStatus },
      [entry('restricted', [{ any_of: [['rinse_off']], max: 1 }], { official: false, list: 'KR 별표2' })],
      ctx({ concentration: 0.5 }),
    )
    expect(v.limit).toMatchObject({ result: 'cannot_tell', reason: expect.stringContaining('unofficial transcription') })
  })

  test('a positive-list maximum beside an Annex III entry: another use is possible', () => {
    const v = marketVerdict(
      EU,
      [
        entry('restricted', [{ other: true, max: 2 }], { ref: '98' }),
        entry('allowed_with_conditions', [{ max: 0.5, basis: 'acid' }], { list: 'EU Annex V', ref: '3' }),
      ],
      ctx({ concentration: 1 }),
    )
    expect(v.status).toBe('restricted')
    expect(v.limit).toMatchObject({
      result: 'cannot_tell',
      clause: 'EU Annex V 3',
      reason: '1 % is above 0.5 % (calculated as acid) for use as listed in EU Annex V; another use falls under Annex III',
    })
  })

  test('the worst result of several entries is reported', () => {
    const v = marketVerdict(
      EU,
      [entry('restricted', [{ max: 5 }]), entry('restricted', [{ max: 1 }], { ref: '2' })],
      ctx({ concentration: 2 }),
    )
    expect(v.limit).toMatchObject({ result: 'over_limit', max_percent: 1, clause: 'EU Annex III 2' })
  })
})

describe('EU fragrance allergens (Regulation (EU) 2023/1545)', () => {
  const allergen = entry('restricted', [{}], { duty: true, ref: '88' })
  test.each([
    ['leave-on above 0.001 %', 'face_leave_on', 0.002, true],
    ['leave-on at 0.001 %', 'face_leave_on', 0.001, false],
    ['rinse-off below 0.01 %', 'face_rinse_off', 0.005, false],
    ['rinse-off above 0.01 %', 'body_rinse_off', 0.02, true],
    ['concentration unknown', 'face_leave_on', null, null],
  ] as const)('%s → must_be_labelled %p', (_, productType, concentration, must) => {
    const v = marketVerdict(EU, [allergen], ctx({ productType, concentration }))
    expect(v.fragrance_allergen).toEqual({ leave_on_percent: 0.001, rinse_off_percent: 0.01, label_name: null, must_be_labelled: must })
    expect(v.why).toContain('fragrance allergen: name it on the label above 0.001 % leave-on / 0.01 % rinse-off')
    expect(v.status).toBe('restricted')
  })
})
