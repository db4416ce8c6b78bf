/**
 * Linking Korean rows that list several substances ("Formic Acid and Sodium Formate",
 * "Chlorhexidine, its Digluconate, …") or one substance with its other names: rule 4 of
 * `linkKrRules` (src/importer/kr-links.ts, kr-lists.ts). Row names are real rows of the transcription
 * (SOURCES.md §4).
 */
import { describe, expect, test } from 'bun:test'
import { linkKrRules } from '../../src/importer/kr-links.ts'
import { krListNames } from '../../src/importer/kr-lists.ts'
import { catalogueOf, linkViews, rule } from '../helpers/kr-catalogue.ts'

describe('krListNames: English names', () => {
  test.each<[string, string[][]]>([
    ['Formic Acid and Sodium Formate', [['FORMIC ACID'], ['SODIUM FORMATE']]],
    ['Methylchloroisothiazolinone and Methylisothiazolinone', [['METHYLCHLOROISOTHIAZOLINONE'], ['METHYLISOTHIAZOLINONE']]],
    ['Potassium Hydroxide or Sodium Hydroxide', [['POTASSIUM HYDROXIDE'], ['SODIUM HYDROXIDE']]],
    ['Hydrogen Peroxide, Sodium Percarbonate', [['HYDROGEN PEROXIDE'], ['SODIUM PERCARBONATE']]],
    ['Hydrogen Peroxide and peroxide-releasing substances', [['HYDROGEN PEROXIDE'], ['PEROXIDE-RELEASING SUBSTANCES']]],
    [
      'Sodium Persulfate, Ammonium Persulfate, Potassium Persulfate',
      [['SODIUM PERSULFATE'], ['AMMONIUM PERSULFATE'], ['POTASSIUM PERSULFATE']],
    ],
    ['Cetrimonium Chloride, Steartrimonium Chloride', [['CETRIMONIUM CHLORIDE'], ['STEARTRIMONIUM CHLORIDE']]],
    ['Coal tar and refined coal tar', [['COAL TAR'], ['REFINED COAL TAR']]],
    // "its X" and the single words after it: forms of the first substance.
    [
      'Chlorhexidine, its Digluconate, Diacetate and Dihydrochloride',
      [['CHLORHEXIDINE'], ['CHLORHEXIDINE DIGLUCONATE'], ['CHLORHEXIDINE DIACETATE'], ['CHLORHEXIDINE DIHYDROCHLORIDE']],
    ],
    [
      'Oxyquinoline (8-Hydroxyquinoline or Quinolin-8-ol) and its sulfate',
      [
        ['OXYQUINOLINE (8-HYDROXYQUINOLINE OR QUINOLIN-8-OL)', 'OXYQUINOLINE', '8-HYDROXYQUINOLINE', 'QUINOLIN-8-OL'],
        ['OXYQUINOLINE SULFATE'],
      ],
    ],
    // Anion words share the first part's head; numbers its "-N" stem.
    [
      'Benzalkonium Chloride, Bromide and Saccharinate',
      [['BENZALKONIUM CHLORIDE'], ['BENZALKONIUM BROMIDE'], ['BENZALKONIUM SACCHARINATE']],
    ],
    ['Laureth-8, 9 and 10', [['LAURETH-8'], ['LAURETH-9'], ['LAURETH-10']]],
    // Parentheses: the other names of a part (not split on " and " inside them).
    [
      'Ergocalciferol and Cholecalciferol (Vitamin D2 and D3)',
      [['ERGOCALCIFEROL'], ['CHOLECALCIFEROL (VITAMIN D2 AND D3)', 'CHOLECALCIFEROL', 'VITAMIN D2 AND D3']],
    ],
    [
      'Formaldehyde and p-Formaldehyde (Paraformaldehyde)',
      [['FORMALDEHYDE'], ['P-FORMALDEHYDE (PARAFORMALDEHYDE)', 'P-FORMALDEHYDE', 'PARAFORMALDEHYDE']],
    ],
    // One substance and its other names; locant commas stay.
    [
      "2,2'-Dihydroxy-3,3',5,5',6,6'-hexachlorodiphenylmethane (Hexachlorophene)",
      [
        [
          "2,2'-DIHYDROXY-3,3',5,5',6,6'-HEXACHLORODIPHENYLMETHANE (HEXACHLOROPHENE)",
          "2,2'-DIHYDROXY-3,3',5,5',6,6'-HEXACHLORODIPHENYLMETHANE",
          'HEXACHLOROPHENE',
        ],
      ],
    ],
    [
      'Phenolphthalein (3,3-Bis(4-hydroxyphenyl)phthalide)',
      [['PHENOLPHTHALEIN (3,3-BIS(4-HYDROXYPHENYL)PHTHALIDE)', 'PHENOLPHTHALEIN', '3,3-BIS(4-HYDROXYPHENYL)PHTHALIDE']],
    ],
    [
      'Ethoxyethanol acetate (2-Ethoxyethyl acetate)',
      [['ETHOXYETHANOL ACETATE (2-ETHOXYETHYL ACETATE)', 'ETHOXYETHANOL ACETATE', '2-ETHOXYETHYL ACETATE']],
    ],
    [
      '4-Methoxyphenol (Hydroquinone Monomethyl Ether or p-Hydroxyanisole)',
      [
        [
          '4-METHOXYPHENOL (HYDROQUINONE MONOMETHYL ETHER OR P-HYDROXYANISOLE)',
          '4-METHOXYPHENOL',
          'HYDROQUINONE MONOMETHYL ETHER',
          'P-HYDROXYANISOLE',
        ],
      ],
    ],
    [
      'Phthalates (limited to Dibutyl phthalate, Diethylhexyl phthalate, Butylbenzyl phthalate)',
      [
        [
          'PHTHALATES (LIMITED TO DIBUTYL PHTHALATE, DIETHYLHEXYL PHTHALATE, BUTYLBENZYL PHTHALATE)',
          'PHTHALATES',
          'DIBUTYL PHTHALATE',
          'DIETHYLHEXYL PHTHALATE',
          'BUTYLBENZYL PHTHALATE',
        ],
      ],
    ],
    ['1-Bromopropane; n-Propyl bromide', [['1-BROMOPROPANE'], ['N-PROPYL BROMIDE']]],
    // Short tokens and common words are never candidates.
    ['Dinocap (ISO)', [['DINOCAP (ISO)', 'DINOCAP']]],
  ])('%p', (name, expected) => {
    expect(krListNames(name, 'en')).toEqual(expected)
  })

  test.each([
    // A single name: rules 1–2 only.
    'Methylisothiazolinone',
    'Urea',
    // Group rows: rule 3.
    'Salicylic Acid and its salts',
    'Cysteine, Acetylcysteine and their salts',
    'Trialkylamines, Trialkanolamines and their salts',
    // Descriptions, not lists.
    'Reaction product of acetophenone, formaldehyde, cyclohexylamine, methanol and acetic acid',
    'Reaction product of tetrakis-hydroxymethylphosphonium chloride, urea and distilled hydrogenated C16-18 tallow alkylamine (UVCB condensate)',
    'Oil and extracts of Abies balsamea leaves with a peroxide value exceeding 10 mmol/L',
    'Terpenes and terpenoids with a peroxide value exceeding 10 mmol/L (except limonene)',
    'Monoalkylamines, monoalkanolamines and their salts containing more than 0.5% secondary amines',
    'Bovine-derived ingredients originating from the UK and Northern Ireland',
    'Diphenyl ether; octabromo derivative',
    'Dinitrotoluene, technical grade',
    'Platonin, Quaternium-73, Quaternium-51, etc.',
    // A qualifying parenthesis.
    'Selenium and its compounds (except Selenium Aspartate)',
    'Antihistamines (e.g. Doxylamine, Diphenylpyraline, Diphenhydramine)',
    'Dichloroethylene (Acetylene chloride) (e.g. Vinylidene chloride)',
    'Diethylene Glycol (except as a non-intentional residue at 0.1% or less)',
    // A common word as a part: " and " is not split.
    'Myroxylon Pereirae (Balsam Peru) Extracts and Distillates',
    // Commas of chemical names.
    'alpha,alpha,alpha-Trichlorotoluene',
    "PEG-3,2',2'-di-p-phenylenediamine",
    'Phenol, 2-methoxy-4-(2-propenyl)-, acetate',
    '1,2-Hexanediol',
  ])('%p is not a list', (name) => {
    expect(krListNames(name, 'en')).toEqual([])
  })
})

describe('krListNames: Korean names', () => {
  test.each<[string, string[][]]>([
    ['포믹애씨드 및 소듐포메이트', [['포믹애씨드'], ['소듐포메이트']]],
    ['포타슘하이드록사이드 또는 소듐하이드록사이드', [['포타슘하이드록사이드'], ['소듐하이드록사이드']]],
    ['과황산나트륨, 과황산암모늄, 과황산칼륨', [['과황산나트륨'], ['과황산암모늄'], ['과황산칼륨']]],
    ['세트리모늄 클로라이드, 스테아트리모늄 클로라이드', [['세트리모늄 클로라이드'], ['스테아트리모늄 클로라이드']]],
    [
      '클렉시딘, 그 디글루코네이트, 디아세테이트 및 디하이드로클로라이드',
      [['클렉시딘'], ['클렉시딘디글루코네이트'], ['클렉시딘디아세테이트'], ['클렉시딘디하이드로클로라이드']],
    ],
    [
      '2-브로모-2-나이트로프로판-1,3-디올(브로노폴)',
      [['2-브로모-2-나이트로프로판-1,3-디올(브로노폴)', '2-브로모-2-나이트로프로판-1,3-디올', '브로노폴']],
    ],
  ])('%p', (name, expected) => {
    expect(krListNames(name, 'ko')).toEqual(expected)
  })

  test.each([
    '메칠이소치아졸리논',
    '살리실릭애씨드 및 그 염류',
    '아세토페논, 포름알데히드, 사이클로헥실아민, 메탄올 및 초산의 반응물',
    '메칠클로로이소치아졸리논과 메칠이소치아졸리논 혼합물(염화마그네슘과 질산마그네슘 포함)',
    '감광소 101호(플라토닌), 감광소 201호(쿼터늄-73), 기타의 감광소 의 합계량',
    '알킬(C₁₂-C₂₂)트리메칠암모늄 브로마이드 및 클로라이드(브롬화세트리모늄 포함)',
    '영국 및 북아일랜드산 소 유래 성분',
  ])('%p is not a list', (name) => {
    expect(krListNames(name, 'ko')).toEqual([])
  })
})

// --- linkKrRules on a small catalogue --------------------------------------------------

const CATALOGUE = catalogueOf([
  { id: 1, inci: 'FORMIC ACID', korean: '포믹애씨드', restriction: 'V/14' },
  { id: 2, inci: 'SODIUM FORMATE', korean: '소듐포메이트', restriction: 'V/14' },
  { id: 3, inci: 'CHLORHEXIDINE', restriction: 'V/42' },
  { id: 4, inci: 'CHLORHEXIDINE DIGLUCONATE', restriction: 'V/42' },
  { id: 5, inci: 'CHLORHEXIDINE DIUNDECYLENATE' },
  { id: 6, inci: 'FORMALDEHYDE', korean: '포름알데하이드', restriction: 'II/1577' },
  { id: 7, inci: 'HEXACHLOROPHENE', restriction: 'II/371' },
  { id: 8, inci: 'P-HYDROXYANISOLE', restriction: 'III/95' },
  { id: 9, inci: 'METHANOL', korean: '메탄올' },
  { id: 10, inci: 'UREA', korean: '우레아' },
  { id: 11, inci: 'WATER', korean: '정제수' },
  { id: 12, inci: 'DIPHENYL ETHER' },
  { id: 13, inci: 'ACETOPHENONE', korean: '아세토페논' },
  { id: 14, inci: 'METHYLISOTHIAZOLINONE', korean: '메칠이소치아졸리논', restriction: 'V/57 V/39' },
  { id: 15, inci: 'METHYLCHLOROISOTHIAZOLINONE', restriction: 'V/39' },
])

const RULES = [
  rule(24, '별표2', '메칠이소치아졸리논', 'Methylisothiazolinone'),
  rule(
    116,
    '별표2',
    '메칠클로로이소치아졸리논과 메칠이소치아졸리논 혼합물(염화마그네슘과 질산마그네슘 포함)',
    'Methylchloroisothiazolinone and Methylisothiazolinone',
  ),
  rule(
    147,
    '별표2',
    '클렉시딘, 그 디글루코네이트, 디아세테이트 및 디하이드로클로라이드',
    'Chlorhexidine, its Digluconate, Diacetate and Dihydrochloride',
  ),
  rule(152, '별표2', '포믹애씨드 및 소듐포메이트', 'Formic Acid and Sodium Formate'),
  // Made up: a 별표2 row naming FORMALDEHYDE keeps it off the 별표1 list row.
  rule(500, '별표2', '포름알데하이드', null),
  rule(509, '별표1', '디페닐에텔; 옥타브로모 유도체', 'Diphenyl ether; octabromo derivative'),
  rule(
    524,
    '별표1',
    "2,2'-디히드록시-3,3'5,5',6,6'-헥사클로로디페닐메탄(헥사클로로펜)",
    "2,2'-Dihydroxy-3,3',5,5',6,6'-hexachlorodiphenylmethane (Hexachlorophene)",
  ),
  rule(
    606,
    '별표1',
    '4-메톡시페놀(히드로퀴논모노메칠에텔 또는 p-히드록시아니솔)',
    '4-Methoxyphenol (Hydroquinone Monomethyl Ether or p-Hydroxyanisole)',
  ),
  rule(
    836,
    '별표1',
    '아세토페논, 포름알데히드, 사이클로헥실아민, 메탄올 및 초산의 반응물',
    'Reaction product of acetophenone, formaldehyde, cyclohexylamine, methanol and acetic acid',
  ),
  rule(
    1096,
    '별표1',
    '테트라키스-하이드록시메칠포스포늄 클로라이드, 우레아 및 증류된 수소화 C16-18 탈로우 알킬아민의 반응생성물(UVCB 축합물)',
    'Reaction product of tetrakis-hydroxymethylphosphonium chloride, urea and distilled hydrogenated C16-18 tallow alkylamine (UVCB condensate)',
  ),
  rule(1216, '별표1', '포름알데하이드 및 p-포름알데하이드', 'Formaldehyde and p-Formaldehyde (Paraformaldehyde)'),
]

describe('linkKrRules: list rows', () => {
  const links = linkKrRules(CATALOGUE, RULES)
  const { byRule, byIngredient } = linkViews(links)

  test('each listed substance, by the language that names it (Korean first)', () => {
    expect(byRule(152)).toEqual([
      [1, 'korean_name'],
      [2, 'korean_name'],
    ])
    expect(byRule(116)).toEqual([
      [14, 'english_name'],
      [15, 'english_name'],
    ])
    // MIT keeps its own row too.
    expect(byIngredient(14)).toEqual([
      [24, 'korean_name'],
      [116, 'english_name'],
    ])
  })

  test('"its Digluconate …": only the named salts that are ingredients', () => {
    expect(byRule(147)).toEqual([
      [3, 'english_name'],
      [4, 'english_name'],
    ])
    expect(byIngredient(5)).toEqual([])
  })

  test('one substance with its other names', () => {
    expect(byRule(524)).toEqual([[7, 'english_name']])
  })

  test('safeguards of group rows: the other list, and what the EU allows with conditions', () => {
    // A 별표2 row names FORMALDEHYDE: the 별표1 row does not take it by rule 4.
    expect(byIngredient(6)).toEqual([[500, 'korean_name']])
    expect(byRule(1216)).toEqual([])
    // P-HYDROXYANISOLE is EU Annex III/95: the 별표1 row stays unlinked.
    expect(byRule(606)).toEqual([])
  })

  test('descriptions are no lists: reaction products, "octabromo derivative"', () => {
    expect(byRule(836)).toEqual([])
    expect(byRule(1096)).toEqual([])
    expect(byRule(509)).toEqual([])
    expect(byIngredient(9)).toEqual([]) // METHANOL
    expect(byIngredient(10)).toEqual([]) // UREA
    expect(byIngredient(11)).toEqual([]) // WATER: a common word, never a part
    expect(byIngredient(13)).toEqual([]) // ACETOPHENONE
  })

  test('ordered by rule id, then ingredient id; each pair once', () => {
    const keys = links.map((l) => `${l.ruleId}:${l.ingredientId}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(links).toEqual([...links].sort((a, b) => a.ruleId - b.ruleId || a.ingredientId - b.ingredientId))
  })
})
