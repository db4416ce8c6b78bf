/**
 * data/sample is written by the team: its facts (names, CAS/EC numbers, functions, annex
 * references, serials, dates, limits, Chinese names) must be those of the official files,
 * and its prose (descriptions, definitions, condition texts) must be our own short wording
 * or empty — never a passage of the official text. Runs only when DATA_SOURCES_DIR points
 * at the official files (../shared/data in CI).
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'

const SAMPLE_DIR = join(import.meta.dir, '../../data/sample')
const OFFICIAL_DIR = process.env.DATA_SOURCES_DIR
const SAMPLE_FILES = readdirSync(SAMPLE_DIR).filter((f) => /-sample\.(csv|json)$/.test(f))
const officialName = (sample: string) => sample.replace(/-sample(\.\w+)$/, '$1')

type Row = Record<string, string>

/** Header + data rows as objects, after `skip` preamble records. */
async function csvRows(path: string, skip = 0): Promise<{ preamble: string[][]; header: string[]; rows: Row[] }> {
  const records = parse(await Bun.file(path).text(), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][]
  const header = records[skip]!
  const rows = records.slice(skip + 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
  return { preamble: records.slice(0, skip), header, rows }
}

/** Whitespace does not make a fact: PDF line breaks and spacing in the Chinese tables are layout. */
const compact = (s: string | undefined) => (s ?? '').replace(/[\s\u00ad]+/g, '')
/** The numbers of a limit cell, decimal commas read as points. */
const numbers = (s: string | undefined) =>
  new Set((s ?? '').match(/\d+(?:[.,]\d+)?/g)?.map((n) => String(Number(n.replace(',', '.')))) ?? [])

/**
 * The longest passage of `official` that `sample` repeats: runs of 8 words, or of 12
 * Chinese/Korean characters. A short fixed phrase (a scope term, an announcement number)
 * is a fact; a sentence is not ours to copy.
 */
function copiedPassage(sample: string, official: string): string | null {
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const sw = words(sample).join(' ')
  const ow = words(official)
  for (let i = 0; i + 8 <= ow.length; i++) {
    const run = ow.slice(i, i + 8).join(' ')
    if (sw.includes(run)) return run
  }
  const cjk = (s: string) => s.replace(/[^\u3400-\u9fff\uac00-\ud7af]/g, '')
  const sc = cjk(sample)
  const oc = cjk(official)
  for (let i = 0; i + 12 <= oc.length; i++) if (sc.includes(oc.slice(i, i + 12))) return oc.slice(i, i + 12)
  return null
}

/** Words that make a cell prose rather than a name (CosIng descriptions such as "X is an extract of …"). */
const PROSE = /\b(is|are|was|were|obtained|consisting|consists|derived|which|conforms|term|series)\b/i

interface Spec {
  /** Columns that identify the official row. */
  key: string[]
  /** Columns that must equal the official row (whitespace aside). */
  facts: string[]
  /** Limit columns: every number in the sample cell is a number of the official cell. */
  limits?: string[]
  /** Prose columns: our own wording or empty, sharing no passage with the official cell. */
  prose?: string[]
  /** Name columns that may be left empty; when filled, the official name, and never prose. */
  names?: string[]
  /** Columns the sample leaves empty (the compiler's notes, SCCS opinion titles). */
  empty?: string[]
  preamble?: number
}

const ANNEX_FACTS = [
  'Reference Number',
  'Chemical name / INN',
  'Chemical name',
  'Name of Common Ingredients Glossary',
  'Colour index Number / Name of Common Ingredients Glossary',
  'CAS Number',
  'EC Number',
  'Color',
  'Product Type, body parts',
  'Regulation',
  'Other Directives/Regulations',
  'Identified INGREDIENTS or substances e.g.',
  'CMR',
  'Update Date',
]
const ANNEX: Spec = {
  key: ['Reference Number', 'Product Type, body parts'],
  facts: ANNEX_FACTS,
  limits: ['Maximum concentration in ready for use preparation'],
  prose: ['Other', 'Wording of conditions of use and warnings'],
  names: ['Chemical/IUPAC Name'],
  empty: ['SCCS opinions'],
  preamble: 4,
}

const SPECS: Record<string, Spec> = {
  'eu_cosing_ingredients_2021.csv': {
    key: ['cosing_ref_no'],
    facts: ['cosing_ref_no', 'inci_name', 'inn_name', 'ph_eur_name', 'cas_no', 'ec_no', 'restriction', 'function', 'update_date'],
    names: ['chem_iupac_name___description'],
  },
  'kr_mfds_cosmetic_ingredients_20260406.csv': {
    key: ['No'],
    facts: ['No', '표준명 [INGR_KOR_NAME]', '영문명 [INGR_ENG_NAME]', 'CASNO [CAS_NO]', '이명 [INGR_SYNONYM]', 'rownum'],
    prose: ['기원및정의 [ORIGIN_MAJOR_KOR_NAME]'],
  },
  'eu_cosing_annex_II_prohibited.csv': ANNEX,
  'eu_cosing_annex_III_restricted.csv': ANNEX,
  'eu_cosing_annex_IV_colorants.csv': ANNEX,
  'eu_cosing_annex_V_preservatives.csv': ANNEX,
  'eu_cosing_annex_VI_uv_filters.csv': ANNEX,
  'eu_cosing_inci_functions_2026-08.csv': { key: ['inci_name'], facts: ['inci_name', 'functions'] },
  'cn_nmpa_iecic_2021.csv': {
    key: ['serial'],
    facts: ['serial', 'cn_name', 'inci_or_en_name', 'max_hist_rinse_off_pct', 'max_hist_leave_on_pct'],
    prose: ['remark'],
  },
  'cn_iecic_revised_2025-10.csv': {
    key: ['catalog', 'serial', 'cn_name'],
    facts: ['catalog', 'serial', 'cn_name', 'inci_or_en_name', 'former_cn_name', 'former_inci_or_alias', 'adjust_date', 'adjust_field'],
    prose: ['remark'],
    empty: ['compiler_inci_exists', 'compiler_in_own_encyclopedia', 'compiler_std_ingredient'],
  },
  'cn_stsc_prohibited_2026-01.csv': {
    key: ['serial', 'cn_name', 'en_name'],
    facts: ['table_marker', 'serial', 'cn_name', 'en_name', 'en_synonyms', 'cn_synonyms', 'en_name_no_cas', 'cas_no', 'ec_no'],
    prose: ['remark'],
  },
  'cn_stsc_prohibited_plant_animal_2026-01.csv': {
    key: ['serial', 'cn_name'],
    facts: ['serial', 'cn_name', 'latin_or_en_name', 'en_name_clean', 'cas_no', 'cn_synonyms', 'en_synonyms'],
    prose: ['note'],
  },
  'cn_stsc_restricted_2026-01.csv': {
    key: ['serial', 'cn_name', 'scope'],
    facts: ['serial', 'cn_name', 'en_name', 'inci_name', 'scope', 'en_synonyms', 'cn_synonyms'],
    limits: ['max_conc'],
    prose: ['other_limits', 'label_warnings', 'remark', 'remark2'],
  },
  'cn_stsc_permitted_preservatives_2026-01.csv': {
    key: ['serial', 'cn_name', 'en_name'],
    facts: ['serial', 'cn_name', 'en_name', 'inci_name', 'source_found', 'en_synonyms', 'cn_synonyms'],
    limits: ['max_conc'],
    prose: ['scope_limits', 'label_warnings', 'remark'],
  },
  'cn_stsc_permitted_uv_filters_2026-01.csv': {
    key: ['serial', 'cn_name', 'max_conc'],
    facts: ['serial', 'cn_name', 'en_name', 'inci_name'],
    limits: ['max_conc'],
    prose: ['other_limits', 'label_warnings', 'remark', 'extra'],
  },
  'cn_stsc_permitted_colorants_2026-01.csv': {
    key: ['serial', 'cn_name'],
    facts: [
      'serial',
      'ci_number',
      'ci_generic_name',
      'colour',
      'cn_name',
      'scope1_all_cosmetics',
      'scope2_not_eye',
      'scope3_no_mucous_contact',
      'scope4_brief_skin_contact',
      'en_synonyms',
      'cn_synonyms',
    ],
    prose: ['other_limits'],
  },
  'cn_stsc_permitted_hair_dyes_2026-01.csv': {
    key: ['serial', 'cn_name'],
    facts: ['serial', 'cn_name', 'inci_name', 'en_synonyms', 'cn_synonyms'],
    limits: ['max_conc_oxidative', 'max_conc_non_oxidative'],
    prose: ['other_limits', 'label_warnings', 'remark', 'extra'],
  },
}

/** Every way a sample row departs from its official row (empty = a faithful, own-worded row). */
function departures(spec: Spec, row: Row, official: Row): string[] {
  const out: string[] = []
  for (const c of spec.facts)
    if (c in row && compact(row[c]) !== compact(official[c]))
      out.push(`${c}: ${JSON.stringify(row[c])} ≠ official ${JSON.stringify(official[c])}`)
  for (const c of spec.limits ?? []) {
    const theirs = numbers(official[c])
    const extra = [...numbers(row[c])].filter((n) => !theirs.has(n))
    if (extra.length) out.push(`${c}: numbers ${extra.join(', ')} are not in the official limit`)
  }
  for (const c of spec.prose ?? []) {
    const copied = copiedPassage(row[c] ?? '', official[c] ?? '')
    if (copied) out.push(`${c}: copies the official text ("${copied}")`)
  }
  for (const c of spec.names ?? []) {
    const v = (row[c] ?? '').trim()
    if (v && (compact(v) !== compact(official[c]) || PROSE.test(v)))
      out.push(`${c}: a name cell must be empty or the official name, never prose`)
  }
  for (const c of spec.empty ?? []) if ((row[c] ?? '').trim()) out.push(`${c}: must be empty in the sample`)
  return out
}

describe.skipIf(!OFFICIAL_DIR)('data/sample: official facts in our own words', () => {
  test('every sample file is named after an official file, marked -sample, and has a spec here', async () => {
    const official = readdirSync(OFFICIAL_DIR!)
    for (const f of SAMPLE_FILES) {
      expect(official).toContain(officialName(f))
      if (!f.endsWith('.json')) expect(Object.keys(SPECS)).toContain(officialName(f))
    }
    expect(SAMPLE_FILES.length).toBe(Object.keys(SPECS).length + 1)
  })

  const csvFiles = SAMPLE_FILES.filter((f) => f.endsWith('.csv'))
  test.each(csvFiles)('%s: same header (and preamble); each row keeps the official facts and copies no prose', async (file) => {
    const spec = SPECS[officialName(file)]!
    const s = await csvRows(join(SAMPLE_DIR, file), spec.preamble ?? 0)
    const o = await csvRows(join(OFFICIAL_DIR!, officialName(file)), spec.preamble ?? 0)
    expect(s.preamble).toEqual(o.preamble)
    expect(s.header).toEqual(o.header)
    expect(s.rows.length).toBeGreaterThan(0)
    const keyOf = (r: Row) =>
      spec.key
        .filter((k) => k in r)
        .map((k) => compact(r[k]))
        .join('|')
    const byKey = new Map<string, Row[]>()
    for (const r of o.rows) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r])
    const problems: string[] = []
    for (const row of s.rows) {
      const candidates = byKey.get(keyOf(row)) ?? []
      if (candidates.length === 0) {
        problems.push(`${keyOf(row)}: no official row with this key`)
        continue
      }
      const best = candidates.map((c) => departures(spec, row, c)).sort((a, b) => a.length - b.length)[0]!
      problems.push(...best.map((p) => `${keyOf(row)}: ${p}`))
    }
    expect(problems).toEqual([])
  })

  test('the CosIng sample keeps at least 80 well-known ingredients', async () => {
    const s = await csvRows(join(SAMPLE_DIR, 'eu_cosing_ingredients_2021-sample.csv'))
    expect(s.rows.length).toBeGreaterThanOrEqual(80)
  })

  test('KR transcription: each object has an official twin (name, English name, type, category), in the official order; limits keep its numbers', async () => {
    const file = SAMPLE_FILES.find((f) => f.startsWith('kr_mfds_banned_restricted'))!
    const s = (await Bun.file(join(SAMPLE_DIR, file)).json()) as Row[]
    const o = (await Bun.file(join(OFFICIAL_DIR!, officialName(file))).json()) as Row[]
    const problems: string[] = []
    const positions = s.map((item) => {
      const at = o.findIndex(
        (c) => c.name === item.name && c.engName === item.engName && c.type === item.type && c.category === item.category,
      )
      if (at < 0) {
        problems.push(`${item.name}: no official object`)
        return -1
      }
      const theirs = numbers(o[at]!.limit)
      const extra = [...numbers(item.limit)].filter((n) => !theirs.has(n))
      if (extra.length) problems.push(`${item.name}: limit numbers ${extra.join(', ')} not in the official limit`)
      for (const c of ['description', 'tip', 'limit'] as const) {
        const copied = c === 'limit' ? null : copiedPassage(item[c] ?? '', o[at]![c] ?? '')
        if (copied) problems.push(`${item.name}: ${c} copies "${copied}"`)
      }
      return at
    })
    expect(problems).toEqual([])
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })
})
