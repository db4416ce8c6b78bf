/**
 * Group rows followed across markets (src/importer/substance-links.ts): which rows an
 * ingredient reaches through another market's row, and which it must not. Rows written here
 * in our own words (facts only).
 */
import { describe, expect, test } from 'bun:test'
import type { AnnexLink } from '../../src/importer/annex-links.ts'
import type { CnLink } from '../../src/importer/cn-links.ts'
import type { CnRegulatedRow, CnTable } from '../../src/importer/cn-stsc.ts'
import type { AnnexEntry } from '../../src/importer/cosing-annex.ts'
import type { KrLink } from '../../src/importer/kr-links.ts'
import type { KrRule } from '../../src/importer/kr-rules.ts'
import type { Catalogue } from '../../src/importer/merge.ts'
import { exceptionKeys } from '../../src/importer/row-shape.ts'
import { linkThroughSubstances } from '../../src/importer/substance-links.ts'
import { rule } from '../helpers/kr-catalogue.ts'

const entry = (
  id: number,
  annex: AnnexEntry['annex'],
  chemicalName: string,
  cas: string[] = [],
  identified: string[] = [],
): AnnexEntry => ({
  id,
  annex,
  referenceNumber: String(id % 100_000),
  chemicalName,
  glossaryName: null,
  casNumbers: cas,
  ecNumbers: [],
  productType: null,
  maxConcentration: null,
  other: null,
  conditions: null,
  colour: null,
  regulation: null,
  cmr: null,
  updateDate: null,
  identifiedIngredients: identified,
})
const cnRow = (id: number, table: CnTable, cnName: string, enName: string, cas: string[] = []): CnRegulatedRow =>
  ({
    id,
    table,
    serial: String(id % 1000),
    cnName,
    enName,
    inciName: null,
    names: [],
    casNumbers: cas,
    ecNumbers: [],
  }) as unknown as CnRegulatedRow

interface Case {
  ingredients?: { id: number; name: string; restriction?: string; korean?: string; cas?: string[] }[]
  entries?: AnnexEntry[]
  rules?: KrRule[]
  cn?: CnRegulatedRow[]
  annexLinks?: AnnexLink[]
  krLinks?: KrLink[]
  cnLinks?: CnLink[]
}

function run(c: Case) {
  const ingredients = c.ingredients ?? []
  const catalogue = {
    ingredients: ingredients.map((i) => ({ id: i.id, inciName: i.name, cosingRestriction: i.restriction ?? null })),
    names: ingredients.flatMap((i) => [
      { ingredientId: i.id, key: i.name.toUpperCase() },
      ...(i.korean ? [{ ingredientId: i.id, key: i.korean }] : []),
    ]),
    cas: ingredients.flatMap((i) => (i.cas ?? []).map((value) => ({ ingredientId: i.id, value }))),
  } as unknown as Pick<Catalogue, 'ingredients' | 'names' | 'cas'>
  return linkThroughSubstances({
    catalogue,
    entries: c.entries ?? [],
    rules: c.rules ?? [],
    cnRows: c.cn ?? [],
    annexLinks: c.annexLinks ?? [],
    krLinks: c.krLinks ?? [],
    cnLinks: c.cnLinks ?? [],
    substances: [],
  })
}

const LEAD = {
  ingredients: [{ id: 1, name: 'LEAD ACETATE', restriction: 'II/289' }],
  entries: [entry(200_289, 'II', 'Lead and its compounds', ['7439-92-1'], ['LEAD ACETATE'])],
  rules: [rule(80, '별표1', '납 및 그 화합물', 'Lead and its compounds')],
  cn: [cnRow(1_000_859, 'prohibited', '铅及其化合物', 'Lead (CAS No.7439-92-1) and its compounds', ['7439-92-1'])],
  annexLinks: [{ ingredientId: 1, entryId: 200_289, matchedBy: 'identified_ingredient' as const }],
}

describe('a member of an EU group reaches the Korean and Chinese rows of the same group', () => {
  test('LEAD ACETATE in "Lead and its compounds" → 별표1 납 및 그 화합물 and STSC 表2 铅及其化合物', () => {
    const out = run(LEAD)
    expect(out.kr).toEqual([{ ingredientId: 1, ruleId: 80, matchedBy: 'substance' }])
    expect(out.cn.map((l) => [l.ingredientId, l.targetId, l.rule])).toEqual([[1, 1_000_859, 'substance']])
    expect(out.cn[0]!.matchedName).toContain('EU Annex II/289')
  })

  test('a link CosIng gives only by its restriction pointer is not followed (pointers name moved positions)', () => {
    const out = run({ ...LEAD, annexLinks: [{ ingredientId: 1, entryId: 200_289, matchedBy: 'cosing_restriction' }] })
    expect(out.kr).toEqual([])
    expect(out.cn).toEqual([])
  })

  test('an ingredient whose CosIng pointer carries a condition is not followed ("II/289 if …")', () => {
    const out = run({ ...LEAD, ingredients: [{ id: 1, name: 'LEAD ACETATE', restriction: 'II/289 if free lead is present' }] })
    expect(out.kr).toEqual([])
    expect(out.cn).toEqual([])
  })

  test('a row already linked is not linked twice', () => {
    const out = run({ ...LEAD, krLinks: [{ ingredientId: 1, ruleId: 80, matchedBy: 'english_name' }] })
    expect(out.kr).toEqual([])
  })

  test('"X and its compounds" holds a single substance sharing its base by CAS RN', () => {
    const out = run({
      ingredients: [{ id: 2, name: 'MERCURY' }],
      entries: [entry(200_900, 'II', 'Mercury', ['7439-97-6'], ['MERCURY'])],
      cn: [cnRow(1_000_888, 'prohibited', '汞及其化合物', 'Mercury (CAS No.7439-97-6) and its compounds', ['7439-97-6'])],
      annexLinks: [{ ingredientId: 2, entryId: 200_900, matchedBy: 'identified_ingredient' }],
    })
    expect(out.cn.map((l) => l.targetId)).toEqual([1_000_888])
  })
})

describe('a row naming one substance holds that substance only', () => {
  const SALICYLATES = {
    ingredients: [
      { id: 3, name: 'SODIUM SALICYLATE', cas: ['54-21-7'] },
      { id: 9, name: 'SALICYLIC ACID', cas: ['69-72-7'] },
    ],
    entries: [entry(500_003, 'V', 'Salicylic acid and its salts', ['69-72-7'], ['SODIUM SALICYLATE', 'SALICYLIC ACID'])],
    cn: [cnRow(3_000_100, 'restricted', '水杨酸', 'Salicylic acid', ['69-72-7'])],
    annexLinks: [
      { ingredientId: 3, entryId: 500_003, matchedBy: 'identified_ingredient' as const },
      { ingredientId: 9, entryId: 500_003, matchedBy: 'identified_ingredient' as const },
    ],
  }
  test('the acid of "Salicylic acid and its salts" reaches the row of the acid; its salt does not', () => {
    expect(run(SALICYLATES).cn.map((l) => l.ingredientId)).toEqual([9])
  })

  test('the same wording, one substance: IODINE reaches the Korean row 요오드, PVP-IODINE (listed by CosIng under "Iodine") does not', () => {
    const out = run({
      ingredients: [
        { id: 10, name: 'IODINE', cas: ['7553-56-2'] },
        { id: 11, name: 'PVP-IODINE', cas: ['25655-41-8'] },
      ],
      entries: [entry(200_213, 'II', 'Iodine', ['7553-56-2'], ['IODINE', 'PVP-IODINE', 'MEA-IODINE'])],
      rules: [rule(935, '별표1', '요오드', 'Iodine')],
      annexLinks: [
        { ingredientId: 10, entryId: 200_213, matchedBy: 'identified_ingredient' },
        { ingredientId: 11, entryId: 200_213, matchedBy: 'identified_ingredient' },
      ],
    })
    expect(out.kr.map((l) => l.ingredientId)).toEqual([10])
  })
})

describe('what a group row must not reach', () => {
  test('a salt of an "its salts" group is not the acid itself: no link to a row of the acid alone', () => {
    const out = run({
      ingredients: [{ id: 3, name: 'SODIUM SALICYLATE' }],
      entries: [entry(500_003, 'V', 'Salicylic acid and its salts', ['69-72-7'], ['SODIUM SALICYLATE', 'SALICYLIC ACID'])],
      rules: [rule(105, '별표2', '살리실릭애씨드', 'Salicylic Acid')],
      cn: [cnRow(3_000_100, 'restricted', '水杨酸', 'Salicylic acid', ['69-72-7'])],
      annexLinks: [{ ingredientId: 3, entryId: 500_003, matchedBy: 'identified_ingredient' }],
    })
    expect(out.kr).toEqual([])
    expect(out.cn).toEqual([])
  })

  test('a prohibition never reaches an ingredient the EU allows with conditions (group exceptions are dropped by the lists)', () => {
    const out = run({
      ingredients: [{ id: 4, name: 'PHENYL MERCURIC ACETATE' }],
      entries: [
        entry(200_221, 'II', 'Mercury and its compounds', ['7439-97-6'], ['PHENYL MERCURIC ACETATE']),
        entry(500_017, 'V', 'Phenylmercuric salts (including borate)', [], ['PHENYL MERCURIC ACETATE']),
      ],
      rules: [rule(81, '별표1', '수은 및 그 화합물', 'Mercury and its compounds')],
      annexLinks: [{ ingredientId: 4, entryId: 500_017, matchedBy: 'identified_ingredient' }],
      krLinks: [],
    })
    expect(out.kr).toEqual([])
  })

  test('an Annex III row beside an Annex II group row is the exception: no prohibition reaches the ingredient', () => {
    const out = run({
      ingredients: [{ id: 12, name: 'HYDROXYANTHRAQUINONEAMINOPROPYL METHYL MORPHOLINIUM METHOSULFATE' }],
      entries: [
        entry(
          200_344,
          'II',
          'Morpholine and its salts',
          ['110-91-8'],
          ['HYDROXYANTHRAQUINONEAMINOPROPYL METHYL MORPHOLINIUM METHOSULFATE'],
        ),
        entry(300_293, 'III', 'Hydroxyanthraquinoneaminopropyl methyl morpholinium methosulfate', [], []),
      ],
      rules: [rule(624, '별표1', '모르포린 및 그 염류', 'Morpholine and its salts')],
      annexLinks: [
        { ingredientId: 12, entryId: 200_344, matchedBy: 'identified_ingredient' },
        { ingredientId: 12, entryId: 300_293, matchedBy: 'name' },
      ],
    })
    expect(out.kr).toEqual([])
  })

  test('an ingredient named by another list of the same market keeps that specific row only', () => {
    const out = run({
      ...LEAD,
      rules: [...LEAD.rules, rule(500, '별표2', '아세트산납', 'Lead acetate')],
      krLinks: [{ ingredientId: 1, ruleId: 500, matchedBy: 'english_name' }],
    })
    expect(out.kr).toEqual([])
  })

  test('an ingredient the row’s exception clause names is left out (셀렌 및 그 화합물, selenium aspartate excepted)', () => {
    const out = run({
      ingredients: [
        { id: 5, name: 'SELENIUM ASPARTATE', korean: '셀레늄아스파테이트' },
        { id: 6, name: 'SODIUM SELENATE' },
      ],
      entries: [entry(200_297, 'II', 'Selenium and its compounds', ['7782-49-2'], ['SELENIUM ASPARTATE', 'SODIUM SELENATE'])],
      rules: [rule(90, '별표1', '셀렌 및 그 화합물(셀레늄아스파테이트는 제외)', 'Selenium and its compounds (except Selenium Aspartate)')],
      annexLinks: [
        { ingredientId: 5, entryId: 200_297, matchedBy: 'identified_ingredient' },
        { ingredientId: 6, entryId: 200_297, matchedBy: 'identified_ingredient' },
      ],
    })
    expect(out.kr.map((l) => l.ingredientId)).toEqual([6])
  })

  test('a row that applies only in some cases is never followed ("except for normal content in natural essences")', () => {
    const out = run({
      ingredients: [{ id: 7, name: 'CITRUS GRANDIS PEEL EXTRACT' }],
      entries: [
        entry(200_358, 'II', 'Furocoumarines except for normal content in natural essences used', [], ['CITRUS GRANDIS PEEL EXTRACT']),
      ],
      cn: [cnRow(1_000_666, 'prohibited', '呋喃香豆素类', 'Furocoumarines')],
      annexLinks: [{ ingredientId: 7, entryId: 200_358, matchedBy: 'identified_ingredient' }],
    })
    expect(out.cn).toEqual([])
  })

  test('a CAS slip in CosIng (675-09-2 filed under dichloromethane, 75-09-2) is not followed; a salt with its own CAS RN is', () => {
    const out = run({
      ingredients: [
        { id: 13, name: '4,6-DIMETHYL-PYRAN-2-ONE', cas: ['675-09-2'] },
        { id: 14, name: 'PRAMOXINE HCL', cas: ['637-58-1'] },
      ],
      entries: [
        entry(201_389, 'II', 'Dichloromethane; methylene chloride', ['75-09-2'], ['4,6-DIMETHYL-PYRAN-2-ONE']),
        entry(200_405, 'II', 'Pramocaine (INN)', ['140-65-8'], ['PRAMOXINE HCL']),
      ],
      cn: [
        cnRow(1_001_271, 'prohibited', '二氯甲烷', 'Dichloromethane; methylene chloride (CAS No.75-09-2)', ['75-09-2']),
        cnRow(1_001_062, 'prohibited', '普莫卡因', 'Pramocaine (CAS No.140-65-8)', ['140-65-8']),
      ],
      annexLinks: [
        { ingredientId: 13, entryId: 201_389, matchedBy: 'identified_ingredient' },
        { ingredientId: 14, entryId: 200_405, matchedBy: 'identified_ingredient' },
      ],
    })
    expect(out.cn.map((l) => [l.ingredientId, l.targetId])).toEqual([[14, 1_001_062]])
  })

  test('an entry naming several substances is no single substance: its CAS RNs do not make a member of each', () => {
    const out = run({
      ingredients: [{ id: 8, name: 'THIRAM' }],
      entries: [entry(200_162, 'II', 'Disulfiram (INN); thiram (ISO)', ['97-77-8', '137-26-8'], ['THIRAM'])],
      cn: [cnRow(1_000_582, 'prohibited', '双硫仑', 'Disulfiram (CAS No.97-77-8)', ['97-77-8'])],
      annexLinks: [{ ingredientId: 8, entryId: 200_162, matchedBy: 'identified_ingredient' }],
    })
    expect(out.cn).toEqual([])
  })
})

describe('exceptionKeys', () => {
  test.each([
    ['Selenium and its compounds (except Selenium Aspartate)', ['SELENIUMASPARTATE']],
    ['수용성 징크 염류(징크 4-하이드록시벤젠설포네이트와 징크피리치온 제외)', ['징크4하이드록시벤젠설포네이트', '징크피리치온']],
    ['Selenium and its compounds with the exception of selenium disulphide under the conditions of Annex III', ['SELENIUMDISULPHIDE']],
    [
      'Water-soluble zinc salts with the exception of zinc 4-hydroxybenzenesulphonate (entry 25) and zinc pyrithione (entry 101)',
      ['ZINC4HYDROXYBENZENESULPHONATE', 'ZINCPYRITHIONE'],
    ],
    ['Barium salts, with exception of barium sulphate, and of barium sulphide', ['BARIUMSULPHATE', 'BARIUMSULPHIDE']],
    ['Lead and its compounds', []],
  ])('%p → %p', (text, keys) => {
    expect([...exceptionKeys([text])]).toEqual(keys)
  })
})
