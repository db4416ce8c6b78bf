/**
 * Imports the official files (DATA_SOURCES_DIR, ../shared/data in CI) and checks the facts
 * the product promises. Skipped without DATA_SOURCES_DIR.
 */
import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatSummary, importDatabase, type ImportSummary } from '../../src/importer/index.ts'

const OFFICIAL_DIR = process.env.DATA_SOURCES_DIR
/** The full import must stay well within a CI step (measured ≈ 3 s on a 2-core machine). */
const MAX_IMPORT_MS = 30_000

describe.skipIf(!OFFICIAL_DIR)('import of the official sources', () => {
  let dir: string
  let summary: ImportSummary
  let db: Database

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kbeauty-official-'))
    summary = await importDatabase({ sourcesDir: OFFICIAL_DIR!, outFile: join(dir, 'kbeauty.sqlite') })
    console.log(formatSummary(summary))
    db = new Database(join(dir, 'kbeauty.sqlite'), { readonly: true })
  }, 120_000)

  afterAll(async () => {
    db?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const count = (sql: string) => (db.query(sql).get() as { n: number }).n

  test(`finishes within ${MAX_IMPORT_MS / 1000} s`, () => {
    expect(summary.durationMs).toBeLessThan(MAX_IMPORT_MS)
  })

  test('at least 30,000 ingredients, at least 17,000 with a Korean name', () => {
    expect(count('SELECT count(*) AS n FROM ingredients')).toBeGreaterThanOrEqual(30_000)
    expect(count('SELECT count(*) AS n FROM ingredients WHERE korean_name IS NOT NULL')).toBeGreaterThanOrEqual(17_000)
    expect(count('SELECT count(*) AS n FROM ingredients WHERE cosing_ref_no IS NOT NULL')).toBe(30_070)
  })

  test('나이아신아마이드 → NIACINAMIDE, CAS 98-92-0', () => {
    const rows = db
      .query(
        `SELECT i.id, i.inci_name, c.cas FROM names n JOIN ingredients i ON i.id = n.ingredient_id
           JOIN cas_numbers c ON c.ingredient_id = i.id WHERE n.key = '나이아신아마이드' AND n.kind = 'korean'`,
      )
      .all()
    expect(rows).toEqual([{ id: 35499, inci_name: 'NIACINAMIDE', cas: '98-92-0' }])
  })

  test('SALICYLIC ACID links Annex III/98 and V/3', () => {
    const links = db
      .query(
        `SELECT e.annex, e.reference_number, x.matched_by FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id
          WHERE x.ingredient_id = 37595 ORDER BY e.id`,
      )
      .all()
    expect(links).toEqual([
      { annex: 'III', reference_number: '98', matched_by: 'identified_ingredient' },
      { annex: 'V', reference_number: '3', matched_by: 'identified_ingredient' },
    ])
  })

  test('the sources table has the 8 files with their row counts', () => {
    const rows = db.query('SELECT name, source_date, rows_read FROM sources ORDER BY id').all()
    expect(rows).toEqual([
      { name: 'cosing_inventory', source_date: '2021-12-15', rows_read: 30_070 },
      { name: 'cosing_annex_II', source_date: '2025-12-08', rows_read: 1_744 },
      { name: 'cosing_annex_III', source_date: '2025-12-08', rows_read: 373 },
      { name: 'cosing_annex_IV', source_date: '2025-10-31', rows_read: 154 },
      { name: 'cosing_annex_V', source_date: '2025-10-31', rows_read: 57 },
      { name: 'cosing_annex_VI', source_date: '2025-10-31', rows_read: 34 },
      { name: 'mfds_ingredients', source_date: '2026-04-06', rows_read: 21_723 },
      { name: 'kr_rules_transcription', source_date: null, rows_read: 1_357 },
    ])
  })

  test('no MFDS name is merged into dozens of CosIng ingredients (peptide-name regression)', () => {
    // Plain stripParentheses reduced "r-(…)" peptide names to "R-" and merged one MFDS row
    // into 58 CosIng peptides; the most Korean names on one ingredient is far lower.
    const most = count(`SELECT max(c) AS n FROM (SELECT count(*) AS c FROM names WHERE kind = 'korean' GROUP BY ingredient_id)`)
    expect(most).toBeLessThan(10)
    const spread = count(`SELECT max(c) AS n FROM (SELECT count(DISTINCT ingredient_id) AS c FROM names WHERE kind = 'korean' GROUP BY key)`)
    expect(spread).toBeLessThan(10)
  })

  test('UREA is not flagged by the Korean banned-list row for Apronal', () => {
    expect(
      count(
        `SELECT count(*) AS n FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id
          WHERE x.ingredient_id = 38838 AND r.status = 'prohibited'`,
      ),
    ).toBe(0)
  })
})
