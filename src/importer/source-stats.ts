/**
 * Per-file bookkeeping that ends up in the `sources` table and in the import summary.
 */

/** `sources.name` values (see src/db/schema.ts). */
export type SourceName =
  | 'cosing_inventory'
  | 'cosing_annex_II'
  | 'cosing_annex_III'
  | 'cosing_annex_IV'
  | 'cosing_annex_V'
  | 'cosing_annex_VI'
  | 'mfds_ingredients'
  | 'kr_rules_transcription'
  | 'cn_iecic_2021'
  | 'cn_iecic_revised'
  | 'cn_stsc_prohibited'
  | 'cn_stsc_prohibited_plant_animal'
  | 'cn_stsc_restricted'
  | 'cn_stsc_preservatives'
  | 'cn_stsc_uv_filters'
  | 'cn_stsc_colorants'
  | 'cn_stsc_hair_dyes'
  | 'cosing_2026_names'

/**
 * What one source file contributed.
 *  - `rowsRead` = data rows in the file; `rowsUsed + rowsRejected = rowsRead`.
 *  - `rejectReasons` counts reasons → occurrences. It holds both whole-row rejections
 *    (which add to `rowsRejected`) and dropped values inside a kept row, e.g.
 *    `cas_invalid_check_digit` (one per CAS RN dropped; the row is still used).
 */
export interface SourceStats {
  name: SourceName
  /** Base name of the file (never a path). */
  file: string
  /** ISO date (YYYY-MM-DD) of the data, when the file tells it. */
  sourceDate: string | null
  rowsRead: number
  rowsUsed: number
  rowsRejected: number
  rejectReasons: Record<string, number>
}

export function newStats(name: SourceName, file: string): SourceStats {
  return { name, file, sourceDate: null, rowsRead: 0, rowsUsed: 0, rowsRejected: 0, rejectReasons: {} }
}

/** Counts a dropped value (the row is kept). */
export function countReason(stats: SourceStats, reason: string, by = 1): void {
  if (by <= 0) return
  stats.rejectReasons[reason] = (stats.rejectReasons[reason] ?? 0) + by
}

/** Counts a whole row as rejected, with its reason. */
export function rejectRow(stats: SourceStats, reason: string): void {
  stats.rowsRejected++
  countReason(stats, reason)
}
