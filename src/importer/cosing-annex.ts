/**
 * Reader for the CosIng Annex II–VI CSV exports (eu_cosing_annex_<N>_*.csv; format and
 * quirks: ../shared/data/SOURCES.md §2): a 4-line preamble, then a quoted CSV whose cells
 * often span several lines.
 */
import {
  extractCasNumbers,
  extractEcNumbers,
  extractInvalidCasNumbers,
  extractInvalidEcNumbers,
  isoDateFromDmy,
  normaliseName,
  splitNameList,
} from '../ingredients/identifiers.ts'
import { cleanCell, columnIndex, parseCsvTable } from './csv-table.ts'
import { ImportError } from './import-error.ts'
import { countReason, newStats, rejectRow, type SourceStats } from './source-stats.ts'

export type AnnexNumber = 'II' | 'III' | 'IV' | 'V' | 'VI'

/** Annexes in order, with the number used in entry ids (annex number × 100000 + row). */
export const ANNEXES: readonly { annex: AnnexNumber; number: number }[] = [
  { annex: 'II', number: 2 },
  { annex: 'III', number: 3 },
  { annex: 'IV', number: 4 },
  { annex: 'V', number: 5 },
  { annex: 'VI', number: 6 },
]

/** Room for row positions inside one annex's id range. */
export const ANNEX_ID_STRIDE = 100_000

/** One annex export row, cleaned (cells trimmed, `-` and empty → null, newlines kept). */
export interface AnnexEntry {
  /** Stable: annex number × ANNEX_ID_STRIDE + 1-based row position among the data rows. */
  id: number
  annex: AnnexNumber
  referenceNumber: string
  chemicalName: string | null
  /** Name of Common Ingredients Glossary (Annex IV: colour index number / glossary name). */
  glossaryName: string | null
  casNumbers: string[]
  ecNumbers: string[]
  productType: string | null
  maxConcentration: string | null
  other: string | null
  conditions: string | null
  /** Annex IV only. */
  colour: string | null
  regulation: string | null
  cmr: string | null
  updateDate: string | null
  /** `Identified INGREDIENTS or substances e.g.` split on commas, as name keys. */
  identifiedIngredients: string[]
}

const REFERENCE = ['Reference Number'] as const
const COMMON = {
  reference: REFERENCE,
  cas: ['CAS Number'],
  ec: ['EC Number'],
  regulation: ['Regulation'],
  identified: ['Identified INGREDIENTS or substances e.g.'],
  cmr: ['CMR'],
  updateDate: ['Update Date'],
} as const
const CONDITIONS = {
  productType: ['Product Type, body parts'],
  maxConcentration: ['Maximum concentration in ready for use preparation'],
  other: ['Other'],
  conditions: ['Wording of conditions of use and warnings'],
} as const

/** The header of each annex (SOURCES.md §2 "Columns"). */
const COLUMNS_BY_ANNEX = {
  II: { ...COMMON, chemicalName: ['Chemical name / INN'] },
  III: { ...COMMON, ...CONDITIONS, chemicalName: ['Chemical name / INN'], glossary: ['Name of Common Ingredients Glossary'] },
  IV: {
    ...COMMON,
    ...CONDITIONS,
    chemicalName: ['Chemical name', 'Chemical name / INN'],
    glossary: ['Colour index Number / Name of Common Ingredients Glossary', 'Name of Common Ingredients Glossary'],
    colour: ['Color', 'Colour'],
  },
  V: { ...COMMON, ...CONDITIONS, chemicalName: ['Chemical name / INN'], glossary: ['Name of Common Ingredients Glossary'] },
  VI: { ...COMMON, ...CONDITIONS, chemicalName: ['Chemical name / INN'], glossary: ['Name of Common Ingredients Glossary'] },
} as const

/**
 * Withdrawn entries keep their reference number as a row whose chemical name says this
 * (SOURCES.md mentions Annex V; the Dec 2025 exports also have 18 in Annex II, 2 in III and
 * 1 in VI — some still list identified ingredients, which must not be linked).
 */
const MOVED_OR_DELETED = /^moved or deleted\b/i

/**
 * Parses one annex export. Checks that the preamble, if it names an annex, names this one
 * (`"ANNEX III","Last update: …"`), so two swapped files fail loudly. `sourceDate` is the
 * preamble's "Last update" (else "File creation date").
 * Rejected rows: no reference number (`reference_number_missing`), "Moved or deleted"
 * placeholders in any annex (`moved_or_deleted_placeholder`). Rejected rows still occupy their position, so the ids
 * of the other rows do not move.
 * Throws ImportError when the header or the preamble is not the expected one.
 */
export function parseAnnex(text: string, file: string, annex: AnnexNumber): { entries: AnnexEntry[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, REFERENCE)
  checkPreamble(table.preamble, file, annex)
  const stats = newStats(`cosing_annex_${annex}`, file)
  stats.sourceDate = preambleDate(table.preamble)
  const number = ANNEXES.find((a) => a.annex === annex)!.number
  const columns: Record<string, readonly string[]> = COLUMNS_BY_ANNEX[annex]
  const col = columnIndex(table.header, file, columns)
  const cell = (cells: string[], key: string): string | null => (key in col ? cleanCell(cells[col[key]!]) : null)
  if (table.records.length >= ANNEX_ID_STRIDE) {
    throw new ImportError(`${file}: expected fewer than ${ANNEX_ID_STRIDE} rows, found ${table.records.length}`)
  }

  const entries: AnnexEntry[] = []
  table.records.forEach((cells, index) => {
    stats.rowsRead++
    const referenceNumber = cell(cells, 'reference')
    if (referenceNumber === null) {
      rejectRow(stats, 'reference_number_missing')
      return
    }
    const chemicalName = cell(cells, 'chemicalName')
    if (chemicalName !== null && MOVED_OR_DELETED.test(chemicalName)) {
      rejectRow(stats, 'moved_or_deleted_placeholder')
      return
    }
    const casCell = cells[col.cas!]
    const ecCell = cells[col.ec!]
    countReason(stats, 'cas_invalid_check_digit', extractInvalidCasNumbers(casCell).length)
    countReason(stats, 'ec_invalid_check_digit', extractInvalidEcNumbers(ecCell).length)
    entries.push({
      id: number * ANNEX_ID_STRIDE + index + 1,
      annex,
      referenceNumber,
      chemicalName,
      glossaryName: cell(cells, 'glossary'),
      casNumbers: extractCasNumbers(casCell),
      ecNumbers: extractEcNumbers(ecCell),
      productType: cell(cells, 'productType'),
      maxConcentration: cell(cells, 'maxConcentration'),
      other: cell(cells, 'other'),
      conditions: cell(cells, 'conditions'),
      colour: cell(cells, 'colour'),
      regulation: cell(cells, 'regulation'),
      cmr: cell(cells, 'cmr'),
      updateDate: isoDateFromDmy(cells[col.updateDate!]),
      identifiedIngredients: splitIdentifiedIngredients(cells[col.identified!]),
    })
    stats.rowsUsed++
  })
  return { entries, stats }
}

/**
 * `Identified INGREDIENTS or substances e.g.` → name keys. The cell is a comma list of
 * INCI names without spaces (`BENZOIC ACID,SODIUM BENZOATE`), sometimes with stray spaces,
 * empty items (`,RETINOIC ACID`, `CI 77491,,,,,`) or repeats. Many names carry locant
 * commas (`TOLUENE-2,5-DIAMINE`, `4,4'-DIAMINODIPHENYLAMINE`), so commas between digits
 * and inside parentheses do not split (`splitNameList`).
 */
export function splitIdentifiedIngredients(cell: string | undefined): string[] {
  const out: string[] = []
  for (const part of splitNameList(cell)) {
    const key = normaliseName(part)
    if (key !== '' && !out.includes(key)) out.push(key)
  }
  return out
}

function checkPreamble(preamble: readonly string[], file: string, annex: AnnexNumber): void {
  for (const line of preamble) {
    const m = /^\s*"?ANNEX\s+([IVX]+)"?\s*(,|$)/i.exec(line)
    if (m && m[1]!.toUpperCase() !== annex) {
      throw new ImportError(`${file}: expected the export of Annex ${annex}, but its preamble says "ANNEX ${m[1]!.toUpperCase()}"`)
    }
  }
}

/** "Last update: 08/12/2025" (else "File creation date: …") in the preamble → ISO date. */
function preambleDate(preamble: readonly string[]): string | null {
  const text = preamble.join('\n')
  const m = /Last update:\s*(\d{2}\/\d{2}\/\d{4})/i.exec(text) ?? /File creation date:\s*(\d{2}\/\d{2}\/\d{4})/i.exec(text)
  return m ? isoDateFromDmy(m[1]) : null
}
