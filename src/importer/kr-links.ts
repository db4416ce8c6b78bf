/**
 * Links Korean 별표1/별표2 rows (the transcription) to catalogue ingredients. Pure: no I/O.
 * Group rows are parsed in kr-groups.ts, list rows in kr-lists.ts.
 */
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'
import { addTo, type Index } from './id-index.ts'
import { acidSaltNames, BASE_ALIASES, GROUP_MEMBERS, type KrGroup, parseKrGroup } from './kr-groups.ts'
import { krListNames } from './kr-lists.ts'
import type { KrRule } from './kr-rules.ts'
import type { Catalogue } from './merge.ts'

export type KrMatch = 'korean_name' | 'english_name' | 'group' | 'substance'

/** A row of `ingredient_kr_rules`. */
export interface KrLink {
  ingredientId: number
  ruleId: number
  matchedBy: KrMatch
}

/**
 * Links each Korean list row to ingredients. Each (ingredient, row) pair is recorded once,
 * with the first rule that found it:
 *  1. `korean_name`: the row's Korean name equals a Korean standard name or synonym;
 *  2. else `english_name`: its English name equals an INCI or MFDS English name, as is or
 *     with parenthesised common names removed from both sides (`stripCommonNames`; plain
 *     `stripParentheses` would turn `(2-Isopropylpent-4-enoyl)urea (Apronal)` into UREA).
 *     SOURCES.md §4: the transcription uses the regulation's older Korean spelling, so most
 *     rows only match in English;
 *     else `korean_name` again, compared without spaces (`krKoreanKey`): "황산 5-아미노-o-
 *     크레솔" = MFDS "황산5-아미노-O-크레솔";
 *  3. `group`: the row names a group — "살리실릭애씨드 및 그 염류", "Benzoic Acid, its salts
 *     and esters", "Tretinoin (Retinoic Acid and its salts)" (see `parseKrGroup`). Linked:
 *     a. its base substance(s): a base name equals an INCI or English name as in 2, or a
 *        Korean name compared by `krKoreanKey`;
 *     b. salts groups: the salts of a base `… IC ACID` named the INCI way (`acidSaltNames`:
 *        SALICYLIC ACID → SODIUM SALICYLATE, TEA-SALICYLATE …) that are ingredients;
 *     c. the explicit members in GROUP_MEMBERS of a base (salts the -ATE rule cannot name;
 *        esters only for esters groups, and only those listed: "its esters" alone does not say
 *        which, and C12-15 ALKYL BENZOATE must not become a restricted preservative).
 *     Not linked by 3:
 *     - an ingredient that rules 1–2 link to a row of the other list (별표1 vs 별표2): the
 *       specific row is the regulation's exception to the group row, e.g. 별표2
 *       "Hydroxybenzomorpholine" (a restricted hair dye) vs 별표1 "2,3-Dihydro-2H-1,4-
 *       benzoxazin-6-ol and its salts (Hydroxybenzomorpholine)";
 *     - to a 별표1 (prohibited) row, an ingredient that the EU allows with conditions
 *       (`euAllowsWithConditions`). The transcription drops the "(다만, … 제외)" exemptions
 *       of 별표1 rows, and those exempt hair dyes such as these: its source table
 *       (ingredients/banned_ingredients.md) has "4-아미노-3-니트로페놀 및 그 염류 | (다만,
 *       4-아미노-3-니트로페놀은 산화염모제에서 … 1.5% 이하 … 제외)", which the JSON turns
 *       into a plain prohibition. Such rows stay linked to these ingredients only by name
 *       (rules 1–2), as before.
 *     Derivatives, isomers and ethers named by a group row are never expanded.
 *  4. list rows (recorded as `english_name` / `korean_name`, by the language of the part):
 *     a row that is not a group row and names several substances, or one substance with its
 *     other names, e.g. "Formic Acid and Sodium Formate", "Sodium Persulfate, Ammonium
 *     Persulfate, Potassium Persulfate", "Potassium Hydroxide or Sodium Hydroxide",
 *     "Chlorhexidine, its Digluconate, Diacetate and Dihydrochloride", "Benzalkonium
 *     Chloride, Bromide and Saccharinate", "2,2'-Dihydroxy-…-hexachlorodiphenylmethane
 *     (Hexachlorophene)", "포믹애씨드 및 소듐포메이트". Each part (`krListNames`) is linked
 *     when it equals a name as in rules 1–2, only if the row's first part links too (the
 *     row really lists ingredient names), and with the same exclusions as rule 3.
 * Returns links ordered by rule id, then ingredient id.
 */
export function linkKrRules(catalogue: Catalogue, rules: readonly KrRule[]): KrLink[] {
  const korean: Index = new Map()
  const koreanLoose: Index = new Map()
  const english: Index = new Map()
  const englishStripped: Index = new Map()
  // Shadowed synonyms too: they are kept out of look-ups, not out of the rules they name.
  for (const { ingredientId, key, kind } of [...catalogue.names, ...catalogue.shadowedSynonyms]) {
    if (kind === 'korean' || kind === 'korean_synonym') {
      addTo(korean, key, ingredientId)
      addTo(koreanLoose, krKoreanKey(key), ingredientId)
    } else if (kind === 'inci' || kind === 'english') {
      addTo(english, key, ingredientId)
      addTo(englishStripped, stripCommonNames(key), ingredientId)
    }
  }
  const inciOf = new Map<number, string>()
  const euConditional = new Set<number>()
  for (const { id, inciName, cosingRestriction } of catalogue.ingredients) {
    if (inciName !== null) inciOf.set(id, normaliseName(inciName))
    if (euAllowsWithConditions(cosingRestriction)) euConditional.add(id)
  }
  const byEnglish = (key: string) => english.get(key) ?? englishStripped.get(stripCommonNames(key))

  // Rules 1–2.
  const found = new Map<number, Map<number, KrMatch>>()
  const namedIn = new Map<number, Set<KrRule['list']>>()
  for (const rule of rules) {
    const ko = normaliseName(rule.nameKo)
    let ids = korean.get(ko)
    let matchedBy: KrMatch = 'korean_name'
    if (!ids && rule.nameEn !== null) {
      ids = byEnglish(normaliseName(rule.nameEn))
      matchedBy = 'english_name'
    }
    if (!ids) {
      ids = koreanLoose.get(krKoreanKey(ko))
      matchedBy = 'korean_name'
    }
    const links = new Map<number, KrMatch>()
    for (const id of ids ?? []) {
      links.set(id, matchedBy)
      let lists = namedIn.get(id)
      if (!lists) {
        lists = new Set()
        namedIn.set(id, lists)
      }
      lists.add(rule.list)
    }
    found.set(rule.id, links)
  }

  // Rule 3.
  for (const rule of rules) {
    const links = found.get(rule.id)!
    const other = rule.list === '별표1' ? '별표2' : '별표1'
    for (const id of krGroupMembers(rule, { english, byEnglish, koreanLoose, inciOf })) {
      if (links.has(id) || namedIn.get(id)?.has(other)) continue
      if (rule.list === '별표1' && euConditional.has(id)) continue
      links.set(id, 'group')
    }
  }

  // Rule 4.
  for (const rule of rules) {
    const links = found.get(rule.id)!
    const other = rule.list === '별표1' ? '별표2' : '별표1'
    for (const [id, matchedBy] of krListMembers(rule, { korean, koreanLoose, byEnglish })) {
      if (links.has(id) || namedIn.get(id)?.has(other)) continue
      if (rule.list === '별표1' && euConditional.has(id)) continue
      links.set(id, matchedBy)
    }
  }

  const out: KrLink[] = []
  for (const rule of rules) {
    for (const [ingredientId, matchedBy] of [...found.get(rule.id)!].sort((a, b) => a[0] - b[0])) {
      out.push({ ingredientId, ruleId: rule.id, matchedBy })
    }
  }
  return out
}

interface GroupLookups {
  english: Index
  byEnglish: (key: string) => number[] | undefined
  koreanLoose: Index
  inciOf: Map<number, string>
}

/** Ingredient ids a group row covers by rule 3 of `linkKrRules` (empty for other rows). */
function krGroupMembers(rule: KrRule, at: GroupLookups): Set<number> {
  const members = new Set<number>()
  const groups: { group: KrGroup; lang: 'ko' | 'en' }[] = []
  const ko = parseKrGroup(rule.nameKo, 'ko')
  if (ko) groups.push({ group: ko, lang: 'ko' })
  const en = rule.nameEn === null ? null : parseKrGroup(rule.nameEn, 'en')
  if (en) groups.push({ group: en, lang: 'en' })
  for (const { group, lang } of groups) {
    const bases = new Set<number>()
    const baseNames = new Set<string>()
    for (const name of group.bases) {
      const base = lang === 'en' ? (BASE_ALIASES[name] ?? name) : name
      const ids = lang === 'ko' ? at.koreanLoose.get(krKoreanKey(base)) : at.byEnglish(base)
      for (const id of ids ?? []) bases.add(id)
      if (lang === 'en') baseNames.add(base)
    }
    for (const id of bases) {
      members.add(id)
      const inci = at.inciOf.get(id)
      if (inci !== undefined) baseNames.add(inci)
    }
    for (const base of baseNames) {
      const names: string[] = []
      if (group.salts !== null) names.push(...acidSaltNames(base, group.salts))
      const table = GROUP_MEMBERS[base]
      if (table) {
        if (group.salts !== null) names.push(...(table.salts ?? []))
        if (group.esters) names.push(...(table.esters ?? []))
        if (group.salts !== null && group.esters) names.push(...(table.esterSalts ?? []))
        if (group.monoethanolamide) names.push(...(table.monoethanolamide ?? []))
        if (group.esters && table.esterSuffix !== undefined) {
          for (const [id, inci] of at.inciOf) if (inci.endsWith(table.esterSuffix) && !(table.except ?? []).includes(inci)) members.add(id)
        }
      }
      for (const name of names) for (const id of at.english.get(name) ?? []) members.add(id)
    }
  }
  return members
}

interface ListLookups {
  korean: Index
  koreanLoose: Index
  byEnglish: (key: string) => number[] | undefined
}

/**
 * Ingredient ids a list row names by rule 4 of `linkKrRules`, with how each was found: the
 * Korean parts first (`korean_name`, exact or by `krKoreanKey`), then the English parts
 * (`english_name`, as rule 2). A language's parts count only when its first part links.
 */
function krListMembers(rule: KrRule, at: ListLookups): Map<number, KrMatch> {
  const members = new Map<number, KrMatch>()
  const sides = [
    { text: rule.nameKo, lang: 'ko' as const, how: 'korean_name' as const },
    { text: rule.nameEn, lang: 'en' as const, how: 'english_name' as const },
  ]
  for (const { text, lang, how } of sides) {
    if (text === null) continue
    const lookup = (name: string) =>
      (lang === 'ko' ? (at.korean.get(name) ?? at.koreanLoose.get(krKoreanKey(name))) : at.byEnglish(name)) ?? []
    const parts = krListNames(text, lang)
    if (parts.length === 0 || !parts[0]!.some((name) => lookup(name).length > 0)) continue
    for (const part of parts) for (const name of part) for (const id of lookup(name)) if (!members.has(id)) members.set(id, how)
  }
  return members
}

/**
 * A Korean name key for comparing the transcription with MFDS names: spaces removed, as MFDS
 * standard names have none ("황산 p-니트로-o-페닐렌디아민" / "황산P-니트로-O-페닐렌디아민").
 * Older spellings are not mapped (메칠/메틸, 에칠/에틸, 히드록시/하이드록시, 나이트로/니트로,
 * 디/다이): on the official files that creates no link — MFDS itself still writes
 * 메칠이소치아졸리논 and 에칠헥실살리실레이트 — and 디/다이 would merge two ingredients' names.
 */
export function krKoreanKey(key: string): string {
  return key.replace(/\s+/gu, '')
}

/**
 * True when CosIng's restriction pointer (2021) names an annex of substances the EU allows
 * with conditions (III restricted, IV colorants, V preservatives, VI UV filters) and not
 * Annex II (prohibited): "III/215", "Annex III/253", "V/12", "III/98 V/3"; not "II/375",
 * "II/1249 (…)", "CMR1B" or null.
 */
export function euAllowsWithConditions(restriction: string | null): boolean {
  if (restriction === null) return false
  const annexes = [...restriction.toUpperCase().matchAll(/(?<![A-Z])(II|III|IV|V|VI)\/\d/gu)].map((m) => m[1])
  return annexes.length > 0 && !annexes.includes('II')
}
