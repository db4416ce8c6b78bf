/**
 * Imports the official files (DATA_SOURCES_DIR, ../shared/data in CI) and checks the facts
 * the product promises. Skipped without DATA_SOURCES_DIR.
 */
import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatSummary, type ImportSummary, importDatabase } from '../../src/importer/index.ts'

const OFFICIAL_DIR = process.env.DATA_SOURCES_DIR
/** The full import must stay well within a CI step (measured ≈ 3 s on a 2-core machine). */

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

  test('every EU annex row and Korean rule row is reachable: linked, or by its own names and numbers; none unreachable', () => {
    const { eu, kr } = summary.substances.reach
    expect(eu.unreachable).toBe(0)
    expect(kr.unreachable).toBe(0)
    expect(eu.linked + eu.ownNamesOnly).toBe(summary.euAnnex.entries)
    expect(kr.linked + kr.ownNamesOnly).toBe(summary.krRules.rules)
    expect(eu.linked).toBe(summary.euAnnex.entriesLinked)
    expect(kr.linked).toBe(summary.krRules.rulesLinked)
    // Every substance is findable by a name: no substance without names.
    expect(db.query('SELECT count(*) AS n FROM substances WHERE id NOT IN (SELECT substance_id FROM substance_names)').get()).toEqual({
      n: 0,
    })
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

  test('the sources table has the 18 files with their row counts', () => {
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
      { name: 'cn_iecic_2021', source_date: '2021-04-30', rows_read: 8_965 },
      { name: 'cn_iecic_revised', source_date: '2025-10-20', rows_read: 9_287 },
      { name: 'cn_stsc_prohibited', source_date: '2026-01-12', rows_read: 1_734 },
      { name: 'cn_stsc_prohibited_plant_animal', source_date: '2026-01-12', rows_read: 111 },
      { name: 'cn_stsc_restricted', source_date: '2026-01-12', rows_read: 238 },
      { name: 'cn_stsc_preservatives', source_date: '2026-01-12', rows_read: 142 },
      { name: 'cn_stsc_uv_filters', source_date: '2026-01-12', rows_read: 36 },
      { name: 'cn_stsc_colorants', source_date: '2026-01-12', rows_read: 180 },
      { name: 'cn_stsc_hair_dyes', source_date: '2026-01-12', rows_read: 75 },
      { name: 'cosing_2026_names', source_date: '2026-08-10', rows_read: 33_413 },
    ])
  })

  test('no MFDS name is merged into dozens of CosIng ingredients (peptide-name regression)', () => {
    // Plain stripParentheses reduced "r-(…)" peptide names to "R-" and merged one MFDS row
    // into 58 CosIng peptides; the most Korean names on one ingredient is far lower.
    const most = count(`SELECT max(c) AS n FROM (SELECT count(*) AS c FROM names WHERE kind = 'korean' GROUP BY ingredient_id)`)
    expect(most).toBeLessThan(10)
    const spread = count(
      `SELECT max(c) AS n FROM (SELECT count(DISTINCT ingredient_id) AS c FROM names WHERE kind = 'korean' GROUP BY key)`,
    )
    expect(spread).toBeLessThan(10)
  })

  /** The Korean rows linked to the ingredient with this INCI name: rule id, list, how. */
  const krLinks = (inci: string) =>
    db
      .query(
        `SELECT r.id AS rule, r.list, x.matched_by FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id
           JOIN ingredients i ON i.id = x.ingredient_id WHERE i.inci_name = ? ORDER BY r.id, i.id`,
      )
      .all(inci)

  test('Korean links by method (group rows: "… 및 그 염류"; list rows: "A and B", "A (B)")', () => {
    // Before group rows were read: 212 rows linked by 214 links (75 Korean name, 139 English).
    // Before list rows were read: 292 rows linked by 386 links (81 Korean name, 139 English,
    // 166 group); list rows added 72 links (19 Korean name, 53 English) to 46 more rows.
    // Every paraben ester in the p-hydroxybenzoic acid group added 10 group links (issue #10).
    // Group rows followed from the EU rows CosIng links (substance-links.ts) added 291 links to
    // 41 more rows: 128 trialkylamine salts (III/62), 38 water-soluble zinc salts (III/24), 36
    // polyacrylamides (III/66), glucocorticoids, hydrofluoric acid salts, lead acetate, mercuric oxide, …
    expect(summary.krRules.links).toBe(759)
    expect(summary.krRules.rulesLinked).toBe(379)
    const rows = db.query('SELECT matched_by, count(*) AS n FROM ingredient_kr_rules GROUP BY matched_by ORDER BY matched_by').all()
    expect(rows).toEqual([
      { matched_by: 'english_name', n: 192 },
      { matched_by: 'group', n: 176 },
      { matched_by: 'korean_name', n: 100 },
      { matched_by: 'substance', n: 291 },
    ])
  })

  test.each<[string, [number, string, string][]]>([
    // 별표2 rows listing several substances.
    ['METHYLCHLOROISOTHIAZOLINONE', [[116, '별표2', 'english_name']]],
    [
      'METHYLISOTHIAZOLINONE',
      [
        [24, '별표2', 'korean_name'],
        [116, '별표2', 'english_name'],
      ],
    ],
    ['BENZALKONIUM CHLORIDE', [[106, '별표2', 'korean_name']]],
    ['BENZALKONIUM BROMIDE', [[106, '별표2', 'english_name']]],
    // Also the alkyl (C12-22) trimethylammonium chloride row, the EU Annex III/44 row CosIng links them to.
    [
      'CETRIMONIUM CHLORIDE',
      [
        [133, '별표2', 'substance'],
        [270, '별표2', 'korean_name'],
      ],
    ],
    [
      'STEARTRIMONIUM CHLORIDE',
      [
        [133, '별표2', 'substance'],
        [270, '별표2', 'korean_name'],
      ],
    ],
    ['POTASSIUM HYDROXIDE', [[231, '별표2', 'korean_name']]],
    ['SODIUM HYDROXIDE', [[231, '별표2', 'korean_name']]],
    [
      'HYDROGEN PEROXIDE',
      [
        [187, '별표2', 'korean_name'],
        [226, '별표2', 'korean_name'],
      ],
    ],
    ['FORMIC ACID', [[152, '별표2', 'korean_name']]],
    ['SODIUM FORMATE', [[152, '별표2', 'korean_name']]],
    ['CHLORHEXIDINE', [[147, '별표2', 'english_name']]],
    ['CHLORHEXIDINE DIGLUCONATE', [[147, '별표2', 'english_name']]],
    ['SODIUM PERSULFATE', [[220, '별표2', 'english_name']]],
    ['AMMONIUM PERSULFATE', [[220, '별표2', 'english_name']]],
    ['POTASSIUM PERSULFATE', [[220, '별표2', 'english_name']]],
    ['SODIUM PERBORATE', [[219, '별표2', 'korean_name']]],
    // 별표1 rows: lists, and one substance with its other names.
    ['FORMALDEHYDE', [[1216, '별표1', 'english_name']]],
    ['HEXACHLOROPHENE', [[524, '별표1', 'english_name']]],
    ['PHENOLPHTHALEIN', [[1183, '별표1', 'english_name']]],
    ['CHOLECALCIFEROL', [[879, '별표1', 'english_name']]],
    ['ERGOCALCIFEROL', [[879, '별표1', 'english_name']]],
    ['COAL TAR', [[1012, '별표1', 'english_name']]],
    ['OXYQUINOLINE', [[928, '별표1', 'english_name']]],
    ['OXYQUINOLINE SULFATE', [[928, '별표1', 'english_name']]],
    ['ETHOXYETHANOL ACETATE', [[909, '별표1', 'english_name']]],
    // EU Annex III/95 (allowed with conditions): the 별표1 row "4-Methoxyphenol (… or
    // p-Hydroxyanisole)" does not flag it (the same safeguard as group rows).
    ['P-HYDROXYANISOLE', []],
    // UREA keeps only its own row.
    ['UREA', [[237, '별표2', 'korean_name']]],
  ])('list rows: %p → %j', (inci, expected) => {
    expect(krLinks(inci)).toEqual(expected.map(([rule, list, matched_by]) => ({ rule, list, matched_by })))
  })

  test.each([
    // 별표2 preservatives: base acids, their salts, paraben esters.
    ['SALICYLIC ACID', 105, '별표2'],
    ['SODIUM SALICYLATE', 105, '별표2'],
    ['METHYLPARABEN', 107, '별표2'],
    ['PROPYLPARABEN', 107, '별표2'],
    ['SODIUM METHYLPARABEN', 107, '별표2'],
    ['4-HYDROXYBENZOIC ACID', 107, '별표2'],
    ['BENZOIC ACID', 120, '별표2'],
    ['SODIUM BENZOATE', 120, '별표2'],
    ['SORBIC ACID', 131, '별표2'],
    ['POTASSIUM SORBATE', 131, '별표2'],
    ['SODIUM DEHYDROACETATE', 109, '별표2'],
    ['TETRASODIUM ETIDRONATE', 281, '별표2'],
    // 별표1: "Tretinoin (Retinoic Acid and its salts)", "… (Minoxidil), its salts and derivatives".
    ['RETINOIC ACID', 1126, '별표1'],
    ['MINOXIDIL', 1280, '별표1'],
  ])('%p → row %p (%s), matched_by group', (inci, rule, list) => {
    expect(krLinks(inci)).toContainEqual({ rule, list, matched_by: 'group' })
  })

  test('a salt keeps its own row: TEA-SALICYLATE is a 별표2 UV filter, a salicylate and a trialkanolamine salt', () => {
    expect(krLinks('TEA-SALICYLATE')).toEqual([
      { rule: 105, list: '별표2', matched_by: 'group' },
      { rule: 180, list: '별표2', matched_by: 'korean_name' },
      // "Trialkylamines, trialkanolamines and their salts": EU Annex III/62, as CosIng links it.
      { rule: 290, list: '별표2', matched_by: 'substance' },
    ])
  })

  test.each([
    'WATER',
    'AQUA',
    'GLYCERIN',
    'NIACINAMIDE',
    'BUTYLENE GLYCOL',
    'C12-15 ALKYL BENZOATE',
    'BENZYL BENZOATE',
    'METHYL SALICYLATE',
  ])('%p is not linked to any Korean row', (inci) => {
    expect(krLinks(inci)).toEqual([])
  })

  test('every paraben ester is in the Korean p-hydroxybenzoic acid group except the carved-out phenyl ester', () => {
    // The row names "its salts and esters (except the phenyl ester)": isobutyl-, isopropyl-
    // and benzylparaben are esters too, whatever EU Annex II says of them (issue #10).
    for (const inci of [
      'ISOBUTYLPARABEN',
      'ISOPROPYLPARABEN',
      'BENZYLPARABEN',
      'SODIUM ISOBUTYLPARABEN',
      'BUTYLPARABEN',
      'METHYLPARABEN',
    ]) {
      expect(krLinks(inci)).toEqual([{ rule: 107, list: '별표2', matched_by: 'group' }])
    }
    expect(krLinks('PHENYLPARABEN')).toEqual([{ rule: 1197, list: '별표1', matched_by: 'english_name' }])
  })

  test('a 별표1 group row does not flag hair dyes whose exemption the transcription dropped', () => {
    // "4-아미노-3-니트로페놀 및 그 염류 (다만, … 1.5% 이하 … 제외)": EU Annex III/215.
    expect(krLinks('4-AMINO-3-NITROPHENOL')).toEqual([])
    expect(krLinks('HC BLUE NO. 2')).toEqual([])
    // A restricted 별표2 row names it: the 별표1 group row (514) does not apply.
    expect(krLinks('HYDROXYBENZOMORPHOLINE')).toEqual([{ rule: 212, list: '별표2', matched_by: 'english_name' }])
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
