/**
 * The Chinese readers and CosIng 2026 on the sample (and inline rows for the edge cases):
 * what a user later sees as cn_inventory / cn_status comes from here.
 */
import { describe, expect, test } from 'bun:test'
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseIecic2021, parseIecicRevised } from '../../../src/importer/cn-iecic.ts'
import { mergeCnInventory } from '../../../src/importer/cn-inventory.ts'
import { type CnNameRule, chineseNameKey, inciJoinKeys } from '../../../src/importer/cn-names.ts'
import { readCnSources } from '../../../src/importer/cn-sources.ts'
import { CN_STSC_NOTE, parseCnTable } from '../../../src/importer/cn-stsc.ts'
import { diffCosingNames, parseCosing2026 } from '../../../src/importer/cosing-2026.ts'
import { ImportError } from '../../../src/importer/import-error.ts'
import { importDatabase } from '../../../src/importer/index.ts'
import { locateSources } from '../../../src/importer/locate-sources.ts'
import { readSourceText } from '../../../src/importer/source-text.ts'

const SAMPLE = join(import.meta.dir, '../../../data/sample')
const sources = (async () => readCnSources(await locateSources(SAMPLE), async (p) => (await readSourceText(p)).text))()

describe('IECIC 2021', () => {
  const head = 'serial,cn_name,inci_or_en_name,max_hist_rinse_off_pct,max_hist_leave_on_pct,remark\n'
  test('historical use: a number (1e-06 too), "/" = not applicable, empty = no data; bad cells counted', () => {
    const { rows, stats } = parseIecic2021(`${head}1,甘油,GLYCERIN,/,1e-06,\n2,水,,,,\n3,x,X,abc,5,\n3,dup,DUP,,,\n,无序号,Y,,,\n`, 'f.csv')
    expect(rows.map((r) => [r.serial, r.maxRinseOff, r.maxLeaveOn])).toEqual([
      [1, { kind: 'not_applicable' }, { kind: 'percent', value: 0.000001 }],
      [2, { kind: 'no_data' }, { kind: 'no_data' }],
      [3, { kind: 'no_data' }, { kind: 'percent', value: 5 }],
    ])
    expect(stats).toMatchObject({ rowsRead: 5, rowsUsed: 3, rowsRejected: 2, sourceDate: '2021-04-30' })
    expect(stats.rejectReasons).toEqual({ inci_name_missing: 1, historical_use_unreadable: 1, serial_duplicate: 1, serial_invalid: 1 })
  })

  test('a file with another header is an ImportError naming the file', () => {
    expect(() => parseIecic2021('a,b\n1,2\n', 'cn_nmpa_iecic_2021.csv')).toThrow(ImportError)
    expect(() => parseIecic2021('serial,cn_name\n1,2\n', 'cn_nmpa_iecic_2021.csv')).toThrow(
      /^cn_nmpa_iecic_2021\.csv: expected the columns "inci_or_en_name", "max_hist_rinse_off_pct", "max_hist_leave_on_pct", "remark" in the header/,
    )
  })
})

describe('IECIC merged with the 2025 compilation', () => {
  test('the sample: GLYCERIN (甘油) and NIACINAMIDE (烟酰胺) listed with their serials and historical use', async () => {
    const { inventory } = await sources
    const g = inventory.find((e) => e.inciName === 'GLYCERIN')!
    expect([g.serial, g.cnName, g.catalog, g.in2021, g.inRevised]).toEqual([2421, '甘油', 'I', true, true])
    expect([g.maxRinseOff, g.maxLeaveOn]).toEqual([
      { kind: 'percent', value: 98.525 },
      { kind: 'percent', value: 62.1 },
    ])
    const n = inventory.find((e) => e.cnName === '烟酰胺')!
    expect([n.serial, n.inciName, n.maxLeaveOn.kind]).toEqual([7359, 'NIACINAMIDE', 'no_data'])
  })

  test('former names of 2025 become names of the entry (番茄（SOLANUM LYCOPERSICUM）提取物), remarks are read (甲醛: prohibited)', async () => {
    const { inventory } = await sources
    const tomato = inventory.find((e) => e.serial === 2278)!
    expect(tomato.names).toEqual([
      { name: '番茄（LYCOPERSICON ESCULENTUM）提取物', kind: 'cn_name' },
      { name: 'LYCOPERSICON ESCULENTUM EXTRACT', kind: 'inci' },
      { name: '番茄（SOLANUM LYCOPERSICUM）提取物', kind: 'former_cn_name' },
      { name: 'SOLANUM LYCOPERSICUM (TOMATO) EXTRACT', kind: 'former_inci' },
    ])
    // A former name that differs only by a space is the same key, not a second name.
    expect(inventory.find((e) => e.inciName === 'ASCORBIC ACID')!.names.filter((n) => n.kind === 'former_cn_name')).toEqual([])
    expect(inventory.find((e) => e.inciName === 'FORMALDEHYDE')!.remarkFlag).toBe('prohibited')
  })

  test('a serial reused for an added substance keeps both (6014 神经酰胺 EOP of 2021, 神经酰胺 NG of 2025)', () => {
    const a = parseIecic2021(
      'serial,cn_name,inci_or_en_name,max_hist_rinse_off_pct,max_hist_leave_on_pct,remark\n6014,神经酰胺 EOP,CERAMIDE EOP,,0.08,\n7,甲,A,,,\n',
      'a',
    )
    const b = parseIecicRevised(
      'catalog,serial,cn_name,inci_or_en_name,remark,former_cn_name,former_inci_or_alias,adjust_date,adjust_field\n' +
        '目录Ⅰ,6014,神经酰胺 NG,CERAMIDE NG,,,,2025-10-20,新增\n目录Ⅰ,7,甲二,A2,,,,2025-06-23,中文名称\n目录Ⅱ,1,乙,B,,,N-B,2025-06-23,新增\n新原料,,丙,,,,,,\n',
      'b',
    )
    const { entries, merge } = mergeCnInventory(a.rows, b.rows)
    expect(entries.map((e) => [e.id, e.cnName, e.names.map((n) => n.name)])).toEqual([
      [7, '甲二', ['甲二', 'A2', '甲', 'A']],
      [6014, '神经酰胺 EOP', ['神经酰胺 EOP', 'CERAMIDE EOP']],
      [100001, '乙', ['乙', 'B', 'N-B']],
      [200001, '丙', ['丙']],
      [306014, '神经酰胺 NG', ['神经酰胺 NG', 'CERAMIDE NG']],
    ])
    expect(merge).toEqual({
      same: 0,
      renamed: 1,
      serialReused: 1,
      mergedInto: 0,
      only2021: 1,
      onlyRevised: 0,
      catalogII: 1,
      newIngredientRecords: 1,
    })
  })
})

describe('STSC tables', () => {
  const stsc = async (table: string) => (await sources).regulated.filter((r) => r.table === table)

  test('prohibited entries of NMPA 2026 No. 6 carry their start date (1291 → 2027-01-01, 1297 → 2028-01-01); older ones none', async () => {
    const rows = await stsc('prohibited')
    const at = (serial: string) => rows.find((r) => r.serial === serial)!
    expect([at('1291').effectiveFrom, at('1291').announcement]).toEqual(['2027-01-01', '2026年第6号'])
    expect(at('1297').effectiveFrom).toBe('2028-01-01')
    expect(at('1297').casNumbers).toEqual(['13463-41-7'])
    expect(at('34').effectiveFrom).toBeNull()
    expect(at('34').names.map((n) => n.name)).toContain('氢醌')
  })

  test('a compiler-added row says so (CAS号查找得), and is counted', async () => {
    const { stats } = await sources
    const added = (await stsc('prohibited')).filter((r) => r.compilerNote !== null)
    expect(added.map((r) => [r.serial, r.compilerNote])).toEqual([
      ['87', 'CAS号查找得'],
      ['1227', 'INCI成分表查找得来的'],
    ])
    expect(stats.find((s) => s.name === 'cn_stsc_prohibited')!.rejectReasons.compiler_added).toBe(2)
  })

  test('restricted: salicylic acid (a) 2.0 % now, 3.0 % rinse-off hair from 2028-01-01; hydroxides pH ≤ 12.7', async () => {
    const rows = await stsc('restricted')
    const sa = rows.find((r) => r.cnName === '水杨酸' && r.scope?.startsWith('(a)'))!
    expect(sa.conditions.map((c) => [c.clause, c.maxPercent, c.productTypes, c.appliesFrom, c.appliesUntil])).toEqual([
      ['a', 2, ['leave_on', 'rinse_off', 'skin'], null, '2028-01-01'],
      ['a', 3, ['rinse_off', 'hair'], '2028-01-01', null],
    ])
    expect(sa.conditions[0]!.notForChildrenUnder3).toBe(true)
    const koh = rows.find((r) => r.inciName === 'POTASSIUM HYDROXIDE' && r.scope?.startsWith('(c)'))!
    expect(koh.conditions.map((c) => [c.clause, c.phMax])).toEqual([['c', 12.7]])
    const benzoic = rows.find((r) => r.inciName === 'SODIUM BENZOATE')!
    expect(benzoic.conditions.map((c) => [c.maxPercent, c.basis, c.total, c.productTypes])).toEqual([[2.5, '酸', true, ['rinse_off']]])
  })

  test('permitted preservatives: a bare 0.01 cell is 1 % (phenoxyethanol); formaldehyde says it moved to prohibited 1272', async () => {
    const rows = await stsc('preservatives')
    expect(rows.find((r) => r.cnName === '苯氧乙醇')!.conditions.map((c) => c.maxPercent)).toEqual([1])
    expect(rows.find((r) => r.cnName === '甲醛')!.movedToProhibited).toEqual(['1272', '1275'])
  })

  test('colorants: the scope columns become product types excluded (not near the eyes)', async () => {
    const rows = await stsc('colorants')
    const c = rows.find((r) => r.names.some((n) => n.name === 'CI 77491'))!
    expect(c.conditions[0]!.notFor).toEqual([])
    expect(c.names.map((n) => n.kind)).toContain('ci_number')
  })

  test('the label every fact from these tables carries', () => {
    expect(CN_STSC_NOTE).toBe('consolidated from NMPA tables; verify against the official text')
  })

  test('a table with another header is an ImportError naming the file', () => {
    expect(() => parseCnTable('x,y\n1,2\n', 'cn_stsc_restricted_2026-01.csv', 'restricted')).toThrow(
      /^cn_stsc_restricted_2026-01\.csv: expected a CSV header starting with "serial"/,
    )
  })
})

describe('CosIng 2026 names', () => {
  test('functions split on " | "; duplicates rejected; names added and gone since 2021', async () => {
    const { names, stats } = parseCosing2026('inci_name,functions\nGLYCERIN,HUMECTANT | SOLVENT\nglycerin,X\nNEW ONE,\n,\n', 'f.csv')
    expect(names).toEqual([
      { inciName: 'GLYCERIN', functions: ['HUMECTANT', 'SOLVENT'] },
      { inciName: 'NEW ONE', functions: [] },
    ])
    expect(stats.rejectReasons).toEqual({ inci_name_duplicate: 1, functions_missing: 1, inci_name_missing: 1 })
    const { cosing2026 } = await sources
    const diff = diffCosingNames(
      ['GLYCERIN', 'ROYAL JELLY'],
      cosing2026.map((n) => n.inciName),
    )
    expect(diff.gone).toEqual(['ROYAL JELLY'])
    expect(diff.added).toContain('CERAMIDE ENP')
  })
})

describe('name keys for the joins', () => {
  test.each<[string, CnNameRule, string]>([
    ['GLYCYRRHIZA GLABRA (LICORICE) ROOT EXTRACT', 'without_common_name', 'GLYCYRRHIZA GLABRA ROOT EXTRACT'],
    ['1,3-BIS-(2,4-DIAMINOPHENOXY) PROPANE HCL', 'punctuation', '1,3-BIS-(2,4-DIAMINOPHENOXY)PROPANE HCL'],
    ['2,6-BIS (2-HYDROXYETHOXY)-3,5-PYRIDINEDIAMINE HCL', 'punctuation', '2,6-BIS(2-HYDROXYETHOXY)-3,5-PYRIDINEDIAMINE HCL'],
    ['N,N’-DIMETHYL', 'punctuation', "N,N'-DIMETHYL"],
    ['ＧＬＹＣＥＲＩＮ', 'exact', 'GLYCERIN'],
  ])('%s → %s %s', (name, rule, key) => {
    expect(inciJoinKeys(name)).toContainEqual({ rule, key })
  })

  test('Chinese keys ignore full-width punctuation and spaces', () => {
    expect(chineseNameKey('抗坏血酸（维生素 C）')).toBe(chineseNameKey('抗坏血酸(维生素C)'))
  })
})

describe('stats', () => {
  test('one per file, rows read = used + rejected', async () => {
    const { stats } = await sources
    expect(stats.map((s) => s.name)).toEqual([
      'cn_iecic_2021',
      'cn_iecic_revised',
      'cn_stsc_prohibited',
      'cn_stsc_prohibited_plant_animal',
      'cn_stsc_restricted',
      'cn_stsc_preservatives',
      'cn_stsc_uv_filters',
      'cn_stsc_colorants',
      'cn_stsc_hair_dyes',
      'cosing_2026_names',
    ])
    for (const s of stats) expect(s.rowsRead).toBe(s.rowsUsed + s.rowsRejected)
    expect(stats.every((s) => s.sourceDate !== null)).toBe(true)
  })
})

describe('a Chinese file the importer cannot use', () => {
  const withCopy = async (change: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), 'kbeauty-cn-'))
    await cp(SAMPLE, dir, { recursive: true })
    try {
      await change(dir)
      return await importDatabase({ sourcesDir: dir, outFile: join(dir, 'out.sqlite') }).then(
        () => null,
        (err: Error) => err,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  test.each([
    [
      'a table that is not the restricted table',
      'cn_stsc_restricted_2026-01-sample.csv',
      'serial,cn_name\n1,x\n',
      /^cn_stsc_restricted_2026-01-sample\.csv: expected the columns "en_name", "inci_name", "scope", /,
    ],
    [
      'bytes that are not UTF-8',
      'cn_nmpa_iecic_2021-sample.csv',
      new Uint8Array([0xff, 0xfe, 0x41]),
      /^cn_nmpa_iecic_2021-sample\.csv: expected UTF-8 text/,
    ],
    [
      'an unterminated quote',
      'cn_iecic_revised_2025-10-sample.csv',
      'catalog,serial,cn_name,inci_or_en_name,remark,former_cn_name,former_inci_or_alias,adjust_date,adjust_field\n目录Ⅰ,1,"never closed\n',
      /^cn_iecic_revised_2025-10-sample\.csv: malformed CSV near line 2/,
    ],
  ])('%s → one clear ImportError naming the file', async (_what, file, content, message) => {
    const err = await withCopy((dir) => writeFile(join(dir, file), content))
    expect(err).toBeInstanceOf(ImportError)
    expect(err!.message).toMatch(message)
  })

  test('a missing table is named with what was expected', async () => {
    const err = await withCopy((dir) => unlink(join(dir, 'cn_stsc_permitted_hair_dyes_2026-01-sample.csv')))
    expect(err!.message).toMatch(/^cn_stsc_permitted_hair_dyes_\*\.csv: required file not found in .* \(expected the STSC 表7 table\)$/)
  })
})
