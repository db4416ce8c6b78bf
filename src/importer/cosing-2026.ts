/**
 * Reader for the CosIng INCI names and functions of 2026-08-10
 * (eu_cosing_inci_functions_2026-08.csv, SOURCES.md §8): every INCI name current in 2026 with
 * today's functions, nothing else (no CAS, no description). Diffed against the Dec 2021
 * inventory it gives the names added since 2021 and the names gone since.
 */
import { normaliseName } from '../ingredients/identifiers.ts'
import { cleanCell, columnIndex, parseCsvTable } from './csv-table.ts'
import { countReason, newStats, rejectRow, type SourceStats } from './source-stats.ts'

export interface Cosing2026Name {
  /** INCI name as printed. */
  inciName: string
  /** Functions in the 2026 nomenclature, as printed, without `NOT REPORTED`. */
  functions: string[]
}

/** The day the CosIng search service was enumerated (the file carries no date). */
export const COSING_2026_DATE = '2026-08-10'

const COLUMNS = { inciName: ['inci_name', 'INCI name'], functions: ['functions', 'Functions'] } as const

/**
 * Parses the list. Rejected rows: no name (`inci_name_missing`), a name seen before
 * (`inci_name_duplicate`, compared by `normaliseName`). Rows without a function are kept and
 * counted (`functions_missing`). Throws ImportError when the header is not the list's.
 */
export function parseCosing2026(text: string, file: string): { names: Cosing2026Name[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, COLUMNS.inciName)
  const col = columnIndex(table.header, file, COLUMNS)
  const stats = newStats('cosing_2026_names', file)
  stats.sourceDate = COSING_2026_DATE
  const seen = new Set<string>()
  const names: Cosing2026Name[] = []
  for (const cells of table.records) {
    stats.rowsRead++
    const inciName = cleanCell(cells[col.inciName])
    if (inciName === null) {
      rejectRow(stats, 'inci_name_missing')
      continue
    }
    const key = normaliseName(inciName)
    if (seen.has(key)) {
      rejectRow(stats, 'inci_name_duplicate')
      continue
    }
    seen.add(key)
    const functions = [
      ...new Set(
        (cells[col.functions] ?? '')
          .split('|')
          .map((f) => f.replace(/\s+/g, ' ').trim())
          .filter((f) => f !== '' && f.toUpperCase() !== 'NOT REPORTED'),
      ),
    ]
    if (functions.length === 0) countReason(stats, 'functions_missing')
    names.push({ inciName, functions })
    stats.rowsUsed++
  }
  return { names, stats }
}

/** Names of 2026 missing from 2021 (added) and of 2021 missing from 2026 (gone: renamed or deleted), by `normaliseName`. */
export function diffCosingNames(names2021: readonly string[], names2026: readonly string[]): { added: string[]; gone: string[] } {
  const a = new Set(names2021.map(normaliseName))
  const b = new Set(names2026.map(normaliseName))
  return {
    added: names2026.filter((n) => !a.has(normaliseName(n))),
    gone: [...new Set(names2021.filter((n) => !b.has(normaliseName(n))))],
  }
}
