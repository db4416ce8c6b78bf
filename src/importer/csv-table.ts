import { parse } from 'csv-parse/sync'
import { ImportError } from './import-error.ts'

/** A parsed CSV file: the lines before the header, the header cells, and the data records. */
export interface CsvTable {
  /** Physical lines before the header line (the CosIng annex preamble; usually empty). */
  preamble: string[]
  header: string[]
  /** Data records (cells as read) in file order. */
  records: string[][]
}

/** How many physical lines may precede the header (the annexes have 4; SOURCES.md §2). */
export const MAX_PREAMBLE_LINES = 10

/**
 * Parses CSV text whose header is the first line (among the first MAX_PREAMBLE_LINES) whose
 * first cell is `headerFirstCell` (case-sensitive, surrounding quotes and spaces ignored).
 * Quoted cells may hold newlines, which is why the text after the header goes through a
 * real CSV parser (csv-parse) as a whole. Every record must have as many cells as the
 * header. Empty lines are skipped.
 * Throws ImportError (message starts with `file`) when the header is not found or the CSV
 * is malformed.
 */
export function parseCsvTable(text: string, file: string, headerFirstCell: string | readonly string[]): CsvTable {
  const wanted = typeof headerFirstCell === 'string' ? [headerFirstCell] : headerFirstCell
  // The preamble lines are plain one-line records, so a physical-line scan is safe here.
  const lines = text.split('\n', MAX_PREAMBLE_LINES + 1)
  let offset = 0
  let headerLine = -1
  for (let i = 0; i < Math.min(lines.length, MAX_PREAMBLE_LINES); i++) {
    const first = firstCell(lines[i]!)
    if (wanted.includes(first)) {
      headerLine = i
      break
    }
    offset += lines[i]!.length + 1
  }
  if (headerLine < 0) {
    const expected = wanted.map((w) => `"${w}"`).join(' or ')
    throw new ImportError(`${file}: expected a CSV header starting with ${expected} within the first ${MAX_PREAMBLE_LINES} lines`)
  }
  let rows: string[][]
  try {
    rows = parse(text.slice(offset), { skip_empty_lines: true, relax_column_count: false, relax_quotes: false }) as string[][]
  } catch (err) {
    // csv-parse counts lines from the header; report the line number of the file.
    const { code, lines } = err as { code?: string; lines?: number }
    const line = headerLine + (lines ?? 1)
    const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+(at|on) line \d+$/, '')
    throw new ImportError(`${file}: malformed CSV near line ${line} (${code ?? 'parse error'}: ${detail})`, { cause: err })
  }
  const [head, ...records] = rows
  if (!head) throw new ImportError(`${file}: expected a CSV header line, found none`)
  return {
    preamble: lines.slice(0, headerLine),
    header: head.map((cell) => cell.replace(/\s+/g, ' ').trim()),
    records,
  }
}

/** The first CSV cell of one physical line, unquoted and trimmed. */
function firstCell(line: string): string {
  const trimmed = line.trimStart()
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1)
    return (end < 0 ? trimmed.slice(1) : trimmed.slice(1, end)).trim()
  }
  const comma = trimmed.indexOf(',')
  return (comma < 0 ? trimmed : trimmed.slice(0, comma)).trim()
}

/**
 * Maps logical column names to positions in `header`. Each logical column lists the
 * labels it may have (e.g. the renamed `cosing_ref_no` and the official `COSING Ref No`);
 * labels compare after trimming and collapsing spaces. Throws ImportError naming every
 * missing column (by its first label) and showing the start of the header found.
 */
export function columnIndex<K extends string>(
  header: readonly string[],
  file: string,
  columns: Record<K, readonly string[]>,
): Record<K, number> {
  const out = {} as Record<K, number>
  const missing: string[] = []
  for (const key of Object.keys(columns) as K[]) {
    const labels = columns[key]
    const at = header.findIndex((cell) => labels.includes(cell))
    if (at < 0) missing.push(`"${labels[0]}"`)
    else out[key] = at
  }
  if (missing.length) {
    const what = missing.length === 1 ? `a column ${missing[0]}` : `the columns ${missing.join(', ')}`
    throw new ImportError(`${file}: expected ${what} in the header, found ${describeHeader(header)}`)
  }
  return out
}

function describeHeader(header: readonly string[]): string {
  const shown = header.slice(0, 6).map((h) => JSON.stringify(h.slice(0, 40)))
  return `[${shown.join(', ')}${header.length > 6 ? ', …' : ''}]`
}

/** A cell as stored: newlines kept, trailing spaces of each line dropped, trimmed; `''` and `-` → null. */
export function cleanCell(cell: string | undefined): string | null {
  if (cell === undefined) return null
  const value = cell.replace(/[ \t\u00a0]+\n/g, '\n').trim()
  return value === '' || value === '-' ? null : value
}

/** A cell holding a positive integer (digits only, surrounding spaces allowed) → the number; anything else → null. */
export function positiveIntegerCell(cell: string | undefined): number | null {
  const text = (cell ?? '').trim()
  const n = /^\d+$/.test(text) ? Number(text) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : null
}
