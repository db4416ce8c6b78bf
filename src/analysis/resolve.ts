/**
 * The adapter between label analysis and the name resolver (issue #10). Analysis needs,
 * per printed name: how it matched, the ingredient (for fields and functions) and the
 * subject the markets look up. This is the only file that knows the resolver's API.
 *
 * It drives the service's resolver (exact, synonym, label spelling, variant, common name,
 * typo, CAS RN in every language, Chinese names included); the main name is tried first,
 * then each alternative printed with it ("Water (Aqua)" → AQUA). A regulated substance
 * the resolver returns gives the markets its rule rows directly (subject.ruleIds).
 */
import type { Database } from 'bun:sqlite'
import { chineseNameKey } from '../importer/cn-names.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { IngredientRecord, TargetRecord } from '../ingredients/model.ts'
import type { IngredientService } from '../ingredients/service.ts'
import type { MatchKind } from './model.ts'
import type { Subject } from './markets/market.ts'

export type Resolution = {
  kind: MatchKind
  rule: string
  confidence: number
  matched_name: string | null
  candidates: { id: number; inci_name: string | null; korean_name: string | null }[]
  ingredient: IngredientRecord | null
  subject: Subject | null
}

export interface NameResolver {
  /** Resolves one printed name with the alternatives printed beside it. Never throws for a bad name. */
  resolve(name: string, alternatives?: readonly string[]): Resolution
}

/** Names analysis never sends to the resolver (a label heading that slipped through). */
const MAX_NAME = 2_048
const HAN = /[\u3400-\u9fff]/

export const NO_MATCH: Resolution = { kind: 'none', rule: 'no rule matched', confidence: 0, matched_name: null, candidates: [], ingredient: null, subject: null }

/**
 * A resolver over the ingredient service. With `db`, regulated substances give their EU annex
 * entry and KR rule ids, and a name found only in the Chinese tables (no ingredient linked)
 * gives its STSC rows and IECIC entries, so no market's rule hides behind "no match".
 */
export function serviceResolver(service: Pick<IngredientService, 'resolve'>, db?: Database): NameResolver {
  const members = db?.query<{ eu_entry_id: number | null; kr_rule_id: number | null }, [number]>(
    'SELECT eu_entry_id, kr_rule_id FROM substance_members WHERE substance_id = ?',
  )
  const cnOwn = db?.query<{ target: 'inventory' | 'regulated'; target_id: number; name: string }, [string]>(
    'SELECT target, target_id, name FROM cn_names WHERE key = ? ORDER BY target, target_id',
  )

  function subjectOf(targets: readonly TargetRecord[]): Subject {
    const ingredientIds: number[] = []
    const eu: number[] = []
    const kr: number[] = []
    for (const t of targets) {
      if (t.kind === 'ingredient') ingredientIds.push(t.id)
      else for (const m of members?.all(t.id) ?? []) m.eu_entry_id !== null ? eu.push(m.eu_entry_id) : kr.push(m.kr_rule_id!)
    }
    return { ingredientIds, ruleIds: { EU: eu, KR: kr } }
  }

  function one(name: string): Resolution | null {
    if (name.length === 0 || name.length > MAX_NAME) return null
    const r = service.resolve(name)
    if (r.match !== 'none' && r.targets.length > 0) {
      const ingredient = (r.target?.kind === 'ingredient' ? r.target : r.targets.find((t) => t.kind === 'ingredient')) ?? null
      return {
        kind: r.match,
        rule: r.rule ?? r.match,
        confidence: r.confidence,
        matched_name: r.matched_name,
        candidates: r.candidates.map((c) => ({ id: c.id, inci_name: c.name, korean_name: c.korean_name })),
        ingredient: ingredient as IngredientRecord | null,
        // Ambiguous names: the markets see every candidate, so no prohibition hides.
        subject: subjectOf(r.targets),
      }
    }
    // Only in the Chinese tables: the rows themselves (STSC) and the inventory entries.
    const own = cnOwn?.all(HAN.test(name) ? chineseNameKey(name) : normaliseName(name)) ?? []
    if (own.length === 0) return null
    return {
      kind: 'exact',
      rule: 'cn_table_name',
      confidence: 1,
      matched_name: own[0]!.name,
      candidates: [],
      ingredient: null,
      subject: {
        ingredientIds: [],
        ruleIds: { CN: own.filter((o) => o.target === 'regulated').map((o) => o.target_id), CN_INVENTORY: own.filter((o) => o.target === 'inventory').map((o) => o.target_id) },
      },
    }
  }

  return {
    resolve(name, alternatives = []) {
      const main = one(name)
      if (main) return main
      for (const alt of alternatives) {
        const hit = one(alt)
        if (hit) return { ...hit, kind: 'alternative', rule: `alternative printed with the name: ${hit.rule}`, confidence: hit.confidence * 0.9 }
      }
      return NO_MATCH
    },
  }
}
