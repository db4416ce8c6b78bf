/**
 * A static "commonness" score per ingredient, computed once at import from the data we have,
 * so search lists ingredients actually used in cosmetics before obscure ones. Pure.
 *
 * Formula (higher = more common):
 *   8  it has a Korean standard name (it is on the MFDS ingredient list)
 * + 4  per other inventory that lists it (e.g. the Chinese IECIC, through `extra`)
 * + 2  per CosIng function, at most 3 functions
 * + 2  it has a CAS RN
 * + 1  per name beyond its first (INN, Ph. Eur., MFDS English names, synonyms), at most 4
 * − 1  per 10 characters of its primary name (long names are rarely what people type)
 * Regulated substances score SUBSTANCE_SCORE: after ingredients that are on a list.
 * The commonness tier (0 common, 1 known, 2 obscure) splits search classes in bands.
 */
import type { Catalogue } from './merge.ts'

export const SUBSTANCE_SCORE = 6

/** Score bands: tier 0 at TIER_0_MIN or more, tier 1 at TIER_1_MIN or more, else tier 2. */
export const TIER_0_MIN = 14
export const TIER_1_MIN = 8

export function commonnessTier(score: number): 0 | 1 | 2 {
  return score >= TIER_0_MIN ? 0 : score >= TIER_1_MIN ? 1 : 2
}

/**
 * Score per ingredient id. `extra` adds points per id from other sources (e.g. +4 for an
 * ingredient in the Chinese inventory); it is the hook for inventories imported later.
 */
export function commonnessScores(catalogue: Catalogue, extra: ReadonlyMap<number, number> = new Map()): Map<number, number> {
  const fnCount = new Map<number, number>()
  for (const f of catalogue.ingredientFunctions) fnCount.set(f.ingredientId, (fnCount.get(f.ingredientId) ?? 0) + 1)
  const hasCas = new Set(catalogue.cas.map((c) => c.ingredientId))
  const nameKeys = new Map<number, Set<string>>()
  for (const n of catalogue.names) {
    let set = nameKeys.get(n.ingredientId)
    if (!set) {
      set = new Set()
      nameKeys.set(n.ingredientId, set)
    }
    set.add(`${n.lang}:${n.key}`)
  }
  const scores = new Map<number, number>()
  for (const i of catalogue.ingredients) {
    const primary = i.inciName ?? i.koreanName ?? ''
    const score =
      (i.koreanName !== null ? 8 : 0) +
      (extra.get(i.id) ?? 0) +
      2 * Math.min(fnCount.get(i.id) ?? 0, 3) +
      (hasCas.has(i.id) ? 2 : 0) +
      Math.min(Math.max((nameKeys.get(i.id)?.size ?? 1) - 1, 0), 4) -
      Math.floor(primary.length / 10)
    scores.set(i.id, score)
  }
  return scores
}
