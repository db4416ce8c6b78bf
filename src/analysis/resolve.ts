/**
 * The adapter between label analysis and the name resolver (issue #10). Analysis needs,
 * per printed name: how it matched, the ingredient (for fields and functions) and the
 * subject the markets look up. This is the only file that knows the resolver's API.
 *
 * Today it drives the ingredient service's exact + label-spelling look-ups
 * (byEnglishName / byKoreanName / byCas); the main name is tried first, then each
 * alternative printed with it ("Water (Aqua)" → AQUA).
 */
import type { Ingredient, IngredientService } from '../ingredients/service.ts'
import type { MatchKind } from './model.ts'
import type { Subject } from './markets/market.ts'

export type Resolution = {
  kind: MatchKind
  rule: string
  confidence: number
  matched_name: string | null
  candidates: { id: number; inci_name: string | null; korean_name: string | null }[]
  ingredient: Ingredient | null
  subject: Subject | null
}

export interface NameResolver {
  /** Resolves one printed name with the alternatives printed beside it. Never throws for a bad name. */
  resolve(name: string, alternatives?: readonly string[]): Resolution
}

const HANGUL = /[\uAC00-\uD7A3\u3131-\u318E]/
const CAS = /^\s*0*\d{2,7}-\d{2}-\d\s*$/
/** Names analysis never sends to the resolver (a label heading that slipped through). */
const MAX_NAME = 2_048

export const NO_MATCH: Resolution = { kind: 'none', rule: 'no rule matched', confidence: 0, matched_name: null, candidates: [], ingredient: null, subject: null }

/** A resolver over the ingredient service (exact names, label spellings, CAS RNs). */
export function serviceResolver(service: Pick<IngredientService, 'byEnglishName' | 'byKoreanName' | 'byCas'>): NameResolver {
  function one(name: string): { results: Ingredient[]; kind: MatchKind; rule: string } | null {
    if (name.length === 0 || name.length > MAX_NAME) return null
    if (CAS.test(name)) {
      try {
        const results = service.byCas(name)
        return results.length ? { results, kind: 'exact', rule: 'CAS RN' } : null
      } catch {
        return null // a wrong check digit is simply no match here
      }
    }
    const korean = HANGUL.test(name)
    const r = korean ? service.byKoreanName(name) : service.byEnglishName(name)
    if (r.match === 'none' || r.results.length === 0) return null
    return {
      results: r.results,
      kind: r.match === 'exact' ? 'exact' : 'label',
      rule: `${r.match === 'exact' ? 'exact' : 'label spelling'} (${korean ? 'Korean standard name or 이명' : 'INCI or English name'})`,
    }
  }
  return {
    resolve(name, alternatives = []) {
      let hit = one(name)
      let matched = name
      let alternative = false
      for (const alt of alternatives) {
        if (hit) break
        hit = one(alt)
        matched = alt
        alternative = true
      }
      if (!hit) return NO_MATCH
      const [best, ...rest] = hit.results
      const ambiguous = rest.length > 0
      return {
        kind: alternative ? 'alternative' : hit.kind,
        rule: alternative ? `alternative printed with the name: ${hit.rule}` : hit.rule,
        confidence: (hit.kind === 'exact' ? 1 : 0.9) * (alternative ? 0.9 : 1) * (ambiguous ? 0.7 : 1),
        matched_name: matched,
        candidates: ambiguous ? hit.results.map((i) => ({ id: i.id, inci_name: i.inci_name, korean_name: i.korean_name })) : [],
        ingredient: best!,
        // Ambiguous names: the markets see every candidate, so no prohibition hides.
        subject: { ingredientIds: hit.results.map((i) => i.id), ruleIds: {} },
      }
    },
  }
}
