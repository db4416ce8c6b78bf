/**
 * Reader for the Korean MFDS 화장품 원료성분정보 CSV (kr_mfds_cosmetic_ingredients_*.csv;
 * columns and quirks: ../shared/data/SOURCES.md §3).
 */
import { extractCasNumbers, extractInvalidCasNumbers, splitNameList } from '../ingredients/identifiers.ts'
import { cleanCell, columnIndex, parseCsvTable, positiveIntegerCell } from './csv-table.ts'
import { countReason, newStats, rejectRow, type SourceStats } from './source-stats.ts'

/** One MFDS row, cleaned. */
export interface MfdsIngredient {
  /** MFDS row `No` (1..21723 in the 2026-04-06 file). */
  no: number
  /** 표준명: the Korean standard ingredient-labelling name. */
  koreanName: string
  /** 영문명 split into its alternatives ("Water,Aqua" → ["Water", "Aqua"]), as printed. */
  englishNames: string[]
  /** Check-digit-valid CAS RNs from CASNO (annotations such as `(DL-)` dropped). */
  casNumbers: string[]
  /** 기원및정의. */
  definition: string | null
  /** 이명 split on commas: Korean synonyms and older spellings. */
  synonyms: string[]
}

/**
 * Column labels: the bilingual header of the MFDS download, then its Korean part and its
 * API field name alone, so a re-saved file with shortened headers still reads.
 */
const COLUMNS = {
  no: ['No'],
  koreanName: ['표준명 [INGR_KOR_NAME]', '표준명', 'INGR_KOR_NAME'],
  englishName: ['영문명 [INGR_ENG_NAME]', '영문명', 'INGR_ENG_NAME'],
  cas: ['CASNO [CAS_NO]', 'CASNO', 'CAS_NO'],
  definition: ['기원및정의 [ORIGIN_MAJOR_KOR_NAME]', '기원및정의', 'ORIGIN_MAJOR_KOR_NAME'],
  synonyms: ['이명 [INGR_SYNONYM]', '이명', 'INGR_SYNONYM'],
} as const

/**
 * Parses the MFDS file. Rejected rows: `No` not a positive integer (`no_invalid`) or
 * repeated (`no_duplicate`), empty 표준명 (`korean_name_missing`). Invalid CAS check digits
 * drop the value only (`cas_invalid_check_digit`). `sourceDate` comes from the 8-digit date
 * in the file name (`…_20260406.csv` → 2026-04-06); the file itself has none.
 * Throws ImportError when the header is not the MFDS one.
 */
export function parseMfdsIngredients(text: string, file: string): { ingredients: MfdsIngredient[]; stats: SourceStats } {
  const table = parseCsvTable(text, file, COLUMNS.no)
  const col = columnIndex(table.header, file, COLUMNS)
  const stats = newStats('mfds_ingredients', file)
  stats.sourceDate = dateFromFileName(file)
  const seen = new Set<number>()
  const ingredients: MfdsIngredient[] = []

  for (const cells of table.records) {
    stats.rowsRead++
    const no = positiveIntegerCell(cells[col.no])
    if (no === null) {
      rejectRow(stats, 'no_invalid')
      continue
    }
    if (seen.has(no)) {
      rejectRow(stats, 'no_duplicate')
      continue
    }
    const koreanName = cleanCell(cells[col.koreanName])?.replace(/\s+/g, ' ') ?? null
    if (koreanName === null) {
      rejectRow(stats, 'korean_name_missing')
      continue
    }
    seen.add(no)
    const casCell = cells[col.cas]
    countReason(stats, 'cas_invalid_check_digit', extractInvalidCasNumbers(casCell).length)
    ingredients.push({
      no,
      koreanName,
      englishNames: splitNameList(cells[col.englishName]),
      casNumbers: extractCasNumbers(casCell),
      definition: cleanCell(cells[col.definition]),
      synonyms: splitNameList(cells[col.synonyms]),
    })
    stats.rowsUsed++
  }
  ingredients.sort((a, b) => a.no - b.no)
  return { ingredients, stats }
}

/** The first plausible `YYYYMMDD` in a file name → ISO date, else null. */
export function dateFromFileName(file: string): string | null {
  for (const m of file.matchAll(/(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g)) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (year >= 1990 && month >= 1 && month <= 12 && day >= 1 && day <= 31) return `${m[1]}-${m[2]}-${m[3]}`
  }
  return null
}
