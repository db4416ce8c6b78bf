/**
 * Links regulatory rows (EU annex entries, Korean list rows) to catalogue ingredients.
 * Pure: no I/O. Every link records how it was made, so the API can show its provenance.
 */
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import type { KrRule } from './kr-rules.ts'
import type { Catalogue } from './merge.ts'

export type AnnexMatch = 'identified_ingredient' | 'cas' | 'name'
export type KrMatch = 'korean_name' | 'english_name'

/** A row of `ingredient_eu_annex`. */
export interface AnnexLink {
  ingredientId: number
  entryId: number
  matchedBy: AnnexMatch
}

/** A row of `ingredient_kr_rules`. */
export interface KrLink {
  ingredientId: number
  ruleId: number
  matchedBy: KrMatch
}

type Index = Map<string, number[]>

function addTo(index: Index, key: string, id: number): void {
  const ids = index.get(key)
  if (!ids) index.set(key, [id])
  else if (!ids.includes(id)) ids.push(id)
}

/**
 * Glossary lists: `A / B`, `A/B` and `A; B`. Not ", ": glossary cells also hold chemical
 * names such as `Phenol, 2-methoxy- 4-(2-propenyl)-, acetate` (Annex III/368), whose first
 * part would wrongly name PHENOL; the one ", " list seen (Annex V/3) is linked through its
 * identified ingredients anyway.
 */
const GLOSSARY_SEPARATORS = /\s*[/;]\s*/

/**
 * Links each annex entry to ingredients, in this order:
 *  1. `identified_ingredient`: a name of `Identified INGREDIENTS or substances e.g.` equals
 *     an ingredient's INCI name. SOURCES.md §2 calls this column the best join key.
 *  2. Only when 1 found nothing — the column is empty or names only substances CosIng 2021
 *     does not list (e.g. Annex IV/143 `TITANIUM DIOXIDE/CI 77891`, Annex VI/27):
 *     `name`: the glossary name, whole, then each item of an `A / B` or `A; B` list,
 *     then each item without a parenthesised qualifier (`TITANIUM DIOXIDE (NANO)`), equals an
 *     INCI name;
 *     `cas`: a CAS RN of the entry is one of the ingredient's CAS RNs.
 *     An ingredient found both ways is recorded once, as `name` (the more specific rule).
 * Returns links ordered by entry id, then ingredient id.
 */
export function linkAnnexEntries(catalogue: Catalogue, entries: readonly AnnexEntry[]): AnnexLink[] {
  const inci: Index = new Map()
  for (const { id, inciName } of catalogue.ingredients) if (inciName !== null) addTo(inci, normaliseName(inciName), id)
  const cas: Index = new Map()
  for (const { ingredientId, value } of catalogue.cas) addTo(cas, value, ingredientId)

  const links: AnnexLink[] = []
  for (const entry of entries) {
    const found = new Map<number, AnnexMatch>()
    const add = (ids: readonly number[] | undefined, how: AnnexMatch) => {
      for (const id of ids ?? []) if (!found.has(id)) found.set(id, how)
    }
    for (const key of entry.identifiedIngredients) add(inci.get(key), 'identified_ingredient')
    if (found.size === 0) {
      for (const key of glossaryKeys(entry.glossaryName)) add(inci.get(key), 'name')
      for (const value of entry.casNumbers) add(cas.get(value), 'cas')
    }
    for (const [ingredientId, matchedBy] of [...found].sort((a, b) => a[0] - b[0])) {
      links.push({ ingredientId, entryId: entry.id, matchedBy })
    }
  }
  return links
}

/** The keys a glossary cell may name, most specific first. */
export function glossaryKeys(glossary: string | null): string[] {
  if (glossary === null) return []
  const whole = normaliseName(glossary)
  const parts = whole.split(GLOSSARY_SEPARATORS).map((p) => p.trim()).filter((p) => p !== '')
  const keys = [whole, ...parts, ...parts.map(stripCommonNames)]
  return [...new Set(keys)].filter((k) => k !== '')
}

/**
 * Links each Korean list row to ingredients:
 *  1. `korean_name`: the row's Korean name equals a Korean standard name or synonym;
 *  2. else `english_name`: its English name equals an INCI or MFDS English name, as is or
 *     with parenthesised common names removed from both sides (`stripCommonNames`; plain
 *     `stripParentheses` would turn `(2-Isopropylpent-4-enoyl)urea (Apronal)` into UREA).
 *     SOURCES.md §4: the transcription
 *     uses the regulation's older Korean spelling, so most rows only match in English.
 * Returns links ordered by rule id, then ingredient id.
 */
export function linkKrRules(catalogue: Catalogue, rules: readonly KrRule[]): KrLink[] {
  const korean: Index = new Map()
  const english: Index = new Map()
  const englishStripped: Index = new Map()
  for (const { ingredientId, key, kind } of catalogue.names) {
    if (kind === 'korean' || kind === 'korean_synonym') addTo(korean, key, ingredientId)
    else if (kind === 'inci' || kind === 'english') {
      addTo(english, key, ingredientId)
      addTo(englishStripped, stripCommonNames(key), ingredientId)
    }
  }

  const links: KrLink[] = []
  for (const rule of rules) {
    let ids = korean.get(normaliseName(rule.nameKo))
    let matchedBy: KrMatch = 'korean_name'
    if (!ids && rule.nameEn !== null) {
      const key = normaliseName(rule.nameEn)
      ids = english.get(key) ?? englishStripped.get(stripCommonNames(key))
      matchedBy = 'english_name'
    }
    for (const ingredientId of [...(ids ?? [])].sort((a, b) => a - b)) links.push({ ingredientId, ruleId: rule.id, matchedBy })
  }
  return links
}
