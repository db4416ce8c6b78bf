/**
 * Structured conditions (src/importer/conditions.ts).
 * Part 1 always runs: our own wording in the annex's format, one rule per test.
 * Part 2 runs on the official annex files (DATA_SOURCES_DIR): 40 entries whose expected
 * clauses were checked by hand against the annex text (Annex III, V, VI, IV exports of
 * Dec / Oct 2025), plus the Korean 별표2 transcription. Only facts (numbers, scopes) here.
 */

import { Database } from 'bun:sqlite'
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { type ScopeTag, scopeApplies } from '../../src/analysis/product-types.ts'
import { type Clause, parseAnnexConditions } from '../../src/importer/conditions.ts'
import { type AnnexEntry, type AnnexNumber, parseAnnex } from '../../src/importer/cosing-annex.ts'
import { parseKrConditions } from '../../src/importer/kr-conditions.ts'
import { parseKrRules } from '../../src/importer/kr-rules.ts'
import { sampleDb } from '../helpers/sample-db.ts'

const text = (o: Partial<Record<'productType' | 'maxConcentration' | 'other' | 'conditions', string>>) => ({
  productType: o.productType ?? null,
  maxConcentration: o.maxConcentration ?? null,
  other: o.other ?? null,
  conditions: o.conditions ?? null,
})

describe('rules (own wording)', () => {
  test('labels align product types with maxima; "Other products" is the remainder', () => {
    const c = parseAnnexConditions(text({ productType: '(a) Toothpaste\n(b) Other products', maxConcentration: '(a) 1%\n(b) 0,5 %' }))
    expect(c.parsed).toBe(true)
    expect(c.clauses.map((x) => [x.label, x.scope.any_of, x.scope.other, x.max_percent])).toEqual([
      ['a', [['oral', 'rinse_off']], false, 1],
      ['b', null, true, 0.5],
    ])
  })

  test('basis, pH range, age and date are read', () => {
    const c = parseAnnexConditions(
      text({
        productType: 'Rinse-off hair products',
        maxConcentration: '2 % calculated as lactic acid',
        other: 'As from 1 March 2030: ready for use pH 4 to 6,5. Not to be used for children under 3 years of age',
      }),
    )
    expect(c.clauses[0]).toMatchObject({
      max_percent: 2,
      basis: 'lactic acid',
      ph_min: 4,
      ph_max: 6.5,
      not_under_age_years: 3,
      applies_from: '2030-03-01',
    })
    expect(c.clauses[0]!.scope.any_of).toEqual([['hair', 'rinse_off']])
  })

  test('several percentages in one clause: the smallest, not parsed', () => {
    const c = parseAnnexConditions(text({ maxConcentration: '1 % for one ester, 2 % for mixtures' }))
    expect(c.clauses[0]!.max_percent).toBe(1)
    expect(c.parsed).toBe(false)
    expect(c.notes).toEqual(['several percentages; the smallest is used'])
  })

  test('unknown product wording → scope unknown, not parsed', () => {
    const c = parseAnnexConditions(text({ productType: 'Antifreeze for windscreens', maxConcentration: '1%' }))
    expect(c.clauses[0]!.scope.known).toBe(false)
    expect(c.parsed).toBe(false)
  })

  test('exceptions become exclusions', () => {
    const c = parseAnnexConditions(text({ productType: 'All products except oral products and sprays', maxConcentration: '1%' }))
    expect(c.clauses[0]!.scope).toEqual({ any_of: null, none_of: [['oral'], ['spray']], other: false, known: true })
  })

  test('the fragrance-allergen labelling duty is read with the name to print', () => {
    const c = parseAnnexConditions(
      text({
        other:
          "The presence of the substance shall be indicated as 'Rose Mix' in the list of ingredients when its concentration exceeds: 0,001 % in leave-on products, 0,01 % in rinse-off products.",
      }),
    )
    expect(c.labelling_duty).toEqual({ leave_on_percent: 0.001, rinse_off_percent: 0.01, label_name: 'Rose Mix' })
  })

  test('Korean limits: rinse-off / leave-on, exceptions, basis, pH', () => {
    const a = parseKrConditions('• 사용 후 씻어내는 제품에 0.5%\n• 사용 후 씻어내지 않는 제품에 0.1%')
    expect(a.clauses.map((x) => [x.scope.any_of, x.max_percent])).toEqual([
      [[['rinse_off']], 0.5],
      [[['leave_on']], 0.1],
    ])
    const b = parseKrConditions('3% (다만, 얼굴 및 입술에 사용되는 제품은 1%)')
    expect(b.clauses.map((x) => [x.scope.other, x.scope.any_of, x.max_percent])).toEqual([
      [true, null, 3],
      [false, [['face'], ['lip']], 1],
    ])
    expect(parseKrConditions('락틱애씨드로서 2%').clauses[0]!.basis).toBe('락틱애씨드')
    expect(parseKrConditions('0.1% (다만, 제품의 pH는 7을 넘어야 함)').clauses[0]!.ph_min).toBe(7)
    expect(parseKrConditions(null).parsed).toBe(false)
  })

  test('scopes decide per product: applies, does not apply, unknown', () => {
    const scope = { any_of: [['hair', 'rinse_off']] as ScopeTag[][], none_of: [], other: false, known: true }
    expect(scopeApplies(scope, ['rinse_off', 'hair'])).toBe('applies')
    expect(scopeApplies(scope, ['leave_on', 'face'])).toBe('does_not_apply')
    expect(scopeApplies(scope, ['rinse_off'])).toBe('unknown')
    expect(scopeApplies({ any_of: null, none_of: [['spray']], other: false, known: true }, ['leave_on', 'spray'])).toBe('does_not_apply')
    expect(scopeApplies({ any_of: null, none_of: [], other: false, known: false }, ['leave_on'])).toBe('unknown')
  })
})

test('the importer stores conditions for every Annex III–VI entry and every 별표2 row, raw text beside them', async () => {
  const db = new Database(await sampleDb(), { readonly: true })
  const n = (sql: string) => (db.query(sql).get() as { n: number }).n
  expect(n('SELECT count(*) AS n FROM eu_annex_conditions')).toBe(n("SELECT count(*) AS n FROM eu_annex_entries WHERE annex <> 'II'"))
  expect(n('SELECT count(*) AS n FROM kr_rule_conditions')).toBe(n("SELECT count(*) AS n FROM kr_rules WHERE status = 'restricted'"))
  expect(n('SELECT count(*) AS n FROM eu_annex_conditions')).toBeGreaterThan(0)
  for (const row of db
    .query<{ parsed: number; json: string; max: string | null }, []>(
      'SELECT c.parsed, c.json, e.max_concentration AS max FROM eu_annex_conditions c JOIN eu_annex_entries e ON e.id = c.entry_id',
    )
    .all()) {
    const c = JSON.parse(row.json) as { parsed: boolean; clauses: unknown[] }
    expect(c.parsed).toBe(row.parsed === 1)
    expect(Array.isArray(c.clauses)).toBe(true)
  }
  // Phenoxyethanol, Annex V/29: 1 %.
  const pe = db
    .query<{ json: string }, []>(
      "SELECT c.json FROM eu_annex_conditions c JOIN eu_annex_entries e ON e.id = c.entry_id WHERE e.annex = 'V' AND e.reference_number = '29'",
    )
    .get()!
  expect((JSON.parse(pe.json) as { clauses: { max_percent: number }[] }).clauses[0]!.max_percent).toBe(1)
  db.close()
})

const DIR = process.env.DATA_SOURCES_DIR
const FILES: Record<Exclude<AnnexNumber, 'II'>, string> = {
  III: 'eu_cosing_annex_III_restricted.csv',
  IV: 'eu_cosing_annex_IV_colorants.csv',
  V: 'eu_cosing_annex_V_preservatives.csv',
  VI: 'eu_cosing_annex_VI_uv_filters.csv',
}

/** Expected clause facts: [label, max %, basis, scope any_of, other] (checked against the annex text). */
type Expect = {
  clauses: [string | null, number | null, string | null, ScopeTag[][] | null, boolean][]
  parsed?: boolean
  extra?: (c: Clause[]) => void
  duty?: string | null
}

const ANNEX_CASES: [Exclude<AnnexNumber, 'II'>, string, Expect][] = [
  [
    'III',
    '2a',
    {
      parsed: false,
      clauses: [
        ['a', 8, 'thioglycollic acid', [['hair']], false],
        ['b', 5, 'thioglycollic acid', [['depilatory']], false],
        ['c', 2, 'thioglycollic acid', [['hair', 'rinse_off']], false],
        ['d', 11, 'thioglycollic acid', [['eye']], false],
      ],
      extra: (c) =>
        expect(c.map((x) => [x.ph_min, x.ph_max])).toEqual([
          [7, 9.5],
          [7, 12.7],
          [7, 9.5],
          [7, 9.5],
        ]),
    },
  ],
  ['III', '3', { clauses: [[null, 5, null, [['hair']], false]] }],
  ['III', '4', { clauses: [[null, 6, 'NH3', null, false]] }],
  ['III', '5', { clauses: [[null, 0.2, null, null, false]] }],
  [
    'III',
    '6',
    {
      clauses: [
        ['a', 5, null, [['oral', 'rinse_off']], false],
        ['b', 3, null, null, true],
      ],
    },
  ],
  ['III', '11', { clauses: [[null, 0.5, null, null, false]], extra: (c) => expect(c[0]!.warning).not.toBeNull() }],
  ['III', '14', { clauses: [[null, 0.02, null, [['nail']], false]] }],
  [
    'III',
    '21',
    {
      clauses: [
        ['a', 0.5, 'quinine base', [['hair', 'rinse_off']], false],
        ['b', 0.2, 'quinine base', [['hair', 'leave_on']], false],
      ],
    },
  ],
  [
    'III',
    '23',
    {
      clauses: [
        ['a', 2, 'sulphur', [['depilatory']], false],
        ['b', 6, 'sulphur', [['depilatory']], false],
      ],
    },
  ],
  ['III', '24', { clauses: [[null, 1, 'zinc', null, false]] }],
  ['III', '26', { clauses: [[null, 0.15, 'F', [['oral']], false]] }],
  ['III', '31', { clauses: [[null, 0.15, 'F', [['oral']], false]] }],
  ['III', '63', { clauses: [[null, 3.5, 'strontium', [['depilatory']], false]] }],
  ['III', '64', { clauses: [[null, 4.5, 'strontium', [['hair', 'rinse_off']], false]] }],
  ['III', '65', { clauses: [[null, 3, 'benzalkonium chloride', [['hair', 'rinse_off']], false]] }],
  ['III', '67', { clauses: [[null, null, null, null, false]], duty: null }],
  ['III', '70', { clauses: [[null, null, null, null, false]], duty: 'Citral' }],
  [
    'III',
    '72',
    {
      clauses: [
        ['a', null, null, [['oral']], false],
        ['b', 1, null, null, true],
      ],
      duty: null,
    },
  ],
  ['III', '75', { clauses: [[null, null, null, null, false]], duty: null }],
  [
    'III',
    '98',
    {
      clauses: [
        ['a', 3, null, [['hair', 'rinse_off']], false],
        ['b', 2, null, null, true],
        [
          'c',
          0.5,
          null,
          [['body', 'leave_on'], ['eye', 'leave_on'], ['eye', 'leave_on'], ['eye', 'leave_on'], ['lip', 'leave_on'], ['deodorant']],
          false,
        ],
      ],
      extra: (c) => expect(c.map((x) => x.not_under_age_years)).toEqual([3, 3, 3]),
    },
  ],
  [
    'III',
    '99',
    {
      clauses: [
        ['a', 0.67, 'free SO2', [['hair_dye', 'hair']], false],
        ['b', 6.7, 'free SO2', [['hair']], false],
        ['c', 0.45, 'free SO2', [['face']], false],
        ['d', 0.4, 'free SO2', null, true],
      ],
      parsed: false,
    },
  ],
  [
    'III',
    '102',
    {
      clauses: [
        ['a', 0.01, null, [['fine_fragrance']], false],
        ['b', 0.004, null, [['fine_fragrance']], false],
        ['c', 0.002, null, [['fine_fragrance', 'leave_on']], false],
        ['d', 0.0002, null, [['leave_on'], ['oral']], true],
        ['e', 0.001, null, [['rinse_off']], false],
      ],
    },
  ],
  ['III', '109', { clauses: [[null, null, null, null, false]], duty: 'Pinus Mugo' }],
  [
    'V',
    '1',
    {
      clauses: [
        ['a', 2.5, 'acid', [['rinse_off']], false],
        ['b', 1.7, 'acid', [['oral']], false],
        ['c', 0.5, 'acid', [['leave_on']], false],
      ],
      extra: (c) => expect(c[0]!.scope.none_of).toEqual([['oral']]),
    },
  ],
  ['V', '1a', { clauses: [[null, 0.5, 'acid', null, false]] }],
  ['V', '2', { clauses: [[null, 2, 'acid', null, false]] }],
  ['V', '4', { clauses: [[null, 0.6, 'acid', null, false]] }],
  ['V', '11', { clauses: [[null, 0.5, null, null, false]], extra: (c) => expect(c[0]!.scope.none_of).toEqual([['spray']]) }],
  ['V', '16', { clauses: [[null, 0.007, 'Hg', [['eye']], false]] }],
  ['V', '20', { clauses: [[null, 0.1, null, [['rinse_off']], false]] }],
  ['V', '21', { clauses: [[null, 0.1, null, null, false]] }],
  ['V', '24', { clauses: [[null, 0.2, null, null, false]], extra: (c) => expect(c[0]!.scope.none_of).toEqual([['mucous_membranes']]) }],
  ['V', '29', { clauses: [[null, 1, null, null, false]] }],
  [
    'V',
    '32',
    {
      clauses: [
        ['a', 0.2, null, [['hair', 'leave_on']], false],
        ['b', 0.2, null, [['face', 'leave_on']], false],
        ['c', 0.2, null, [['body']], false],
        ['d', 0.5, null, [['hair', 'rinse_off']], false],
      ],
    },
  ],
  [
    'VI',
    '4',
    {
      clauses: [
        ['a', 6, null, [['face'], ['hand'], ['lip']], false],
        ['b', 2.2, null, [['body']], false],
        ['c', 0.5, null, null, true],
      ],
      extra: (c) => expect(c[0]!.scope.none_of).toContainEqual(['spray']),
    },
  ],
  ['VI', '6', { clauses: [[null, 8, 'acid', null, false]] }],
  ['VI', '8', { clauses: [[null, 5, null, null, false]] }],
  [
    'VI',
    '10',
    {
      clauses: [
        ['a', 9, null, [['spray']], false],
        ['b', 10, null, null, true],
      ],
    },
  ],
  ['VI', '12', { clauses: [[null, 10, null, null, false]] }],
  ['IV', '1', { clauses: [[null, null, null, [['rinse_off']], false]] }],
  ['IV', '3', { clauses: [[null, null, null, null, false]], extra: (c) => expect(c[0]!.scope.none_of).toEqual([['eye']]) }],
]

describe.skipIf(!DIR)('official annex entries (checked by hand)', () => {
  const cache = new Map<string, AnnexEntry[]>()
  const entry = async (annex: Exclude<AnnexNumber, 'II'>, ref: string) => {
    if (!cache.has(annex)) cache.set(annex, parseAnnex(await Bun.file(join(DIR!, FILES[annex])).text(), FILES[annex], annex).entries)
    const found = cache.get(annex)!.filter((e) => e.referenceNumber === ref)
    expect(found).toHaveLength(1)
    return found[0]!
  }

  test(`at least 30 entries are checked (${ANNEX_CASES.length})`, () => {
    expect(ANNEX_CASES.length).toBeGreaterThanOrEqual(30)
  })

  test.each(ANNEX_CASES)('Annex %s/%s', async (annex, ref, want) => {
    const c = parseAnnexConditions(await entry(annex, ref))
    expect(c.clauses.map((x) => [x.label, x.max_percent, x.basis, x.scope.any_of, x.scope.other])).toEqual(want.clauses)
    expect(c.parsed).toBe(want.parsed ?? true)
    if (want.duty !== undefined)
      expect(c.labelling_duty).toEqual({ leave_on_percent: 0.001, rinse_off_percent: 0.01, label_name: want.duty })
    want.extra?.(c.clauses)
  })

  test('every Annex III–VI row gets conditions; most are read with confidence', async () => {
    let rows = 0
    let parsed = 0
    let duties = 0
    for (const annex of ['III', 'IV', 'V', 'VI'] as const) {
      for (const e of parseAnnex(await Bun.file(join(DIR!, FILES[annex])).text(), FILES[annex], annex).entries) {
        const c = parseAnnexConditions(e)
        rows++
        if (c.parsed) parsed++
        if (c.labelling_duty) duties++
      }
    }
    expect(rows).toBe(612)
    expect(parsed / rows).toBeGreaterThan(0.9)
    // Regulation (EU) 2023/1545 brought the allergen list to about 80 entries.
    expect(duties).toBeGreaterThanOrEqual(75)
  })

  test('Korean 별표2 limits (transcription): IPBC, oxybenzone, phenoxyethanol', async () => {
    const file = 'kr_mfds_banned_restricted_studyguide.json'
    const { rules } = parseKrRules(await Bun.file(join(DIR!, file)).text(), file)
    const by = (en: string) => parseKrConditions(rules.find((r) => r.nameEn === en)!.maxLimit)
    expect(by('Iodopropynyl Butylcarbamate').clauses.map((c) => [c.scope.any_of, c.max_percent])).toEqual([
      [[['rinse_off']], 0.02],
      [[['leave_on']], 0.01],
      [[['deodorant']], 0.0075],
    ])
    expect(by('Benzophenone-3 (Oxybenzone)').clauses.map((c) => [c.scope.other, c.max_percent])).toEqual([
      [true, 2.4],
      [false, 5],
    ])
    expect(by('Phenoxyethanol').clauses.map((c) => c.max_percent)).toEqual([1])
    const restricted = rules.filter((r) => r.status === 'restricted')
    const parsed = restricted.filter((r) => parseKrConditions(r.maxLimit).parsed).length
    expect(parsed / restricted.length).toBeGreaterThan(0.9)
  })
})
