/**
 * Linking Korean group rows ("… 및 그 염류", "X, its salts and esters") to ingredients:
 * the name rules of src/importer/kr-groups.ts, table by table, then `linkKrRules` on a small
 * catalogue. Row names are real rows of the transcription (SOURCES.md §4).
 */
import { describe, expect, test } from 'bun:test'
import { acidSaltNames, type KrGroup, parseKrGroup } from '../../src/importer/kr-groups.ts'
import { euAllowsWithConditions, krKoreanKey, linkKrRules } from '../../src/importer/kr-links.ts'
import { catalogueOf, linkViews, rule } from '../helpers/kr-catalogue.ts'

describe('parseKrGroup: English names', () => {
  test.each<[string, KrGroup | null]>([
    ['Salicylic Acid and its salts', { bases: ['SALICYLIC ACID'], salts: 'all', esters: false }],
    ['Benzoic Acid, its salts and esters', { bases: ['BENZOIC ACID'], salts: 'all', esters: true }],
    ['p-Hydroxybenzoic Acid, its salts and esters', { bases: ['P-HYDROXYBENZOIC ACID'], salts: 'all', esters: true }],
    ['Oxalic Acid, its esters and alkali salts', { bases: ['OXALIC ACID'], salts: 'alkali', esters: true }],
    ['Nitrocresols and their alkali metal salts', { bases: ['NITROCRESOLS'], salts: 'alkali', esters: false }],
    [
      'Benzyl Violet (CI 42640) and its sodium salt',
      { bases: ['BENZYL VIOLET (CI 42640)', 'BENZYL VIOLET', 'CI 42640'], salts: 'sodium', esters: false },
    ],
    ['Thiourea and its derivatives', { bases: ['THIOUREA'], salts: null, esters: false }],
    ['Mephenesin and its esters', { bases: ['MEPHENESIN'], salts: null, esters: false }],
    ['Dutasteride, its salts and derivatives', { bases: ['DUTASTERIDE'], salts: 'all', esters: false }],
    ['Aniline, its salts and its halogenated and sulfonated derivatives', { bases: ['ANILINE'], salts: 'all', esters: false }],
    ['Pentetrazol, its derivatives and salts', { bases: ['PENTETRAZOL'], salts: 'all', esters: false }],
    [
      'Undecylenic Acid, its salts and Monoethanolamide',
      { bases: ['UNDECYLENIC ACID'], salts: 'all', esters: false, monoethanolamide: true },
    ],
    // "their salts": a list of bases.
    ['Cysteine, Acetylcysteine and their salts', { bases: ['CYSTEINE', 'ACETYLCYSTEINE'], salts: 'all', esters: false }],
    // The base's parenthesised other name is a base too.
    [
      '1,7-Heptanedicarboxylic acid (Azelaic acid), its salts and derivatives',
      {
        bases: ['1,7-HEPTANEDICARBOXYLIC ACID (AZELAIC ACID)', '1,7-HEPTANEDICARBOXYLIC ACID', 'AZELAIC ACID'],
        salts: 'all',
        esters: false,
      },
    ],
    // A parenthesis after the suffix names the base, or is parsed as a group itself …
    [
      "2,2'-[(4-Amino-3-nitrophenyl)imino]bisethanol hydrochloride and its salts (HC Red No. 13)",
      { bases: ["2,2'-[(4-AMINO-3-NITROPHENYL)IMINO]BISETHANOL HYDROCHLORIDE", 'HC RED NO. 13'], salts: 'all', esters: false },
    ],
    [
      '3,5-Dibromo-4-hydroxybenzonitrile and its salts (Bromoxynil and its salts)',
      { bases: ['3,5-DIBROMO-4-HYDROXYBENZONITRILE', 'BROMOXYNIL'], salts: 'all', esters: false },
    ],
    // … unless it qualifies the row.
    ['Neostigmine and its salts (e.g. Neostigmine bromide)', { bases: ['NEOSTIGMINE'], salts: 'all', esters: false }],
    ['Usnic acid and its salts (including copper salt)', { bases: ['USNIC ACID'], salts: 'all', esters: false }],
    [
      '(8-[(4-Amino-2-nitrophenyl)azo]-7-hydroxy-2-naphthyl)trimethylammonium and its salts (except Basic Red 118 present as an impurity in Basic Brown 17)',
      { bases: ['(8-[(4-AMINO-2-NITROPHENYL)AZO]-7-HYDROXY-2-NAPHTHYL)TRIMETHYLAMMONIUM'], salts: 'all', esters: false },
    ],
    // The group inside the parenthesis.
    ['Tretinoin (Retinoic Acid and its salts)', { bases: ['TRETINOIN', 'RETINOIC ACID'], salts: 'all', esters: false }],
    // A parenthesis that is part of the chemical name is not split off.
    [
      'Hydroxypropyl bis(N-hydroxyethyl-p-phenylenediamine) and its salts',
      { bases: ['HYDROXYPROPYL BIS(N-HYDROXYETHYL-P-PHENYLENEDIAMINE)'], salts: 'all', esters: false },
    ],
    // Not groups.
    ['(2-Isopropylpent-4-enoyl)urea (Apronal)', null],
    ['Salicylic Acid', null],
    ['Water-soluble Zinc Salts', null],
    ['Gold salts', null],
    ['Barium salts (except Barium sulfate and Barium salts used as diluents for colour lakes)', null],
    ['Choline salts and their esters (e.g. Choline chloride)', null],
    ['Arachis Hypogaea (Peanut) Oil, Extract and Derivatives', null],
  ])('%p', (name, expected) => {
    expect(parseKrGroup(name, 'en')).toEqual(expected)
  })
})

describe('parseKrGroup: Korean names', () => {
  test.each<[string, KrGroup | null]>([
    ['살리실릭애씨드 및 그 염류', { bases: ['살리실릭애씨드'], salts: 'all', esters: false }],
    ['벤조익애씨드, 그 염류 및 에스텔류', { bases: ['벤조익애씨드'], salts: 'all', esters: true }],
    [
      'p-하이드록시벤조익애씨드, 그 염류 및 에스텔류(다만, 에스텔류 중 페닐은 제외)',
      { bases: ['P-하이드록시벤조익애씨드'], salts: 'all', esters: true },
    ],
    [
      '소르빅애씨드(헥사-2,4-디에노익 애씨드) 및 그 염류',
      { bases: ['소르빅애씨드(헥사-2,4-디에노익 애씨드)', '소르빅애씨드', '헥사-2,4-디에노익 애씨드'], salts: 'all', esters: false },
    ],
    ['옥살락애씨드, 그 에스텔류 및 알칼리 염류', { bases: ['옥살락애씨드'], salts: 'alkali', esters: true }],
    ['니트로크레졸 및 그 알칼리 금속염', { bases: ['니트로크레졸'], salts: 'alkali', esters: false }],
    ['치오우레아 및 그 유도체', { bases: ['치오우레아'], salts: null, esters: false }],
    ['두타스테리드, 그 염류 및 유도체', { bases: ['두타스테리드'], salts: 'all', esters: false }],
    [
      '운데실레닉애씨드 및 그 염류 및 모노에탄올아마이드',
      { bases: ['운데실레닉애씨드'], salts: 'all', esters: false, monoethanolamide: true },
    ],
    ['디브로모헥사미딘 및 그 염류 (이세치오네이트 포함)', { bases: ['디브로모헥사미딘'], salts: 'all', esters: false }],
    ['트레티노인(레티노익애씨드 및 그 염류)', { bases: ['트레티노인', '레티노익애씨드'], salts: 'all', esters: false }],
    [
      '히드록시프로필 비스(N-히드록시에칠-p-페닐렌디아민) 및 그 염류',
      { bases: ['히드록시프로필 비스(N-히드록시에칠-P-페닐렌디아민)'], salts: 'all', esters: false },
    ],
    ['살리실릭애씨드', null],
    ['금염', null],
    ['수용성 징크 염류(징크 4-하이드록시벤젠설포네이트와 징크피리치온 제외)', null],
  ])('%p', (name, expected) => {
    expect(parseKrGroup(name, 'ko')).toEqual(expected)
  })
})

describe('acidSaltNames: INCI salts of an "-IC ACID"', () => {
  test.each<[string, 'all' | 'alkali' | 'sodium', string[], string[]]>([
    [
      'SALICYLIC ACID',
      'all',
      [
        'SODIUM SALICYLATE',
        'CALCIUM SALICYLATE',
        'MAGNESIUM SALICYLATE',
        'POTASSIUM SALICYLATE',
        'TEA-SALICYLATE',
        'MEA-SALICYLATE',
        'ZINC SALICYLATE',
      ],
      ['SALICYLATE'],
    ],
    [
      'BENZOIC ACID',
      'all',
      ['SODIUM BENZOATE', 'AMMONIUM BENZOATE', 'ALUMINUM BENZOATE', 'MEA-BENZOATE'],
      ['BENZYL BENZOATE', 'METHYL BENZOATE'],
    ],
    ['SORBIC ACID', 'all', ['POTASSIUM SORBATE', 'SODIUM SORBATE', 'CALCIUM SORBATE', 'TEA-SORBATE'], ['ISOPROPYL SORBATE']],
    ['ETIDRONIC ACID', 'all', ['DISODIUM ETIDRONATE', 'TETRASODIUM ETIDRONATE', 'TETRAPOTASSIUM ETIDRONATE'], []],
    ['AZELAIC ACID', 'all', ['DISODIUM AZELATE', 'DIPOTASSIUM AZELATE'], []],
    ['TEREPHTHALYLIDENE DICAMPHOR SULFONIC ACID', 'all', ['SODIUM TEREPHTHALYLIDENE DICAMPHOR SULFONATE'], []],
    [
      'OXALIC ACID',
      'alkali',
      ['SODIUM OXALATE', 'DIPOTASSIUM OXALATE', 'DILITHIUM OXALATE'],
      ['CALCIUM OXALATE', 'AMMONIUM OXALATE', 'TEA-OXALATE'],
    ],
    ['BENZOIC ACID', 'sodium', ['SODIUM BENZOATE'], ['POTASSIUM BENZOATE']],
  ])('%p (%p)', (acid, scope, includes, excludes) => {
    const names = acidSaltNames(acid, scope)
    for (const name of includes) expect(names).toContain(name)
    for (const name of excludes) expect(names).not.toContain(name)
  })

  test.each(['NICOTINE', 'O-PHENYLPHENOL', 'HEXAMIDINE', 'RETINOL', 'ACID BLACK 131'])('not an "-IC ACID": %p → none', (base) => {
    expect(acidSaltNames(base, 'all')).toEqual([])
  })
})

describe('euAllowsWithConditions: CosIng restriction pointer', () => {
  test.each<[string | null, boolean]>([
    ['III/215', true],
    ['Annex III/253', true],
    ['V/12', true],
    ['III/98 V/3', true],
    ['VI/7', true],
    ['II/375', false],
    ['II/1249 (hypyridinone and its salts, when used as a substance in hair dye products)', false],
    ['II/22 CMR2', false],
    ['CMR1B', false],
    [null, false],
  ])('%p → %p', (restriction, expected) => {
    expect(euAllowsWithConditions(restriction)).toBe(expected)
  })
})

describe('krKoreanKey', () => {
  test.each([
    ['황산 5-아미노-O-크레솔', '황산5-아미노-O-크레솔'],
    ['로즈 케톤-3', '로즈케톤-3'],
    // Older spellings are kept: mapping them creates no link on the official files.
    ['메칠이소치아졸리논', '메칠이소치아졸리논'],
    ['에칠헥실살리실레이트', '에칠헥실살리실레이트'],
  ])('%p → %p', (key, expected) => {
    expect(krKoreanKey(key)).toBe(expected)
  })
})

// --- linkKrRules on a small catalogue --------------------------------------------------

const CATALOGUE = catalogueOf([
  { id: 1, inci: 'SALICYLIC ACID', korean: '살리실릭애씨드', restriction: 'III/98 V/3' },
  { id: 2, inci: 'SODIUM SALICYLATE', restriction: 'V/3' },
  { id: 3, inci: 'TEA-SALICYLATE', restriction: 'V/3' },
  { id: 4, inci: 'METHYL SALICYLATE' },
  { id: 5, inci: 'BENZOIC ACID', korean: '벤조익애씨드', restriction: 'V/1' },
  { id: 6, inci: 'SODIUM BENZOATE', restriction: 'V/1' },
  { id: 7, inci: 'METHYL BENZOATE', restriction: 'V/1a' },
  { id: 8, inci: 'C12-15 ALKYL BENZOATE' },
  { id: 9, inci: 'BENZYL BENZOATE', restriction: 'III/75' },
  { id: 10, inci: '4-HYDROXYBENZOIC ACID', restriction: 'V/12' },
  { id: 11, inci: 'METHYLPARABEN', korean: '메틸파라벤', restriction: 'V/12' },
  { id: 12, inci: 'SODIUM METHYLPARABEN', restriction: 'V/12' },
  { id: 13, inci: 'ISOBUTYLPARABEN', restriction: 'II/1374' },
  { id: 14, inci: 'PHENYLPARABEN', restriction: 'II/1378' },
  { id: 15, inci: 'RETINOIC ACID', restriction: 'II/375' },
  { id: 16, inci: 'HYDROXYBENZOMORPHOLINE' }, // no EU pointer: only the 별표2 row keeps it from 514
  { id: 17, inci: '4-AMINO-3-NITROPHENOL', restriction: 'III/215' },
  { id: 18, inci: '2-NITRO-P-PHENYLENEDIAMINE', restriction: 'II/1319' },
  { id: 19, inci: 'UREA', korean: '우레아' },
  { id: 20, inci: 'WATER', korean: '정제수' },
  { id: 21, inci: 'TOLUENE-2,5-DIAMINE HYDROCHLORIDE', korean: '염산톨루엔-2,5-디아민' },
])

const RULES = [
  rule(105, '별표2', '살리실릭애씨드 및 그 염류', 'Salicylic Acid and its salts'),
  rule(
    107,
    '별표2',
    'p-하이드록시벤조익애씨드, 그 염류 및 에스텔류(다만, 에스텔류 중 페닐은 제외)',
    'p-Hydroxybenzoic Acid, its salts and esters',
  ),
  rule(120, '별표2', '벤조익애씨드, 그 염류 및 에스텔류', 'Benzoic Acid, its salts and esters'),
  rule(180, '별표2', '티이에이-살리실레이트', 'TEA-Salicylate'),
  rule(191, '별표2', '염산 톨루엔-2,5-디아민', 'Toluene-2,5-Diamine HCl'),
  rule(212, '별표2', '히드록시벤조모르포린', 'Hydroxybenzomorpholine'),
  rule(383, '별표1', '2-니트로-p-페닐렌디아민 및 그 염류', '2-Nitro-p-phenylenediamine and its salts'),
  rule(
    514,
    '별표1',
    '2,3-디하이드로-2H-1,4-벤족사진-6-올 및 그 염류',
    '2,3-Dihydro-2H-1,4-benzoxazin-6-ol and its salts (Hydroxybenzomorpholine)',
  ),
  rule(796, '별표1', '4-아미노-3-니트로페놀 및 그 염류', '4-Amino-3-nitrophenol and its salts'),
  rule(1126, '별표1', '트레티노인(레티노익애씨드 및 그 염류)', 'Tretinoin (Retinoic Acid and its salts)'),
  rule(1197, '별표1', '페닐파라벤', 'Phenylparaben'),
  rule(1300, '별표1', '(2-이소프로필펜트-4-에노일)우레아(아프로날리드)', '(2-Isopropylpent-4-enoyl)urea (Apronal)'),
]

describe('linkKrRules: group rows', () => {
  const links = linkKrRules(CATALOGUE, RULES)
  const { byRule, byIngredient } = linkViews(links)

  test('salts of an acid, named the INCI way; not its esters', () => {
    expect(byRule(105)).toEqual([
      [1, 'group'],
      [2, 'group'],
      [3, 'group'],
    ])
    // TEA-SALICYLATE keeps its own (UV filter) row too.
    expect(byIngredient(3)).toEqual([
      [105, 'group'],
      [180, 'english_name'],
    ])
  })

  test('"its salts and esters": esters only from the explicit table (EU Annex V/1a)', () => {
    expect(byRule(120)).toEqual([
      [5, 'group'],
      [6, 'group'],
      [7, 'group'],
    ])
    expect(byIngredient(8)).toEqual([]) // C12-15 ALKYL BENZOATE
    expect(byIngredient(9)).toEqual([]) // BENZYL BENZOATE
  })

  test('parabens: p- is 4-; every ester "…PARABEN" and its salts (isobutyl- too); not the carved-out phenyl ester', () => {
    expect(byRule(107)).toEqual([
      [10, 'group'],
      [11, 'group'],
      [12, 'group'],
      [13, 'group'],
    ])
    expect(byIngredient(14)).toEqual([[1197, 'english_name']])
  })

  test('a group inside the parenthesis: Tretinoin (Retinoic Acid and its salts)', () => {
    expect(byRule(1126)).toEqual([[15, 'group']])
  })

  test('a prohibited group row does not override a restricted row naming the ingredient', () => {
    expect(byIngredient(16)).toEqual([[212, 'english_name']])
  })

  test('a prohibited group row does not flag what the EU allows with conditions (dropped "다만 … 제외")', () => {
    expect(byRule(796)).toEqual([])
    expect(byRule(383)).toEqual([[18, 'group']])
  })

  test('Korean names compared without spaces when nothing else matched', () => {
    expect(byRule(191)).toEqual([[21, 'korean_name']])
  })

  test('must not link: UREA (Apronal row), WATER', () => {
    expect(byIngredient(19)).toEqual([])
    expect(byIngredient(20)).toEqual([])
  })

  test('ordered by rule id, then ingredient id; each pair once', () => {
    const keys = links.map((l) => `${l.ruleId}:${l.ingredientId}`)
    expect(new Set(keys).size).toBe(keys.length)
    const sorted = [...links].sort((a, b) => a.ruleId - b.ruleId || a.ingredientId - b.ingredientId)
    expect(links).toEqual(sorted)
  })
})
