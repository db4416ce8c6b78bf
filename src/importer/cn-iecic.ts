/**
 * Readers for China's Inventory of Existing Cosmetic Ingredients (IECIC, 已使用化妆品原料目录):
 * the official 2021 edition (cn_nmpa_iecic_2021.csv, SOURCES.md §5) and the compilation with
 * NMPA's 2025 adjustments and former names (cn_iecic_revised_2025-10.csv, §6, secondary), and
 * their merge into one inventory. An ingredient absent from IECIC is a *new ingredient* in China.
 */
import { cleanCell, columnIndex, parseCsvTable, positiveIntegerCell } from './csv-table.ts'
import { countReason, newStats, rejectRow, type SourceStats } from './source-stats.ts'

/** Highest historical use in marketed products, % (a fact, not a legal limit). */
export type HistoricalUse = { kind: 'percent'; value: number } | { kind: 'not_applicable' } | { kind: 'no_data' }

/** One row of the 2021 edition. */
export interface Iecic2021Row {
  serial: number
  cnName: string
  inciName: string | null
  maxRinseOff: HistoricalUse
  maxLeaveOn: HistoricalUse
  remark: string | null
}

/** Catalogue of the 2025 compilation: 目录Ⅰ (the inventory), 目录Ⅱ (added in 2025), 新原料 (new-ingredient records). */
export type IecicCatalog = 'I' | 'II' | 'new_ingredient'

/** One row of the 2025 compilation. */
export interface IecicRevisedRow {
  catalog: IecicCatalog
  serial: number | null
  cnName: string
  inciName: string | null
  remark: string | null
  formerCnNames: string[]
  formerInciNames: string[]
  /** ISO date of the NMPA adjustment (2021-04-30 for rows unchanged since the 2021 edition). */
  adjustDate: string | null
  /** What the adjustment changed as printed: 备注, 中文名称, INCI名称/英文名称, 新增, 拆分, 合并到04231 … */
  adjustField: string | null
}

const COLUMNS_2021 = {
  serial: ['serial', '序号'],
  cnName: ['cn_name', '中文名称'],
  inciName: ['inci_or_en_name', 'INCI名称/英文名称'],
  rinseOff: ['max_hist_rinse_off_pct'],
  leaveOn: ['max_hist_leave_on_pct'],
  remark: ['remark', '备注'],
} as const

const COLUMNS_REVISED = {
  catalog: ['catalog'],
  serial: ['serial'],
  cnName: ['cn_name'],
  inciName: ['inci_or_en_name'],
  remark: ['remark'],
  formerCnName: ['former_cn_name'],
  formerInci: ['former_inci_or_alias'],
  adjustDate: ['adjust_date'],
  adjustField: ['adjust_field'],
} as const

const CATALOGS: Record<string, IecicCatalog> = { 目录Ⅰ: 'I', 目录I: 'I', 目录Ⅱ: 'II', 目录II: 'II', 新原料: 'new_ingredient' }

/**
 * Parses the 2021 edition. Rows need a positive integer serial (unique) and a Chinese name;
 * rejected otherwise (`serial_invalid`, `serial_duplicate`, `cn_name_missing`). A row without
 * INCI name is kept (30 in 2021: reachable by the Chinese name) and counted as `inci_name_missing`.
 * Historical-use cells: a number (as displayed, `1e-06` included), `/` = not applicable, empty = no
 * data; anything else is counted as `historical_use_unreadable` and read as no data.
 * `sourceDate` = 2021-04-30, the publication date of the edition (the file carries none).
 * Throws ImportError when the header is not the inventory's.
 */
export function parseIecic2021(text: string, file: string): { rows: Iecic2021Row[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, COLUMNS_2021.serial)
  const col = columnIndex(table.header, file, COLUMNS_2021)
  const stats = newStats('cn_iecic_2021', file)
  stats.sourceDate = IECIC_2021_DATE
  const seen = new Set<number>()
  const rows: Iecic2021Row[] = []
  for (const cells of table.records) {
    stats.rowsRead++
    const serial = positiveIntegerCell(cells[col.serial])
    if (serial === null) {
      rejectRow(stats, 'serial_invalid')
      continue
    }
    if (seen.has(serial)) {
      rejectRow(stats, 'serial_duplicate')
      continue
    }
    const cnName = cleanCell(cells[col.cnName])
    if (cnName === null) {
      rejectRow(stats, 'cn_name_missing')
      continue
    }
    seen.add(serial)
    const inciName = cleanCell(cells[col.inciName])
    if (inciName === null) countReason(stats, 'inci_name_missing')
    const use = (cell: string | undefined) => {
      const parsed = historicalUse(cell)
      if (parsed === null) {
        countReason(stats, 'historical_use_unreadable')
        return { kind: 'no_data' } as const
      }
      return parsed
    }
    rows.push({
      serial,
      cnName,
      inciName,
      maxRinseOff: use(cells[col.rinseOff]),
      maxLeaveOn: use(cells[col.leaveOn]),
      remark: cleanCell(cells[col.remark]),
    })
    stats.rowsUsed++
  }
  return { rows, stats }
}

/** Publication date of the IECIC 2021 edition (NMPA announcement of 2021-04-30). */
export const IECIC_2021_DATE = '2021-04-30'

/**
 * Parses the 2025 compilation. Rows need a known catalogue (`catalog_unknown`) and a Chinese
 * name (`cn_name_missing`); catalogue Ⅰ/Ⅱ rows need a serial (`serial_invalid`), unique within
 * the catalogue (`serial_duplicate`). Former INCI names may list several, separated by `|`.
 * The compiler's own columns (`compiler_*`) are ignored. `sourceDate` = the newest adjustment date.
 * Throws ImportError when the header is not the compilation's.
 */
export function parseIecicRevised(text: string, file: string): { rows: IecicRevisedRow[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, COLUMNS_REVISED.catalog)
  const col = columnIndex(table.header, file, COLUMNS_REVISED)
  const stats = newStats('cn_iecic_revised', file)
  const seen = new Set<string>()
  const rows: IecicRevisedRow[] = []
  let newest: string | null = null
  for (const cells of table.records) {
    stats.rowsRead++
    const catalog = CATALOGS[(cells[col.catalog] ?? '').trim()]
    if (catalog === undefined) {
      rejectRow(stats, 'catalog_unknown')
      continue
    }
    const cnName = cleanCell(cells[col.cnName])
    if (cnName === null) {
      rejectRow(stats, 'cn_name_missing')
      continue
    }
    const serial = positiveIntegerCell(cells[col.serial])
    if (catalog !== 'new_ingredient') {
      if (serial === null) {
        rejectRow(stats, 'serial_invalid')
        continue
      }
      if (seen.has(`${catalog}:${serial}`)) {
        rejectRow(stats, 'serial_duplicate')
        continue
      }
      seen.add(`${catalog}:${serial}`)
    }
    const adjustDate = isoDate(cells[col.adjustDate])
    if (adjustDate !== null && (newest === null || adjustDate > newest)) newest = adjustDate
    const adjustField = cleanCell(cells[col.adjustField])
    rows.push({
      catalog,
      serial,
      cnName,
      inciName: cleanCell(cells[col.inciName]),
      remark: cleanCell(cells[col.remark]),
      formerCnNames: splitFormer(cells[col.formerCnName]),
      formerInciNames: splitFormer(cells[col.formerInci]),
      adjustDate,
      adjustField: adjustField === '无' ? null : adjustField,
    })
    stats.rowsUsed++
  }
  stats.sourceDate = newest
  return { rows, stats }
}

/** `66.05` → percent; `/` → not applicable; empty → no data; anything else → null (unreadable). */
export function historicalUse(cell: string | undefined): HistoricalUse | null {
  const text = (cell ?? '').trim()
  if (text === '') return { kind: 'no_data' }
  if (text === '/' || text === '／') return { kind: 'not_applicable' }
  if (!/^\d+(?:\.\d+)?(?:e-?\d+)?$/i.test(text)) return null
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 && value <= 100 ? { kind: 'percent', value } : null
}

function isoDate(cell: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((cell ?? '').trim())
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}

function splitFormer(cell: string | undefined): string[] {
  const value = cleanCell(cell)
  if (value === null) return []
  return [
    ...new Set(
      value
        .split('|')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ]
}
