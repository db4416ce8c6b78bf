/**
 * Reader for the Korean 별표1 / 별표2 transcription (kr_mfds_banned_restricted*.json;
 * ../shared/data/SOURCES.md §4). Secondary quality: every row is stored with
 * source = 'kr_rules_transcription' and the service labels it as an unofficial transcription.
 */
import { ImportError } from './import-error.ts'
import { newStats, rejectRow, type SourceStats } from './source-stats.ts'

/** One legal-list row. */
export interface KrRule {
  /** Stable: 1-based position in the JSON array (rejected rows keep their position). */
  id: number
  list: '별표1' | '별표2'
  status: 'prohibited' | 'restricted'
  /** Korean name as transcribed (the regulation's older spelling, e.g. 메칠이소치아졸리논). */
  nameKo: string
  /** The transcriber's English name (not always INCI). */
  nameEn: string | null
  category: string | null
  /** Free text as transcribed, e.g. `1.0%`; banned rows say `사용 불가 (0%)`. */
  maxLimit: string | null
  description: string | null
}

/** `type` → where the row sits in the regulation. */
const LISTS = {
  banned: { list: '별표1', status: 'prohibited' },
  restricted: { list: '별표2', status: 'restricted' },
} as const

/** Why `approved` rows are not imported: they are the study guide's own selection. */
export const APPROVED_REASON = 'approved: curated list, not a regulation'

/**
 * Parses the transcription: a JSON array of objects with string fields `name`, `engName`,
 * `type` (`banned` | `restricted` | `approved`), `category`, `description`, `limit`, `tip`.
 * Rejected rows: `approved` (APPROVED_REASON), unknown `type` (`type_unknown`), not an
 * object (`not_an_object`), no Korean name (`name_missing`). `sourceDate` stays null: the
 * file carries no date.
 * Throws ImportError when the text is not JSON or not an array.
 */
export function parseKrRules(text: string, file: string): { rules: KrRule[]; stats: SourceStats } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new ImportError(`${file}: expected a JSON array of objects, found invalid JSON (${(err as Error).message})`, { cause: err })
  }
  if (!Array.isArray(data))
    throw new ImportError(`${file}: expected a JSON array of objects, found ${data === null ? 'null' : typeof data}`)
  const stats = newStats('kr_rules_transcription', file)
  const rules: KrRule[] = []
  data.forEach((item: unknown, index) => {
    stats.rowsRead++
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      rejectRow(stats, 'not_an_object')
      return
    }
    const row = item as Record<string, unknown>
    const type = stringField(row.type)
    if (type === 'approved') {
      rejectRow(stats, APPROVED_REASON)
      return
    }
    if (type !== 'banned' && type !== 'restricted') {
      rejectRow(stats, 'type_unknown')
      return
    }
    const nameKo = stringField(row.name)
    if (nameKo === null) {
      rejectRow(stats, 'name_missing')
      return
    }
    const maxLimit = stringField(row.limit)
    rules.push({
      id: index + 1,
      ...LISTS[type],
      nameKo,
      nameEn: stringField(row.engName),
      category: stringField(row.category),
      maxLimit,
      description: stringField(row.description),
    })
    stats.rowsUsed++
  })
  return { rules, stats }
}

/** A trimmed non-empty string, else null; `-` (the transcriber's "nothing") → null. */
function stringField(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed === '' || trimmed === '-' ? null : trimmed
}
