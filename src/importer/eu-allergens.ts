/**
 * EU fragrance allergens: the Annex III entries whose condition is the labelling duty of
 * Regulation (EU) 2023/1545 (and 2003/15/EC before it) — the substance must be named in the
 * ingredient list above 0.001 % in leave-on and 0.01 % in rinse-off products. Read once at
 * import from the entry's "Other" / conditions text; 81 entries on the official 2025 export.
 */
import type { AnnexEntry } from './cosing-annex.ts'

/** The labelling thresholds of an allergen entry, in %. */
export interface AllergenThresholds {
  entryId: number
  leaveOnPct: number
  rinseOffPct: number
}

const LEAVE_ON = /(\d+[.,]\d+)\s*%\s*(?:in\s+|\()?leave-on/i
const RINSE_OFF = /(\d+[.,]\d+)\s*%\s*(?:in\s+|\()?rinse-off/i
const LIST_DUTY = /list of ingredients|ingredient list/i

/** The thresholds when `entry` is an Annex III allergen entry, else null. */
export function allergenThresholds(entry: AnnexEntry): AllergenThresholds | null {
  if (entry.annex !== 'III') return null
  const text = `${entry.other ?? ''}\n${entry.conditions ?? ''}`.replace(/\s+/g, ' ')
  if (!LIST_DUTY.test(text)) return null
  const leave = LEAVE_ON.exec(text)
  const rinse = RINSE_OFF.exec(text)
  if (!leave || !rinse) return null
  const pct = (s: string) => Number(s.replace(',', '.'))
  return { entryId: entry.id, leaveOnPct: pct(leave[1]!), rinseOffPct: pct(rinse[1]!) }
}
