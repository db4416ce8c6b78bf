/**
 * Builds data/sample into a temporary database and checks what the API will see.
 */
import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cp, mkdtemp, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCHEMA_VERSION } from '../../src/db/schema.ts'
import { formatSummary, ImportError, type ImportSummary, importDatabase } from '../../src/importer/index.ts'

const SAMPLE_DIR = join(import.meta.dir, '../../data/sample')
const BUILT_AT = '2026-01-01T00:00:00.000Z'

let dir: string
let summary: ImportSummary
let db: Database

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbeauty-importer-'))
  summary = await importDatabase({ sourcesDir: SAMPLE_DIR, outFile: join(dir, 'a.sqlite'), builtAt: BUILT_AT })
  db = new Database(join(dir, 'a.sqlite'), { readonly: true })
})

afterAll(async () => {
  db?.close()
  await rm(dir, { recursive: true, force: true })
})

const one = <T>(sql: string, ...params: (string | number)[]) => db.query<T, (string | number)[]>(sql).get(...params)
const all = <T>(sql: string, ...params: (string | number)[]) => db.query<T, (string | number)[]>(sql).all(...params)
const ingredientByInci = (inci: string) =>
  one<{ id: number; korean_name: string | null; mfds_no: number | null }>(
    'SELECT id, korean_name, mfds_no FROM ingredients WHERE inci_name = ?',
    inci,
  )
const casOf = (id: number) => all<{ cas: string }>('SELECT cas FROM cas_numbers WHERE ingredient_id = ? ORDER BY cas', id).map((r) => r.cas)

describe('database file', () => {
  test('carries the schema version and the DELETE journal mode', () => {
    expect(one<{ user_version: number }>('PRAGMA user_version')!.user_version).toBe(SCHEMA_VERSION)
    expect(one<{ journal_mode: string }>('PRAGMA journal_mode')!.journal_mode).toBe('delete')
    expect(one<{ quick_check: string }>('PRAGMA quick_check')!.quick_check).toBe('ok')
  })

  test('meta rows', () => {
    const meta = Object.fromEntries(all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]))
    expect(meta).toEqual({
      schema_version: String(SCHEMA_VERSION),
      built_at: BUILT_AT,
      ingredient_count: String(summary.ingredients.total),
      build_id: expect.stringMatching(/^[0-9a-z]{1,7}$/),
      search_tier_starts: expect.stringMatching(/^\[\d+,\d+\]$/),
    })
  })

  test('no temporary file is left next to the database', async () => {
    expect(await readdir(dir)).toEqual(['a.sqlite'])
  })
})

describe('ingredients', () => {
  test('at least 80 ingredients, most with a Korean name', () => {
    expect(summary.ingredients.total).toBeGreaterThanOrEqual(80)
    expect(one<{ n: number }>('SELECT count(*) AS n FROM ingredients')!.n).toBe(summary.ingredients.total)
    expect(summary.ingredients.withKoreanName).toBeGreaterThanOrEqual(80)
  })

  test('NIACINAMIDE: 나이아신아마이드, CAS 98-92-0, EC 202-713-4, CosIng id', () => {
    const row = one<Record<string, unknown>>('SELECT * FROM ingredients WHERE inci_name = ?', 'NIACINAMIDE')
    expect(row).toMatchObject({ id: 35499, cosing_ref_no: 35499, korean_name: '나이아신아마이드', mfds_no: 1938, inn_name: 'nicotinamide' })
    expect(casOf(35499)).toEqual(['98-92-0'])
    expect(all('SELECT ec, source FROM ec_numbers WHERE ingredient_id = 35499')).toEqual([{ ec: '202-713-4', source: 'cosing_inventory' }])
  })

  test('WATER and AQUA both get 정제수 from the one MFDS row "Water,Aqua"', () => {
    expect(ingredientByInci('WATER')).toEqual({ id: 92472, korean_name: '정제수', mfds_no: 2681 })
    expect(ingredientByInci('AQUA')).toEqual({ id: 31959, korean_name: '정제수', mfds_no: 2681 })
    // 탄산수 (No 7571, "Water") is a second Korean name of WATER, not its primary one.
    expect(all("SELECT name FROM names WHERE ingredient_id = 92472 AND kind = 'korean' ORDER BY id")).toEqual([
      { name: '정제수' },
      { name: '탄산수' },
    ])
  })

  test('exact-lookup keys: INCI, MFDS English with common name, Korean synonym', () => {
    const idsFor = (key: string) =>
      all<{ id: number }>('SELECT DISTINCT ingredient_id AS id FROM names WHERE key = ? ORDER BY 1', key).map((r) => r.id)
    expect(idsFor('ORYZA SATIVA (RICE) EXTRACT')).toEqual([35754])
    expect(idsFor('MELALEUCA ALTERNIFOLIA (TEA TREE) LEAF OIL')).toEqual([40048])
    expect(idsFor('히알루론산')).toEqual([34315])
    expect(idsFor('1,2-HEXANEDIOL')).toEqual([54170])
    expect(idsFor('1,2-헥산다이올')).toEqual([54170])
  })

  test('no duplicate (ingredient, key, kind) names', () => {
    expect(
      one<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM names GROUP BY ingredient_id, key, kind HAVING count(*) > 1)')!.n,
    ).toBe(0)
  })

  test('an MFDS row matching no CosIng name becomes an MFDS-only ingredient', () => {
    expect(one('SELECT id, inci_name, korean_name, cosing_ref_no, mfds_no, sort_name FROM ingredients WHERE mfds_no = 2057')).toEqual({
      id: 1_002_057,
      inci_name: 'ETHYL ASCORBYL ETHER',
      korean_name: '에칠아스코빌에텔',
      cosing_ref_no: null,
      mfds_no: 2057,
      sort_name: 'ETHYL ASCORBYL ETHER',
    })
  })

  test('an MFDS row is merged by CAS when its name does not match (덱스판테놀 → PANTHENOL)', () => {
    expect(ingredientByInci('PANTHENOL')).toEqual({ id: 35839, korean_name: '판테놀', mfds_no: 3500 })
    expect(all("SELECT name FROM names WHERE ingredient_id = 35839 AND kind = 'korean' ORDER BY id")).toEqual([
      { name: '판테놀' },
      { name: '덱스판테놀' },
    ])
    expect(summary.merges).toEqual({ inci_name: expect.any(Number), without_parentheses: expect.any(Number), cas: 1, unmatched: 1 })
  })

  test('a CAS RN with a wrong check digit is not stored, and is counted', () => {
    // GLYCERYL LAURATE's CosIng cell is "27215-38-4 / 142-18-7"; 27215-38-4 fails the check digit.
    expect(casOf(76230)).toEqual(['142-18-7'])
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cas_numbers WHERE cas = '27215-38-4'")!.n).toBe(0)
    const reasons = JSON.parse(one<{ r: string }>("SELECT reject_reasons AS r FROM sources WHERE name = 'cosing_inventory'")!.r)
    expect(reasons.cas_invalid_check_digit).toBe(1)
  })
})

describe('functions', () => {
  test('NOT REPORTED is not a function; pH ADJUSTERS is kept as printed', () => {
    const names = all<{ name: string }>('SELECT name FROM functions').map((r) => r.name)
    expect(names).not.toContain('NOT REPORTED')
    expect(names).toContain('pH ADJUSTERS')
    expect(names).toContain('SKIN CONDITIONING')
  })

  test('SALICYLIC ACID has its six CosIng functions', () => {
    const fns = all<{ name: string }>(
      'SELECT f.name FROM ingredient_functions x JOIN functions f ON f.id = x.function_id WHERE x.ingredient_id = 37595 ORDER BY f.name',
    ).map((r) => r.name)
    expect(fns).toEqual(['ANTI-SEBORRHEIC', 'FRAGRANCE', 'HAIR CONDITIONING', 'KERATOLYTIC', 'PRESERVATIVE', 'SKIN CONDITIONING'])
  })
})

describe('EU annexes', () => {
  const linksOf = (id: number) =>
    all<{ annex: string; reference_number: string; matched_by: string }>(
      `SELECT e.annex, e.reference_number, x.matched_by FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id
        WHERE x.ingredient_id = ? ORDER BY e.id`,
      id,
    )

  test('SALICYLIC ACID links Annex III/98 and V/3 with their conditions', () => {
    expect(linksOf(37595)).toEqual([
      { annex: 'III', reference_number: '98', matched_by: 'identified_ingredient' },
      { annex: 'V', reference_number: '3', matched_by: 'identified_ingredient' },
    ])
    const iii = one<Record<string, string | null>>("SELECT * FROM eu_annex_entries WHERE annex = 'III' AND reference_number = '98'")!
    expect(iii.max_concentration).toBe('(a) 3.0%\n\n(b) 2.0%\n\n(c) 0.5%')
    expect(iii.conditions).toStartWith('(a) (b) (c) Label: not for children under 3 years')
    expect(iii.update_date).toBe('2023-12-07')
    expect(JSON.parse(iii.cas_numbers!)).toEqual(['69-72-7'])
    expect(iii.source).toBe('cosing_annex_III')
    const v = one<Record<string, string | null>>("SELECT * FROM eu_annex_entries WHERE annex = 'V' AND reference_number = '3'")!
    expect(v.conditions).toStartWith('Acid and salts: label "not for children under 3 years"')
    expect(JSON.parse(v.cas_numbers!)).toEqual(['69-72-7', '824-35-1', '18917-89-0', '59866-70-5', '54-21-7', '578-36-9', '2174-16-5'])
  })

  test.each([
    ['PHENOXYETHANOL', 36522, [{ annex: 'V', reference_number: '29', matched_by: 'identified_ingredient' }]],
    [
      'HYDROQUINONE',
      76687,
      [
        { annex: 'II', reference_number: '1339', matched_by: 'identified_ingredient' },
        { annex: 'III', reference_number: '14', matched_by: 'identified_ingredient' },
      ],
    ],
    ['RETINOIC ACID (tretinoin)', 85067, [{ annex: 'II', reference_number: '375', matched_by: 'identified_ingredient' }]],
    [
      'TITANIUM DIOXIDE',
      38617,
      [
        { annex: 'III', reference_number: '321', matched_by: 'name' },
        { annex: 'IV', reference_number: '143', matched_by: 'name' },
        { annex: 'VI', reference_number: '27a', matched_by: 'name' },
        { annex: 'VI', reference_number: '27', matched_by: 'name' },
      ],
    ],
    [
      'CI 77891',
      97171,
      [
        { annex: 'III', reference_number: '321', matched_by: 'cas' },
        { annex: 'IV', reference_number: '143', matched_by: 'name' },
        { annex: 'VI', reference_number: '27a', matched_by: 'cas' },
        { annex: 'VI', reference_number: '27', matched_by: 'cas' },
      ],
    ],
    [
      'ZINC OXIDE',
      38968,
      [
        { annex: 'IV', reference_number: '144', matched_by: 'identified_ingredient' },
        { annex: 'VI', reference_number: '30a', matched_by: 'name' },
        { annex: 'VI', reference_number: '30', matched_by: 'identified_ingredient' },
      ],
    ],
    [
      'METHYLISOTHIAZOLINONE',
      35341,
      [
        { annex: 'V', reference_number: '39', matched_by: 'identified_ingredient' },
        { annex: 'V', reference_number: '57', matched_by: 'identified_ingredient' },
      ],
    ],
    ['CI 77491', 32829, [{ annex: 'IV', reference_number: '135', matched_by: 'identified_ingredient' }]],
  ])('%s links its annex entries', (_name, id, expected) => {
    expect(linksOf(id as number)).toEqual(expected as { annex: string; reference_number: string; matched_by: string }[])
  })

  test('Annex V "Moved or deleted" placeholders are rejected, not stored', () => {
    expect(one<{ n: number }>("SELECT count(*) AS n FROM eu_annex_entries WHERE chemical_name LIKE 'Moved or deleted%'")!.n).toBe(0)
    const v = one<{ rows_read: number; rows_used: number; rows_rejected: number; reject_reasons: string }>(
      "SELECT rows_read, rows_used, rows_rejected, reject_reasons FROM sources WHERE name = 'cosing_annex_V'",
    )!
    expect(v.rows_read).toBe(v.rows_used + 1)
    expect(JSON.parse(v.reject_reasons)).toEqual({ moved_or_deleted_placeholder: 1 })
  })

  test('entry ids are annex number × 100000 + row position, and "-" cells are NULL', () => {
    const ids = all<{ id: number; annex: string }>('SELECT id, annex FROM eu_annex_entries')
    const base = { II: 2, III: 3, IV: 4, V: 5, VI: 6 } as Record<string, number>
    for (const { id, annex } of ids) expect(Math.floor(id / 100_000)).toBe(base[annex]!)
    expect(one<{ n: number }>("SELECT count(*) AS n FROM eu_annex_entries WHERE product_type = '-' OR other = '-' OR cmr = '-'")!.n).toBe(0)
  })
})

describe('Korean rules (transcription)', () => {
  test('banned → 별표1 prohibited, restricted → 별표2 restricted, all labelled as the transcription', () => {
    expect(one("SELECT list, status, name_en, max_limit, source FROM kr_rules WHERE name_ko = '히드로퀴논'")).toEqual({
      list: '별표1',
      status: 'prohibited',
      name_en: 'Hydroquinone',
      max_limit: '사용 불가 (0%)',
      source: 'kr_rules_transcription',
    })
    expect(one("SELECT list, status, max_limit, category FROM kr_rules WHERE name_ko = '페녹시에탄올'")).toEqual({
      list: '별표2',
      status: 'restricted',
      max_limit: '1.0%',
      category: '방부제',
    })
    expect(one<{ n: number }>("SELECT count(*) AS n FROM kr_rules WHERE source != 'kr_rules_transcription'")!.n).toBe(0)
  })

  test('approved rows are a curated list, not a regulation: rejected', () => {
    expect(one<{ n: number }>("SELECT count(*) AS n FROM kr_rules WHERE name_ko = '글리세린'")!.n).toBe(0)
    const r = one<{ reject_reasons: string }>("SELECT reject_reasons FROM sources WHERE name = 'kr_rules_transcription'")!
    expect(JSON.parse(r.reject_reasons)).toEqual({ 'approved: curated list, not a regulation': 2 })
  })

  test('links by Korean name, else by English name', () => {
    const linked = (inci: string) =>
      all<{ name_ko: string; matched_by: string }>(
        `SELECT r.name_ko, x.matched_by FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id
          JOIN ingredients i ON i.id = x.ingredient_id WHERE i.inci_name = ? ORDER BY r.id`,
        inci,
      )
    expect(linked('PHENOXYETHANOL')).toEqual([{ name_ko: '페녹시에탄올', matched_by: 'korean_name' }])
    expect(linked('HYDROQUINONE')).toEqual([{ name_ko: '히드로퀴논', matched_by: 'english_name' }])
  })

  test('regression: "(2-Isopropylpent-4-enoyl)urea (Apronal)" is not linked to UREA', () => {
    expect(one<{ n: number }>("SELECT count(*) AS n FROM kr_rules WHERE name_en LIKE '(2-Isopropylpent-4-enoyl)urea%'")!.n).toBe(1)
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM ingredient_kr_rules x JOIN ingredients i ON i.id = x.ingredient_id WHERE i.inci_name = 'UREA'",
      )!.n,
    ).toBe(0)
  })
})

describe('sources table', () => {
  test('one row per file, with dates and counts', () => {
    const rows = all<{
      id: number
      name: string
      file: string
      source_date: string | null
      rows_read: number
      rows_used: number
      rows_rejected: number
    }>('SELECT id, name, file, source_date, rows_read, rows_used, rows_rejected FROM sources ORDER BY id')
    expect(rows.map(({ id, name, file, source_date }) => ({ id, name, file, source_date }))).toEqual([
      { id: 1, name: 'cosing_inventory', file: 'eu_cosing_ingredients_2021-sample.csv', source_date: '2021-11-22' },
      { id: 2, name: 'cosing_annex_II', file: 'eu_cosing_annex_II_prohibited-sample.csv', source_date: '2025-12-08' },
      { id: 3, name: 'cosing_annex_III', file: 'eu_cosing_annex_III_restricted-sample.csv', source_date: '2025-12-08' },
      { id: 4, name: 'cosing_annex_IV', file: 'eu_cosing_annex_IV_colorants-sample.csv', source_date: '2025-10-31' },
      { id: 5, name: 'cosing_annex_V', file: 'eu_cosing_annex_V_preservatives-sample.csv', source_date: '2025-10-31' },
      { id: 6, name: 'cosing_annex_VI', file: 'eu_cosing_annex_VI_uv_filters-sample.csv', source_date: '2025-10-31' },
      { id: 7, name: 'mfds_ingredients', file: 'kr_mfds_cosmetic_ingredients_20260406-sample.csv', source_date: '2026-04-06' },
      { id: 8, name: 'kr_rules_transcription', file: 'kr_mfds_banned_restricted_studyguide-sample.json', source_date: null },
      { id: 9, name: 'cn_iecic_2021', file: 'cn_nmpa_iecic_2021-sample.csv', source_date: '2021-04-30' },
      { id: 10, name: 'cn_iecic_revised', file: 'cn_iecic_revised_2025-10-sample.csv', source_date: '2025-10-20' },
      { id: 11, name: 'cn_stsc_prohibited', file: 'cn_stsc_prohibited_2026-01-sample.csv', source_date: '2026-01-12' },
      {
        id: 12,
        name: 'cn_stsc_prohibited_plant_animal',
        file: 'cn_stsc_prohibited_plant_animal_2026-01-sample.csv',
        source_date: '2026-01-12',
      },
      { id: 13, name: 'cn_stsc_restricted', file: 'cn_stsc_restricted_2026-01-sample.csv', source_date: '2026-01-12' },
      { id: 14, name: 'cn_stsc_preservatives', file: 'cn_stsc_permitted_preservatives_2026-01-sample.csv', source_date: '2026-01-12' },
      { id: 15, name: 'cn_stsc_uv_filters', file: 'cn_stsc_permitted_uv_filters_2026-01-sample.csv', source_date: '2026-01-12' },
      { id: 16, name: 'cn_stsc_colorants', file: 'cn_stsc_permitted_colorants_2026-01-sample.csv', source_date: '2026-01-12' },
      { id: 17, name: 'cn_stsc_hair_dyes', file: 'cn_stsc_permitted_hair_dyes_2026-01-sample.csv', source_date: '2026-01-12' },
      { id: 18, name: 'cosing_2026_names', file: 'eu_cosing_inci_functions_2026-08-sample.csv', source_date: '2026-08-10' },
    ])
    for (const r of rows) {
      expect(r.rows_read).toBeGreaterThan(0)
      expect(r.rows_used + r.rows_rejected).toBe(r.rows_read)
    }
  })

  test('the summary matches the table and formats to a few lines', () => {
    expect(summary.sources.map((s) => s.rowsRead)).toEqual(
      all<{ n: number }>('SELECT rows_read AS n FROM sources ORDER BY id').map((r) => r.n),
    )
    const text = formatSummary(summary)
    expect(text).toStartWith(`a.sqlite: ${summary.ingredients.total} ingredients`)
    expect(text).toContain(
      'eu_cosing_annex_V_preservatives-sample.csv [2025-10-31]: 15 read, 14 used, 1 rejected (moved_or_deleted_placeholder: 1)',
    )
    expect(text).toContain('CosIng 2026: 142 names, 137 linked, 5 new ingredients, 1 CosIng 2021 names gone')
    expect(text.split('\n').length).toBeLessThanOrEqual(32)
    expect(text).toContain('0 unreachable')
  })
})

describe('search index', () => {
  const ftsIds = (phrase: string) =>
    all<{ inci: string | null }>(
      `SELECT DISTINCT i.inci_name AS inci FROM names_fts JOIN search_names n ON n.pos = names_fts.rowid
         JOIN ingredients i ON i.id = n.owner_id WHERE names_fts MATCH ? ORDER BY 1`,
      `"${phrase}"`,
    ).map((r) => r.inci)

  test('trigram search finds HYALURON in English and 히알루론 in a Korean synonym', () => {
    // CALCIUM HYALURONATE: a CosIng name added since 2021 (the 2026 list).
    expect(ftsIds('HYALURON')).toEqual(['CALCIUM HYALURONATE', 'HYALURONIC ACID', 'HYDROLYZED HYALURONIC ACID', 'SODIUM HYALURONATE'])
    expect(ftsIds('hyaluron')).toEqual(['CALCIUM HYALURONATE', 'HYALURONIC ACID', 'HYDROLYZED HYALURONIC ACID', 'SODIUM HYALURONATE'])
    expect(ftsIds('히알루론')).toEqual(['HYALURONIC ACID'])
  })
})

describe('stable ids', () => {
  test('a second build of the same sources has the same ids and the same ingredient rows', async () => {
    const other = join(dir, 'b.sqlite')
    await importDatabase({ sourcesDir: SAMPLE_DIR, outFile: other, builtAt: BUILT_AT })
    const db2 = new Database(other, { readonly: true })
    try {
      for (const table of [
        'ingredients',
        'names',
        'cas_numbers',
        'eu_annex_entries',
        'ingredient_eu_annex',
        'kr_rules',
        'ingredient_kr_rules',
        'sources',
        'meta',
      ]) {
        const sql = `SELECT * FROM ${table} ORDER BY 1, 2`
        expect(db2.query(sql).all()).toEqual(db.query(sql).all())
      }
    } finally {
      db2.close()
      await unlink(other)
    }
  })
})

describe('errors', () => {
  /** A copy of the sample that a test may break. */
  async function sampleCopy(): Promise<string> {
    const copy = await mkdtemp(join(tmpdir(), 'kbeauty-sources-'))
    await cp(SAMPLE_DIR, copy, { recursive: true })
    return copy
  }

  async function importError(sourcesDir: string, outFile = join(dir, 'never.sqlite')): Promise<ImportError> {
    try {
      await importDatabase({ sourcesDir, outFile })
    } catch (err) {
      expect(err).toBeInstanceOf(ImportError)
      return err as ImportError
    }
    throw new Error('expected an ImportError')
  }

  test('a missing file is named (Annex V missing while Annex VI is present)', async () => {
    const copy = await sampleCopy()
    try {
      await unlink(join(copy, 'eu_cosing_annex_V_preservatives-sample.csv'))
      expect((await importError(copy)).message).toBe(
        `eu_cosing_annex_V*.csv: required file not found in ${copy} (expected the CosIng Annex V export)`,
      )
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  test('a missing sources directory', async () => {
    const missing = join(dir, 'no-such-dir')
    expect((await importError(missing)).message).toBe(`sources directory ${missing}: cannot list it (ENOENT)`)
  })

  test('a garbage annex file gets a clear message, and the old database stays in place', async () => {
    const copy = await sampleCopy()
    const out = join(dir, 'keep.sqlite')
    await writeFile(out, 'previous database')
    try {
      await writeFile(join(copy, 'eu_cosing_annex_III_restricted-sample.csv'), 'this is not\nan annex export\n')
      expect((await importError(copy, out)).message).toBe(
        'eu_cosing_annex_III_restricted-sample.csv: expected a CSV header starting with "Reference Number" within the first 10 lines',
      )
      expect(await Bun.file(out).text()).toBe('previous database')
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
    } finally {
      await rm(copy, { recursive: true, force: true })
      await unlink(out)
    }
  })

  test.each([
    [
      'an annex header without its columns',
      'eu_cosing_annex_VI_uv_filters-sample.csv',
      '"Reference Number","Chemical name / INN"\n1,x\n',
      /^eu_cosing_annex_VI_uv_filters-sample\.csv: expected the columns "CAS Number", "EC Number", .*"Name of Common Ingredients Glossary" in the header, found \["Reference Number", "Chemical name \/ INN"\]$/,
    ],
    [
      'Annex VI content in the Annex V file',
      'eu_cosing_annex_V_preservatives-sample.csv',
      '"ANNEX VI","Last update: 31/10/2025"\n"Reference Number",x\n',
      /eu_cosing_annex_V_preservatives-sample\.csv: expected the export of Annex V, but its preamble says "ANNEX VI"/,
    ],
    [
      'an unterminated quote',
      'eu_cosing_annex_IV_colorants-sample.csv',
      '"Reference Number","Chemical name"\n1,"never closed\n',
      /^eu_cosing_annex_IV_colorants-sample\.csv: malformed CSV near line 2 \(CSV_QUOTE_NOT_CLOSED: Quote Not Closed: the parsing is finished with an opening quote\)$/,
    ],
    [
      'an MFDS file with another header',
      'kr_mfds_cosmetic_ingredients_20260406-sample.csv',
      'a,b,c\n1,2,3\n',
      /kr_mfds_cosmetic_ingredients_20260406-sample\.csv: expected a CSV header starting with "No"/,
    ],
    [
      'a CosIng inventory without its function column',
      'eu_cosing_ingredients_2021-sample.csv',
      'cosing_ref_no,inci_name,inn_name,ph_eur_name,cas_no,ec_no,chem_iupac_name___description,restriction,update_date\n1,X,,,,,,,\n',
      /^eu_cosing_ingredients_2021-sample\.csv: expected a column "function" in the header, found \["cosing_ref_no", "inci_name", /,
    ],
    [
      'KR rules that are not JSON',
      'kr_mfds_banned_restricted_studyguide-sample.json',
      '<html>',
      /kr_mfds_banned_restricted_studyguide-sample\.json: expected a JSON array of objects, found invalid JSON/,
    ],
    [
      'KR rules that are not an array',
      'kr_mfds_banned_restricted_studyguide-sample.json',
      '{"a":1}',
      /kr_mfds_banned_restricted_studyguide-sample\.json: expected a JSON array of objects, found object/,
    ],
    [
      'bytes that are not UTF-8',
      'eu_cosing_annex_II_prohibited-sample.csv',
      new Uint8Array([0xff, 0xfe, 0x41]),
      /eu_cosing_annex_II_prohibited-sample\.csv: expected UTF-8 text/,
    ],
  ])('%s', async (_what, file, content, message) => {
    const copy = await sampleCopy()
    try {
      await writeFile(join(copy, file), content)
      expect((await importError(copy)).message).toMatch(message)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  test('two editions of one source are refused', async () => {
    const copy = await sampleCopy()
    try {
      await cp(join(copy, 'eu_cosing_ingredients_2021-sample.csv'), join(copy, 'eu_cosing_ingredients_2022.csv'))
      expect((await importError(copy)).message).toBe(
        `eu_cosing_ingredients_*.csv: 2 files match in ${copy} (eu_cosing_ingredients_2021-sample.csv, eu_cosing_ingredients_2022.csv); keep only one`,
      )
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  test('an MFDS file in CP949 (as downloaded from data.go.kr) is decoded', async () => {
    const copy = await sampleCopy()
    try {
      const path = join(copy, 'kr_mfds_cosmetic_ingredients_20260406-sample.csv')
      const utf8 = await Bun.file(path).text()
      const proc = Bun.spawnSync(['iconv', '-f', 'UTF-8', '-t', 'CP949'], { stdin: new TextEncoder().encode(utf8) })
      if (proc.exitCode !== 0) return // iconv without CP949: nothing to test here
      await writeFile(path, proc.stdout)
      const out = join(dir, 'cp949.sqlite')
      const lines: string[] = []
      await importDatabase({ sourcesDir: copy, outFile: out, log: (l) => lines.push(l) })
      expect(lines).toContain('kr_mfds_cosmetic_ingredients_20260406-sample.csv: decoded as cp949')
      const db3 = new Database(out, { readonly: true })
      expect(db3.query("SELECT korean_name FROM ingredients WHERE inci_name = 'NIACINAMIDE'").get()).toEqual({
        korean_name: '나이아신아마이드',
      })
      db3.close()
      await unlink(out)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  test('the output directory is created when missing', async () => {
    const out = join(dir, 'nested', 'deeper', 'c.sqlite')
    await importDatabase({ sourcesDir: SAMPLE_DIR, outFile: out })
    expect((await stat(out)).size).toBeGreaterThan(0)
    await rm(join(dir, 'nested'), { recursive: true })
  })
})
