/**
 * The name index: how another source adds its names (e.g. Chinese IECIC names) to the
 * catalogue in one call, with the same guarantees as CosIng and MFDS names. Pure.
 *
 *   addNames(catalogue, rows)
 *
 * Keys are `normaliseName` of the name; a (ingredient, language, key) pair is stored once; a
 * synonym whose key is another ingredient's primary name in the same language is not stored
 * (it is kept in `catalogue.shadowedSynonyms`, which rule linking still reads). Names of kinds
 * in PRIMARY_KINDS (merge.ts; a new source adds its primary kind there) are primary names
 * (names.tier 0), tried before synonyms by the resolver; every added name is searchable.
 */
import { normaliseName } from '../ingredients/identifiers.ts'
import { type Catalogue, type NameKind, type NameRecord, PRIMARY_KINDS } from './merge.ts'
import type { SourceName } from './source-stats.ts'

export interface NewName {
  ingredientId: number
  name: string
  lang: 'en' | 'ko' | 'zh'
  kind: NameKind
  /** sources.name of the file the name comes from (a new source adds its own name). */
  source: SourceName | (string & {})
}

/** True when a name of `kind` is a primary name (names.tier 0). */
export function isPrimaryKind(kind: string): boolean {
  return PRIMARY_KINDS.has(kind)
}

/**
 * Adds names to `catalogue.names` (in place) and returns how many were stored and how many
 * were shadowed. Unknown ingredient ids are an error: a name must belong to an ingredient.
 * @throws Error naming the first unknown ingredient id.
 */
export function addNames(catalogue: Catalogue, rows: readonly NewName[]): { stored: number; shadowed: number } {
  const ids = new Set(catalogue.ingredients.map((i) => i.id))
  const primaryOf = new Map<string, Set<number>>()
  const existing = new Set<string>()
  const remember = (n: NameRecord, stored: boolean) => {
    if (stored) existing.add(`${n.ingredientId}:${n.lang}:${n.key}`)
    if (isPrimaryKind(n.kind)) {
      const k = `${n.lang}:${n.key}`
      const set = primaryOf.get(k)
      if (set) set.add(n.ingredientId)
      else primaryOf.set(k, new Set([n.ingredientId]))
    }
  }
  for (const n of catalogue.names) remember(n, true)
  const fresh: NameRecord[] = rows
    // Chinese keys without spaces: the tables space CJK text unevenly (the resolver despaces Han queries too).
    .map((r) => ({
      ...r,
      name: r.name.replace(/\s+/g, ' ').trim(),
      key: r.lang === 'zh' ? normaliseName(r.name).replace(/\s+/g, '') : normaliseName(r.name),
      source: r.source as SourceName,
    }))
    .filter((r) => r.key !== '')
  for (const r of fresh) {
    if (!ids.has(r.ingredientId)) throw new Error(`addNames: no ingredient ${r.ingredientId} for "${r.name}"`)
    // New primary names shadow new synonyms too; each (ingredient, language, key) is stored once.
    if (isPrimaryKind(r.kind)) remember(r, false)
  }
  let stored = 0
  let shadowed = 0
  for (const r of fresh) {
    const owners = primaryOf.get(`${r.lang}:${r.key}`)
    if (!isPrimaryKind(r.kind) && owners && !owners.has(r.ingredientId)) {
      catalogue.shadowedSynonyms.push({ ...r, primaryOf: [...owners] })
      shadowed++
      continue
    }
    const k = `${r.ingredientId}:${r.lang}:${r.key}`
    if (existing.has(k)) continue
    existing.add(k)
    catalogue.names.push(r)
    stored++
  }
  return { stored, shadowed }
}
