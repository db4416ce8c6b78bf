/** A small in-memory catalogue and Korean rule rows for `linkKrRules` tests. */

import type { KrLink } from '../../src/importer/kr-links.ts'
import type { KrRule } from '../../src/importer/kr-rules.ts'
import type { Catalogue, IngredientRecord, NameKind, NameRecord } from '../../src/importer/merge.ts'
import { normaliseName } from '../../src/ingredients/identifiers.ts'

export interface TestIngredient {
  id: number
  inci: string
  korean?: string
  restriction?: string
}

export function catalogueOf(items: readonly TestIngredient[]): Catalogue {
  const ingredients: IngredientRecord[] = items.map((i) => ({
    id: i.id,
    inciName: i.inci,
    koreanName: i.korean ?? null,
    innName: null,
    phEurName: null,
    description: null,
    koreanDefinition: null,
    cosingRefNo: i.id,
    mfdsNo: null,
    cosingRestriction: i.restriction ?? null,
    cosingUpdateDate: null,
    sortName: i.inci,
  }))
  const name = (ingredientId: number, text: string, kind: NameKind): NameRecord => ({
    ingredientId,
    name: text,
    key: normaliseName(text),
    lang: kind === 'korean' ? 'ko' : 'en',
    kind,
    source: kind === 'korean' ? 'mfds_ingredients' : 'cosing_inventory',
  })
  const names = items.flatMap((i) => [name(i.id, i.inci, 'inci'), ...(i.korean ? [name(i.id, i.korean, 'korean')] : [])])
  return {
    ingredients,
    names,
    cas: [],
    ec: [],
    functions: [],
    ingredientFunctions: [],
    mergeCounts: { inci_name: 0, without_parentheses: 0, cas: 0, unmatched: 0 },
    shadowedSynonyms: [],
    multiIngredientRows: 0,
  }
}

export function rule(id: number, list: '별표1' | '별표2', nameKo: string, nameEn: string | null): KrRule {
  return {
    id,
    list,
    status: list === '별표1' ? 'prohibited' : 'restricted',
    nameKo,
    nameEn,
    category: null,
    maxLimit: null,
    description: null,
  }
}

/**
 * Korean-rule links as tests read them: `byRule(id)` → [ingredient id, matched by] pairs,
 * `byIngredient(id)` → [rule id, matched by] pairs, in link order.
 */
export function linkViews(links: readonly KrLink[]) {
  return {
    byRule: (ruleId: number) => links.filter((l) => l.ruleId === ruleId).map((l) => [l.ingredientId, l.matchedBy]),
    byIngredient: (ingredientId: number) => links.filter((l) => l.ingredientId === ingredientId).map((l) => [l.ruleId, l.matchedBy]),
  }
}
