/**
 * Every fact in data/sample must be copied from the official files: each sample row must
 * equal, cell for cell, an official row with the same key. Runs only when DATA_SOURCES_DIR
 * points at the official files (../shared/data in CI).
 */
import { describe, expect, test } from 'bun:test'
import { parse } from 'csv-parse/sync'
import { join } from 'node:path'
import { locateSources, type SourcePaths } from '../../src/importer/locate-sources.ts'

const SAMPLE_DIR = join(import.meta.dir, '../../data/sample')
const OFFICIAL_DIR = process.env.DATA_SOURCES_DIR

/** All CSV records of a file, preamble lines included (they are short records). */
async function csvRecords(path: string): Promise<string[][]> {
  return parse(await Bun.file(path).text(), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][]
}

/** Header + data rows as objects, after `skip` preamble records. */
async function csvObjects(path: string, skip = 0): Promise<{ preamble: string[][]; header: string[]; rows: Record<string, string>[] }> {
  const records = await csvRecords(path)
  const header = records[skip]!
  const rows = records.slice(skip + 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])))
  return { preamble: records.slice(0, skip), header, rows }
}

describe.skipIf(!OFFICIAL_DIR)('data/sample is an unchanged excerpt of the official files', () => {
  let sample: SourcePaths
  let official: SourcePaths
  const paths = async () => {
    sample ??= await locateSources(SAMPLE_DIR)
    official ??= await locateSources(OFFICIAL_DIR!)
    return { sample, official }
  }

  test('the sample files carry the official file names, marked -sample', async () => {
    const { sample, official } = await paths()
    const name = (p: string) => p.split('/').pop()!.replace(/-sample(\.\w+)$/, '$1')
    expect(name(sample.cosingInventory)).toBe(name(official.cosingInventory))
    expect(name(sample.mfdsIngredients)).toBe(name(official.mfdsIngredients))
    expect(name(sample.krRules)).toBe(name(official.krRules))
    for (const annex of ['II', 'III', 'IV', 'V', 'VI'] as const) expect(name(sample.annexes[annex])).toBe(name(official.annexes[annex]))
  })

  test('CosIng inventory: every sample row equals the official row with its COSING Ref No', async () => {
    const { sample, official } = await paths()
    const s = await csvObjects(sample.cosingInventory)
    const o = await csvObjects(official.cosingInventory)
    expect(s.header).toEqual(o.header)
    const byRef = new Map(o.rows.map((r) => [r.cosing_ref_no, r]))
    expect(s.rows.length).toBeGreaterThanOrEqual(90)
    for (const row of s.rows) expect({ ref: row.cosing_ref_no, row }).toEqual({ ref: row.cosing_ref_no, row: byRef.get(row.cosing_ref_no!)! })
  })

  test('MFDS: every sample row equals the official row with its No', async () => {
    const { sample, official } = await paths()
    const s = await csvObjects(sample.mfdsIngredients)
    const o = await csvObjects(official.mfdsIngredients)
    expect(s.header).toEqual(o.header)
    const byNo = new Map(o.rows.map((r) => [r.No, r]))
    for (const row of s.rows) expect({ no: row.No, row }).toEqual({ no: row.No, row: byNo.get(row.No!)! })
  })

  test.each(['II', 'III', 'IV', 'V', 'VI'] as const)('Annex %s: same preamble and header; every row equals an official row', async (annex) => {
    const { sample, official } = await paths()
    const s = await csvObjects(sample.annexes[annex], 4)
    const o = await csvObjects(official.annexes[annex], 4)
    expect(s.preamble).toEqual(o.preamble)
    expect(s.header).toEqual(o.header)
    expect(s.rows.length).toBeGreaterThan(0)
    for (const row of s.rows) {
      const sameRef = o.rows.filter((r) => r['Reference Number'] === row['Reference Number'])
      expect(sameRef).toContainEqual(row)
    }
  })

  test('KR transcription: every sample object deep-equals an official object, in the official order', async () => {
    const { sample, official } = await paths()
    const s = (await Bun.file(sample.krRules).json()) as Record<string, string>[]
    const o = (await Bun.file(official.krRules).json()) as Record<string, string>[]
    const positions = s.map((item) => o.findIndex((candidate) => Bun.deepEquals(candidate, item, true)))
    expect(positions.filter((p) => p < 0)).toEqual([])
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })
})
