/**
 * The Chinese readers and CosIng 2026 on the official files (DATA_SOURCES_DIR; skipped without):
 * counts SOURCES.md §5–8 states, so a reader that drops or misreads rows fails here.
 */
import { describe, expect, test } from 'bun:test'
import { type CnSources, readCnSources } from '../../../src/importer/cn-sources.ts'
import { locateSources } from '../../../src/importer/locate-sources.ts'
import { readSourceText } from '../../../src/importer/source-text.ts'

const DIR = process.env.DATA_SOURCES_DIR

describe.skipIf(!DIR)('China and CosIng 2026 readers on the official data', () => {
  let cn: CnSources
  const load = async () => (cn ??= await readCnSources(await locateSources(DIR!), async (p) => (await readSourceText(p)).text))
  const stat = async (name: string) => (await load()).stats.find((s) => s.name === name)!

  test('IECIC 2021: 8,965 rows, all used, 30 without INCI; the 2025 compilation: 9,287 rows', async () => {
    expect(await stat('cn_iecic_2021')).toMatchObject({
      rowsRead: 8965,
      rowsUsed: 8965,
      rowsRejected: 0,
      rejectReasons: { inci_name_missing: 30 },
    })
    expect(await stat('cn_iecic_revised')).toMatchObject({ rowsRead: 9287, rowsUsed: 9287, sourceDate: '2025-10-20' })
  })

  test('the merge: 5 catalogue-II entries, 317 new-ingredient records, one serial reused (6014), one merged (7922 → 4231)', async () => {
    const { inventoryMerge: m, inventory } = await load()
    expect([m.catalogII, m.newIngredientRecords, m.serialReused, m.mergedInto]).toEqual([5, 317, 1, 1])
    expect(m.same + m.renamed + m.only2021).toBe(8965 - 1)
    expect(inventory.find((e) => e.id === 4231)!.names.some((n) => n.name.includes('MORINGA'))).toBe(true)
    expect(inventory.some((e) => e.id === 7922)).toBe(false)
  })

  test('STSC: rows and entries per table as SOURCES.md §7 counts them', async () => {
    const { regulated } = await load()
    const per = (t: string) => {
      const rows = regulated.filter((r) => r.table === t)
      return [rows.length, new Set(rows.map((r) => r.serial)).size]
    }
    expect(per('prohibited')).toEqual([1734, 1297])
    expect(per('prohibited_plant_animal')).toEqual([111, 109])
    expect(per('restricted')[0]).toBe(238)
    expect(per('preservatives')[0]).toBe(142)
    expect(per('uv_filters')).toEqual([36, 27])
    expect(per('colorants')).toEqual([180, 157])
    expect(per('hair_dyes')).toEqual([75, 75])
  })

  test('entries 1291–1297 carry their 2027/2028 start dates; no older prohibited entry has one; 21 compiler additions', async () => {
    const { regulated } = await load()
    const dated = regulated.filter((r) => r.table === 'prohibited' && r.effectiveFrom !== null)
    expect([...new Set(dated.map((r) => `${r.serial}:${r.effectiveFrom}`))].sort()).toEqual([
      '1291:2027-01-01',
      '1292:2027-01-01',
      '1293:2028-01-01',
      '1294:2028-01-01',
      '1295:2027-01-01',
      '1296:2027-01-01',
      '1297:2028-01-01',
    ])
    expect(regulated.filter((r) => r.table === 'prohibited' && r.compilerNote !== null).length).toBe(21)
  })

  test('CosIng 2026: 33,413 rows, 5 duplicate names rejected', async () => {
    expect(await stat('cosing_2026_names')).toMatchObject({
      rowsRead: 33413,
      rowsUsed: 33408,
      rowsRejected: 5,
      rejectReasons: { inci_name_duplicate: 5 },
    })
  })
})
