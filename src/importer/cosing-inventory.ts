/**
 * Reader for the EU CosIng Ingredients & Fragrance Inventory CSV
 * (eu_cosing_ingredients_*.csv; columns and quirks: ../shared/data/SOURCES.md §1).
 */
import { MFDS_ID_OFFSET } from '../db/schema.ts'
import {
  extractCasNumbers,
  extractEcNumbers,
  extractInvalidCasNumbers,
  extractInvalidEcNumbers,
  isoDateFromDmy,
} from '../ingredients/identifiers.ts'
import { cleanCell, columnIndex, parseCsvTable, positiveIntegerCell } from './csv-table.ts'
import { countReason, newStats, rejectRow, type SourceStats } from './source-stats.ts'

/** One CosIng inventory row, cleaned. */
export interface CosingIngredient {
  /** COSING Ref No: the stable CosIng id, also our ingredient id. */
  refNo: number
  /** INCI name as printed (upper case). */
  inciName: string
  innName: string | null
  phEurName: string | null
  /** Check-digit-valid CAS RNs, in cell order. */
  casNumbers: string[]
  /** Check-digit-valid EC numbers, in cell order. */
  ecNumbers: string[]
  description: string | null
  /** The 2021 annex pointer as printed, e.g. `III/98 V/3`. */
  restriction: string | null
  /** CosIng functions as printed, without `NOT REPORTED`. */
  functions: string[]
  /** ISO date. */
  updateDate: string | null
}

/**
 * Column labels: the snake_case names of the converted file in ../shared/data, then the
 * official CosIng export names (SOURCES.md §1 gives both), so an operator's own export works.
 */
const COLUMNS = {
  refNo: ['cosing_ref_no', 'COSING Ref No'],
  inciName: ['inci_name', 'INCI name'],
  innName: ['inn_name', 'INN name'],
  phEurName: ['ph_eur_name', 'Ph. Eur. Name'],
  casNo: ['cas_no', 'CAS No'],
  ecNo: ['ec_no', 'EC No'],
  description: ['chem_iupac_name___description', 'Chem/IUPAC Name / Description'],
  restriction: ['restriction', 'Restriction'],
  function: ['function', 'Function'],
  updateDate: ['update_date', 'Update Date'],
} as const

/** Not a function: CosIng's placeholder for "no function reported" (565 rows in 2021). */
const NOT_A_FUNCTION = 'NOT REPORTED'

/**
 * Parses the inventory. Every row with an integer, unique ref no and an INCI name is used;
 * invalid CAS/EC check digits drop that value only (counted as `cas_invalid_check_digit` /
 * `ec_invalid_check_digit`). `sourceDate` = the newest `update_date`.
 * Throws ImportError when the header is not the inventory's.
 */
export function parseCosingInventory(text: string, file: string): { ingredients: CosingIngredient[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, COLUMNS.refNo)
  const col = columnIndex(table.header, file, COLUMNS)
  const stats = newStats('cosing_inventory', file)
  const seen = new Set<number>()
  const ingredients: CosingIngredient[] = []
  let newest: string | null = null

  for (const cells of table.records) {
    stats.rowsRead++
    const refNo = positiveIntegerCell(cells[col.refNo])
    if (refNo === null) {
      rejectRow(stats, 'ref_no_invalid')
      continue
    }
    // MFDS-only ids start at MFDS_ID_OFFSET; a CosIng id up there would collide with them.
    if (refNo >= MFDS_ID_OFFSET) {
      rejectRow(stats, 'ref_no_out_of_range')
      continue
    }
    if (seen.has(refNo)) {
      rejectRow(stats, 'ref_no_duplicate')
      continue
    }
    const inciName = cleanCell(cells[col.inciName])
    if (inciName === null) {
      rejectRow(stats, 'inci_name_missing')
      continue
    }
    seen.add(refNo)
    const casCell = cells[col.casNo]
    const ecCell = cells[col.ecNo]
    countReason(stats, 'cas_invalid_check_digit', extractInvalidCasNumbers(casCell).length)
    countReason(stats, 'ec_invalid_check_digit', extractInvalidEcNumbers(ecCell).length)
    const updateDate = isoDateFromDmy(cells[col.updateDate])
    if (updateDate !== null && (newest === null || updateDate > newest)) newest = updateDate
    ingredients.push({
      refNo,
      inciName,
      innName: cleanCell(cells[col.innName]),
      phEurName: cleanCell(cells[col.phEurName]),
      casNumbers: extractCasNumbers(casCell),
      ecNumbers: extractEcNumbers(ecCell),
      description: cleanCell(cells[col.description]),
      restriction: cleanCell(cells[col.restriction]),
      functions: splitFunctions(cells[col.function]),
      updateDate,
    })
    stats.rowsUsed++
  }
  stats.sourceDate = newest
  return { ingredients, stats }
}

/** `"ANTISTATIC, HAIR CONDITIONING"` → both; `pH ADJUSTERS` kept as printed; `NOT REPORTED` dropped. */
export function splitFunctions(cell: string | undefined): string[] {
  if (!cell) return []
  const out: string[] = []
  for (const part of cell.split(',')) {
    const fn = part.replace(/\s+/g, ' ').trim()
    if (fn !== '' && fn !== '-' && fn.toUpperCase() !== NOT_A_FUNCTION && !out.includes(fn)) out.push(fn)
  }
  return out
}
