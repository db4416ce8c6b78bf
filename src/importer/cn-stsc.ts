/**
 * Readers for the seven tables of China's 化妆品安全技术规范 (STSC, 2015 edition as amended to
 * January 2026; cn_stsc_*_2026-01.csv, SOURCES.md §7). **Secondary**: a third party's
 * consolidation of the official tables; every row is stored with CN_STSC_NOTE.
 */
import { extractCasNumbers, extractEcNumbers } from '../ingredients/identifiers.ts'
import { type CnCondition, type CnProductType, parseCnConditions, parseMax, tidyCnText } from './cn-conditions.ts'
import { cleanCell, columnIndex, parseCsvTable } from './csv-table.ts'
import { countReason, newStats, rejectRow, type SourceName, type SourceStats } from './source-stats.ts'

export { CN_STSC_NOTE } from '../db/cn-schema.ts'

export type CnTable = 'prohibited' | 'prohibited_plant_animal' | 'restricted' | 'preservatives' | 'uv_filters' | 'colorants' | 'hair_dyes'

/** Per table: its number in the STSC, what a listing means, the source name, the id base. */
export const CN_TABLES: Record<
  CnTable,
  {
    label: string
    tableNo: string
    status: 'prohibited' | 'restricted' | 'allowed_with_conditions'
    source: SourceName
    idBase: number
    file: RegExp
  }
> = {
  prohibited: {
    label: 'cn_stsc_prohibited_*.csv',
    tableNo: '表2',
    status: 'prohibited',
    source: 'cn_stsc_prohibited',
    idBase: 1_000_000,
    file: /^cn_stsc_prohibited_(?!plant)[^/]*\.csv$/,
  },
  prohibited_plant_animal: {
    label: 'cn_stsc_prohibited_plant_animal_*.csv',
    tableNo: '表2-2',
    status: 'prohibited',
    source: 'cn_stsc_prohibited_plant_animal',
    idBase: 2_000_000,
    file: /^cn_stsc_prohibited_plant_animal[^/]*\.csv$/,
  },
  restricted: {
    label: 'cn_stsc_restricted_*.csv',
    tableNo: '表3',
    status: 'restricted',
    source: 'cn_stsc_restricted',
    idBase: 3_000_000,
    file: /^cn_stsc_restricted[^/]*\.csv$/,
  },
  preservatives: {
    label: 'cn_stsc_permitted_preservatives_*.csv',
    tableNo: '表4',
    status: 'allowed_with_conditions',
    source: 'cn_stsc_preservatives',
    idBase: 4_000_000,
    file: /^cn_stsc_permitted_preservatives[^/]*\.csv$/,
  },
  uv_filters: {
    label: 'cn_stsc_permitted_uv_filters_*.csv',
    tableNo: '表5',
    status: 'allowed_with_conditions',
    source: 'cn_stsc_uv_filters',
    idBase: 5_000_000,
    file: /^cn_stsc_permitted_uv_filters[^/]*\.csv$/,
  },
  colorants: {
    label: 'cn_stsc_permitted_colorants_*.csv',
    tableNo: '表6',
    status: 'allowed_with_conditions',
    source: 'cn_stsc_colorants',
    idBase: 6_000_000,
    file: /^cn_stsc_permitted_colorants[^/]*\.csv$/,
  },
  hair_dyes: {
    label: 'cn_stsc_permitted_hair_dyes_*.csv',
    tableNo: '表7',
    status: 'allowed_with_conditions',
    source: 'cn_stsc_hair_dyes',
    idBase: 7_000_000,
    file: /^cn_stsc_permitted_hair_dyes[^/]*\.csv$/,
  },
}

export type CnNameKind = 'cn_name' | 'cn_synonym' | 'en_name' | 'en_synonym' | 'inci' | 'latin_name' | 'ci_number' | 'ci_generic_name'

/** One table row: a substance of an entry (an entry with sub-substances repeats its serial). */
export interface CnRegulatedRow {
  /** Stable: table id base + 1-based row position in the file. */
  id: number
  table: CnTable
  /** Entry number as printed (`新增` in one preservative row). */
  serial: string
  cnName: string | null
  enName: string | null
  inciName: string | null
  /** Every name of the row, primary first. */
  names: { name: string; lang: 'zh' | 'en'; kind: CnNameKind }[]
  casNumbers: string[]
  ecNumbers: string[]
  /** Raw texts, layout removed (the reference when `conditions` say `parsed: false`). */
  scope: string | null
  maxConc: string | null
  otherLimits: string | null
  labelWarnings: string | null
  remark: string | null
  conditions: CnCondition[]
  /** ISO date from which the row applies, when the remark gives a future start (自…起实施). */
  effectiveFrom: string | null
  /** ISO date from which 修改后/修订后 texts apply. */
  revisedFrom: string | null
  /** The NMPA announcement cited in the remark, e.g. `2026年第6号`. */
  announcement: string | null
  /** Prohibited-table serials the remark says the substance was moved to (列入禁用组分-序号1272). */
  movedToProhibited: string[]
  /** ISO date of that move when the remark gives one in the future (4-MBC → 1291 from 2027-01-01); null = moved already. */
  movedFrom: string | null
  /** The compiler added the row from another list (its marker kept, e.g. `CAS号查找得`). */
  compilerNote: string | null
}

type Columns = Record<string, readonly string[]>

const COLUMNS: Record<CnTable, Columns> = {
  prohibited: {
    table_marker: ['table_marker'],
    serial: ['serial'],
    cn_name: ['cn_name'],
    en_name: ['en_name'],
    remark: ['remark'],
    en_synonyms: ['en_synonyms'],
    cn_synonyms: ['cn_synonyms'],
    en_name_no_cas: ['en_name_no_cas'],
    cas_no: ['cas_no'],
    ec_no: ['ec_no'],
  },
  prohibited_plant_animal: {
    serial: ['serial'],
    cn_name: ['cn_name'],
    latin_or_en_name: ['latin_or_en_name'],
    en_name_clean: ['en_name_clean'],
    cas_no: ['cas_no'],
    cn_synonyms: ['cn_synonyms'],
    en_synonyms: ['en_synonyms'],
    note: ['note'],
  },
  restricted: {
    serial: ['serial'],
    cn_name: ['cn_name'],
    en_name: ['en_name'],
    inci_name: ['inci_name'],
    scope: ['scope'],
    max_conc: ['max_conc'],
    other_limits: ['other_limits'],
    label_warnings: ['label_warnings'],
    remark: ['remark'],
    en_synonyms: ['en_synonyms'],
    cn_synonyms: ['cn_synonyms'],
  },
  preservatives: {
    serial: ['serial'],
    cn_name: ['cn_name'],
    en_name: ['en_name'],
    inci_name: ['inci_name'],
    max_conc: ['max_conc'],
    scope_limits: ['scope_limits'],
    label_warnings: ['label_warnings'],
    remark: ['remark'],
    source_found: ['source_found'],
    en_synonyms: ['en_synonyms'],
    cn_synonyms: ['cn_synonyms'],
  },
  uv_filters: {
    serial: ['serial'],
    cn_name: ['cn_name'],
    en_name: ['en_name'],
    inci_name: ['inci_name'],
    max_conc: ['max_conc'],
    other_limits: ['other_limits'],
    label_warnings: ['label_warnings'],
    remark: ['remark'],
  },
  colorants: {
    serial: ['serial'],
    ci_number: ['ci_number'],
    ci_generic_name: ['ci_generic_name'],
    colour: ['colour'],
    cn_name: ['cn_name'],
    scope1: ['scope1_all_cosmetics'],
    scope2: ['scope2_not_eye'],
    scope3: ['scope3_no_mucous_contact'],
    scope4: ['scope4_brief_skin_contact'],
    other_limits: ['other_limits'],
    en_synonyms: ['en_synonyms'],
    cn_synonyms: ['cn_synonyms'],
  },
  hair_dyes: {
    serial: ['serial'],
    cn_name: ['cn_name'],
    inci_name: ['inci_name'],
    max_ox: ['max_conc_oxidative'],
    max_non_ox: ['max_conc_non_oxidative'],
    other_limits: ['other_limits'],
    label_warnings: ['label_warnings'],
    remark: ['remark'],
    en_synonyms: ['en_synonyms'],
    cn_synonyms: ['cn_synonyms'],
  },
}

/** The colorant table's four scope columns (marked ＋), in the STSC's words and ours. */
const COLORANT_SCOPES = [
  ['scope1', '各类化妆品', []],
  ['scope2', '除眼部化妆品之外的其他化妆品', ['eye']],
  ['scope3', '专用于不与黏膜接触的化妆品', ['mucous_membrane']],
  ['scope4', '专用于仅和皮肤暂时性接触的化妆品', []],
] as const satisfies readonly (readonly [string, string, readonly CnProductType[]])[]

/**
 * Parses one STSC table. Rows need a serial (`serial_missing`) and at least one name
 * (`name_missing`). Dropped values inside kept rows are counted: `cas_invalid_check_digit`;
 * `compiler_added` counts rows the compiler added; `conditions_not_fully_parsed` counts rows
 * whose limits the parser did not fully understand (their raw text is kept). `sourceDate` =
 * 2026-01-12, the latest NMPA announcement consolidated (2026 No. 6), as the file names say "2026-01".
 * Throws ImportError when the header is not the table's.
 */
export function parseCnTable(text: string, file: string, table: CnTable): { rows: CnRegulatedRow[]; stats: SourceStats } {
  const spec = CN_TABLES[table]
  const parsed = parseCsvTable(text, file, table === 'prohibited' ? 'table_marker' : 'serial')
  const col = columnIndex(parsed.header, file, COLUMNS[table])
  const stats = newStats(spec.source, file)
  stats.sourceDate = CN_STSC_DATE
  const rows: CnRegulatedRow[] = []
  parsed.records.forEach((cells, index) => {
    stats.rowsRead++
    const cell = (name: string) => (col[name] === undefined ? null : cleanCell(cells[col[name]!]))
    const tidy = (name: string) => tidyCnText(cell(name))
    const serial = cell('serial')
    if (serial === null) {
      rejectRow(stats, 'serial_missing')
      return
    }
    const names = namesOf(table, cell)
    if (names.length === 0) {
      rejectRow(stats, 'name_missing')
      return
    }
    const casText = [cell('cas_no'), cell('en_name')].filter(Boolean).join(' / ')
    countReason(stats, 'cas_invalid_check_digit', invalidCas(casText))
    const remark = tidy('remark') ?? tidy('note')
    const dates = remarkDates(remark)
    const marker = cell('table_marker')
    const compilerNote = (marker !== null && !/^\d/.test(marker) ? marker : null) ?? cell('source_found')
    if (compilerNote) countReason(stats, 'compiler_added')
    const scope = table === 'preservatives' ? tidy('scope_limits') : table === 'colorants' ? colorantScope(cell) : tidy('scope')
    const maxConc = tidy('max_conc')
    const otherLimits = tidy('other_limits')
    const labelWarnings = tidy('label_warnings')
    const conditions =
      table === 'colorants'
        ? colorantConditions(cell, otherLimits)
        : table === 'hair_dyes'
          ? hairDyeConditions(tidy('max_ox'), tidy('max_non_ox'), otherLimits, labelWarnings, dates.revisedFrom)
          : spec.status === 'prohibited'
            ? []
            : parseCnConditions({
                scope,
                maxConc,
                otherLimits: table === 'preservatives' ? scope : otherLimits,
                labelWarnings,
                revisedFrom: dates.revisedFrom,
              })
    if (conditions.some((c) => !c.parsed)) countReason(stats, 'conditions_not_fully_parsed')
    rows.push({
      id: spec.idBase + index + 1,
      table,
      serial,
      cnName: cell('cn_name'),
      enName: cell('en_name') ?? cell('latin_or_en_name'),
      inciName: cell('inci_name'),
      names,
      casNumbers: extractCasNumbers(casText),
      ecNumbers: extractEcNumbers(cell('ec_no')),
      scope,
      maxConc: table === 'hair_dyes' ? [tidy('max_ox'), tidy('max_non_ox')].filter(Boolean).join(' / ') || null : maxConc,
      otherLimits,
      labelWarnings,
      remark,
      conditions,
      effectiveFrom: spec.status === 'prohibited' ? dates.from : null,
      revisedFrom: dates.revisedFrom,
      announcement: dates.announcement,
      movedToProhibited: spec.status === 'prohibited' ? [] : dates.movedTo,
      movedFrom: spec.status === 'prohibited' || dates.movedTo.length === 0 ? null : dates.from,
      compilerNote,
    })
    stats.rowsUsed++
  })
  return { rows, stats }
}

/** Date of the latest NMPA announcement in the consolidation (2026 No. 6, 2026-01-12). */
export const CN_STSC_DATE = '2026-01-12'

/**
 * What a remark says about dates: 自2027年1月1日起实施 → from (a prohibition's start) or
 * revisedFrom (when the remark speaks of a revision, 修订/修改); 自发布之日起实施 = in force.
 */
export function remarkDates(remark: string | null): {
  from: string | null
  revisedFrom: string | null
  announcement: string | null
  movedTo: string[]
} {
  if (remark === null) return { from: null, revisedFrom: null, announcement: null, movedTo: [] }
  const flat = remark.replace(/\s+/g, '')
  const d = /(\d{4})年(\d{1,2})月(\d{1,2})日起(?:实施|施行)/.exec(flat)
  const date = d ? `${d[1]}-${d[2]!.padStart(2, '0')}-${d[3]!.padStart(2, '0')}` : null
  // "修订了该原料标准" revises a row; "标准制修订项目" (the announcement's title) does not.
  const revision = /修订了|修改了|修订后|修改后|修订该|修改该|修订本条/.test(flat)
  const a = /(\d{4})年第(\d+)号/.exec(flat)
  const moved = /禁用组分[-－—（(]?序号([\d、,，]+)/.exec(flat)
  return {
    from: revision ? null : date,
    revisedFrom: revision ? date : null,
    announcement: a ? `${a[1]}年第${a[2]}号` : null,
    movedTo: moved ? moved[1]!.split(/[、,，]/).filter(Boolean) : [],
  }
}

function namesOf(table: CnTable, cell: (name: string) => string | null): CnRegulatedRow['names'] {
  const out: CnRegulatedRow['names'] = []
  const add = (name: string | null, lang: 'zh' | 'en', kind: CnNameKind) => {
    if (name === null) return
    const clean = tidyCnText(name)!
    if (clean && !out.some((n) => n.lang === lang && n.name === clean)) out.push({ name: clean, lang, kind })
  }
  add(cell('cn_name'), 'zh', 'cn_name')
  if (table === 'prohibited') add(cell('en_name_no_cas'), 'en', 'en_name')
  add(cell('inci_name'), 'en', 'inci')
  add(cell('en_name')?.replace(/\s*[(（]CAS\s*No\.?[^)）]*[)）]/gi, '') ?? null, 'en', 'en_name')
  add(cell('en_name_clean'), 'en', 'latin_name')
  add(cell('latin_or_en_name'), 'en', 'latin_name')
  add(cell('ci_number'), 'en', 'ci_number')
  add(cell('ci_generic_name'), 'en', 'ci_generic_name')
  for (const s of splitSynonyms(cell('cn_synonyms'))) add(s, 'zh', 'cn_synonym')
  for (const s of splitSynonyms(cell('en_synonyms'))) add(s, 'en', 'en_synonym')
  return out
}

/** Synonym cells separate names with ；/; or line breaks (commas belong to chemical names). */
function splitSynonyms(cell: string | null): string[] {
  if (cell === null) return []
  return cell
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

function invalidCas(text: string): number {
  const shaped = new Set(text.match(/\d{2,7}-\d{2}-\d/g) ?? [])
  return shaped.size - extractCasNumbers(text).length
}

function colorantConditions(cell: (name: string) => string | null, other: string | null): CnCondition[] {
  const marked = COLORANT_SCOPES.filter(([c]) => cell(c) !== null)
  if (marked.length === 0 && other === null) return []
  const base = parseCnConditions({ scope: null, maxConc: null, otherLimits: other, labelWarnings: null, revisedFrom: null })[0]
  const limit = other === null ? null : parseMax(/最大浓度\s*(\d+(?:\.\d+)?\s*%)/.exec(other)?.[1] ?? null)
  return [
    {
      clause: null,
      scope: marked.map(([, words]) => words).join('；') || null,
      productTypes: marked.some(([c]) => c === 'scope4') ? ['rinse_off'] : [],
      notFor: [...new Set([...marked.flatMap(([, , not]) => not), ...(base?.notFor ?? [])])],
      maxPercent: limit?.percent ?? null,
      basis: null,
      total: false,
      phMax: null,
      phMin: null,
      notForChildrenUnder3: false,
      warnings: null,
      appliesFrom: null,
      appliesUntil: null,
      parsed: other === null,
    },
  ]
}

function colorantScope(cell: (name: string) => string | null): string | null {
  const marked = COLORANT_SCOPES.filter(([c]) => cell(c) !== null).map(([, words]) => words)
  return marked.length ? marked.join('；') : null
}

function hairDyeConditions(
  ox: string | null,
  nonOx: string | null,
  other: string | null,
  warn: string | null,
  revisedFrom: string | null,
): CnCondition[] {
  const out: CnCondition[] = []
  for (const [scope, max] of [
    ['氧化型染发产品', ox],
    ['非氧化型染发产品', nonOx],
  ] as const) {
    if (max === null) continue
    for (const c of parseCnConditions({ scope, maxConc: max, otherLimits: other, labelWarnings: warn, revisedFrom }))
      out.push({ ...c, productTypes: ['hair_dye'] })
  }
  return out
}
