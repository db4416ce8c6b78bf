/**
 * Links EU annex entries (Annex II–VI) to catalogue ingredients. Pure: no I/O. Every link
 * records how it was made, so the API can show its provenance.
 */
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import { addTo, type Index } from './id-index.ts'
import type { Catalogue } from './merge.ts'

export type AnnexMatch = 'identified_ingredient' | 'cas' | 'name' | 'cosing_restriction' | 'substance'

/** A row of `ingredient_eu_annex`. */
export interface AnnexLink {
  ingredientId: number
  entryId: number
  matchedBy: AnnexMatch
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
 *  3. `cosing_restriction`: the ingredient's own CosIng `restriction` pointer names the
 *     entry (`II/416`, `III/98 V/3`, `Annex III/211 - …`; SOURCES.md §1): CosIng itself
 *     says the ingredient falls under that entry, e.g. HUMAN ADIPOSE DERIVED STEM CELL
 *     CONDITIONED MEDIA → II/416 (products of human origin), which names no ingredients.
 *     Entries removed since ("Moved or deleted") are not in `entries`, so stale pointers
 *     link nothing. Only Annex II and III (bans and restrictions): for the positive lists
 *     IV–VI the identified ingredients are complete, and the 2021 pointers hold errors
 *     (CI 45425 points at IV/1, another colorant).
 * Returns links ordered by entry id, then ingredient id.
 */
export function linkAnnexEntries(catalogue: Catalogue, entries: readonly AnnexEntry[]): AnnexLink[] {
  const inci: Index = new Map()
  for (const { id, inciName } of catalogue.ingredients) if (inciName !== null) addTo(inci, normaliseName(inciName), id)
  const cas: Index = new Map()
  for (const { ingredientId, value } of catalogue.cas) addTo(cas, value, ingredientId)

  // Rule 3: "<annex>/<reference>" → ingredients whose CosIng pointer names it.
  const pointedAt: Index = new Map()
  for (const { id, cosingRestriction } of catalogue.ingredients) {
    for (const ref of restrictionPointers(cosingRestriction)) addTo(pointedAt, ref, id)
  }

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
    if (entry.annex === 'II' || entry.annex === 'III') {
      add(pointedAt.get(`${entry.annex}/${entry.referenceNumber.replace(/\s+/g, '').toLowerCase()}`), 'cosing_restriction')
    }
    for (const [ingredientId, matchedBy] of [...found].sort((a, b) => a[0] - b[0])) {
      links.push({ ingredientId, entryId: entry.id, matchedBy })
    }
  }
  return links
}

/**
 * The annex references in a CosIng `restriction` cell, as "<annex>/<reference>" with the
 * reference lower-cased: "III/98 V/3" → ["III/98", "V/3"]; "IV 143 VI 27 VI 27a (nano)" has
 * no slashes and gives [] (not a pointer this rule trusts); "Annex III/211 - Directive …" →
 * ["III/211"]; "II/665 CMR1b" → ["II/665"].
 */
export function restrictionPointers(restriction: string | null): string[] {
  if (restriction === null) return []
  const out = new Set<string>()
  for (const m of restriction.matchAll(/(?<![A-Za-z])(VI|V|IV|III|II)\/(\d+[a-z]?)(?![\d])/gi)) {
    out.add(`${m[1]!.toUpperCase()}/${m[2]!.toLowerCase()}`)
  }
  return [...out]
}

/** The keys a glossary cell may name, most specific first. */
export function glossaryKeys(glossary: string | null): string[] {
  if (glossary === null) return []
  const whole = normaliseName(glossary)
  const parts = whole
    .split(GLOSSARY_SEPARATORS)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const keys = [whole, ...parts, ...parts.map(stripCommonNames)]
  return [...new Set(keys)].filter((k) => k !== '')
}
