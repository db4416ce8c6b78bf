/**
 * Joins the Chinese inventory entries and STSC table rows to ingredients: through the INCI /
 * English name (normalised as cn-names.ts describes), through the Chinese name of an IECIC
 * entry already joined, and through CAS. Unjoined rows are not lost: they stay reachable by
 * their own names (the caller indexes them).
 */

import type { CnInventoryEntry } from './cn-inventory.ts'
import { type CnNameRule, chineseNameKey, inciJoinKeys } from './cn-names.ts'
import type { CnRegulatedRow } from './cn-stsc.ts'

/** Finds ingredient ids by a name key (`normaliseName` form) or a CAS RN. */
export interface IngredientLookup {
  byNameKey(key: string): readonly number[]
  byCas(cas: string): readonly number[]
}

export type CnLinkRule = CnNameRule | 'iecic_chinese_name' | 'cas' | 'substance'

export interface CnLink {
  ingredientId: number
  /** The inventory entry id or the STSC row id. */
  targetId: number
  rule: CnLinkRule
  /** The name (or CAS RN) of the Chinese source that matched. */
  matchedName: string
}

/** Links per rule and how many entries/rows got none. */
export interface CnLinkReport {
  linked: number
  unlinked: number
  byRule: Record<CnLinkRule, number>
}

const RULES: CnLinkRule[] = ['exact', 'punctuation', 'without_common_name', 'spacing', 'iecic_chinese_name', 'cas', 'substance']

/** The first English name and key variant that finds ingredients wins (names in entry order, keys in inciJoinKeys order). */
function byEnglishNames(
  names: readonly string[],
  lookup: IngredientLookup,
): { ids: readonly number[]; rule: CnNameRule; name: string } | null {
  for (const rule of ['exact', 'punctuation', 'without_common_name', 'spacing'] as const) {
    for (const name of names) {
      const key = inciJoinKeys(name).find((k) => k.rule === rule)
      if (!key) continue
      const ids = lookup.byNameKey(key.key)
      if (ids.length) return { ids, rule, name }
    }
  }
  return null
}

/**
 * Links IECIC entries by their INCI and former INCI names. Exact and punctuation matches win
 * over the looser rules for every name of the entry before those are tried, so a former name's
 * exact match beats a current name's common-name-stripped one.
 */
export function linkCnInventory(entries: readonly CnInventoryEntry[], lookup: IngredientLookup): { links: CnLink[]; report: CnLinkReport } {
  const links: CnLink[] = []
  const report = emptyReport()
  for (const e of entries) {
    const english = e.names.filter((n) => n.kind === 'inci' || n.kind === 'former_inci').map((n) => n.name)
    const hit = byEnglishNames(english, lookup)
    if (!hit) {
      report.unlinked++
      continue
    }
    report.linked++
    for (const id of hit.ids) {
      links.push({ ingredientId: id, targetId: e.id, rule: hit.rule, matchedName: hit.name })
      report.byRule[hit.rule]++
    }
  }
  return { links, report }
}

/**
 * Links STSC rows: English names (INCI, English name, synonyms) → else the Chinese name of a
 * linked IECIC entry → else CAS. Group rows ("…及其盐类") are linked only by their own names:
 * their members are rows of their own.
 */
export function linkCnRegulated(
  rows: readonly CnRegulatedRow[],
  lookup: IngredientLookup,
  inventory: { entries: readonly CnInventoryEntry[]; links: readonly CnLink[] },
): { links: CnLink[]; report: CnLinkReport } {
  const byCnKey = new Map<string, number[]>()
  const entryIngredients = new Map<number, number[]>()
  for (const l of inventory.links) entryIngredients.set(l.targetId, [...(entryIngredients.get(l.targetId) ?? []), l.ingredientId])
  for (const e of inventory.entries) {
    const ids = entryIngredients.get(e.id)
    if (!ids) continue
    for (const n of e.names)
      if (n.kind === 'cn_name' || n.kind === 'former_cn_name')
        byCnKey.set(chineseNameKey(n.name), [...new Set([...(byCnKey.get(chineseNameKey(n.name)) ?? []), ...ids])])
  }
  const links: CnLink[] = []
  const report = emptyReport()
  for (const row of rows) {
    const english = row.names.filter((n) => n.lang === 'en').map((n) => n.name)
    let found: { ids: readonly number[]; rule: CnLinkRule; name: string } | null = byEnglishNames(english, lookup)
    if (!found) {
      for (const n of row.names.filter((x) => x.lang === 'zh')) {
        const ids = byCnKey.get(chineseNameKey(n.name))
        if (ids?.length) {
          found = { ids, rule: 'iecic_chinese_name', name: n.name }
          break
        }
      }
    }
    if (!found) {
      for (const cas of row.casNumbers) {
        const ids = lookup.byCas(cas)
        if (ids.length) {
          found = { ids, rule: 'cas', name: cas }
          break
        }
      }
    }
    if (!found) {
      report.unlinked++
      continue
    }
    report.linked++
    for (const id of new Set(found.ids)) {
      links.push({ ingredientId: id, targetId: row.id, rule: found.rule, matchedName: found.name })
      report.byRule[found.rule]++
    }
  }
  return { links, report }
}

function emptyReport(): CnLinkReport {
  return { linked: 0, unlinked: 0, byRule: Object.fromEntries(RULES.map((r) => [r, 0])) as Record<CnLinkRule, number> }
}
