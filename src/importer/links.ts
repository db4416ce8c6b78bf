/**
 * Links regulatory rows (EU annex entries, Korean list rows) to catalogue ingredients.
 * Pure: no I/O. Every link records how it was made, so the API can show its provenance.
 */
import { normaliseName, splitNameList, splitOutsideParentheses, stripCommonNames } from '../ingredients/identifiers.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import type { KrRule } from './kr-rules.ts'
import type { Catalogue } from './merge.ts'

export type AnnexMatch = 'identified_ingredient' | 'cas' | 'name' | 'cosing_restriction'
export type KrMatch = 'korean_name' | 'english_name' | 'group'

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
  const parts = whole.split(GLOSSARY_SEPARATORS).map((p) => p.trim()).filter((p) => p !== '')
  const keys = [whole, ...parts, ...parts.map(stripCommonNames)]
  return [...new Set(keys)].filter((k) => k !== '')
}

// ---------------------------------------------------------------------------------------
// Korean list rows

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
      if (!lists) namedIn.set(id, (lists = new Set()))
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
    const lookup = (name: string) => (lang === 'ko' ? (at.korean.get(name) ?? at.koreanLoose.get(krKoreanKey(name))) : at.byEnglish(name)) ?? []
    const parts = krListNames(text, lang)
    if (parts.length === 0 || !parts[0]!.some((name) => lookup(name).length > 0)) continue
    for (const part of parts) for (const name of part) for (const id of lookup(name)) if (!members.has(id)) members.set(id, how)
  }
  return members
}

/**
 * Words that name no substance on their own; a list split that would leave one of them as a
 * part is not made ("Oil and extracts of …"), and WATER, ALCOHOL … are never linked by a
 * part.
 */
const LIST_COMMON_WORDS = new Set([
  ...['OIL', 'OILS', 'EXTRACT', 'EXTRACTS', 'SALT', 'SALTS', 'ESTER', 'ESTERS', 'ETHERS', 'ACID', 'ACIDS', 'WATER', 'AQUA', 'ALCOHOL'],
  ...['ALCOHOLS', 'SUBSTANCES', 'DERIVATIVES', 'ISOMERS', 'RESIN', 'RESINS', 'WAX', 'POWDER', 'LEAVES', 'SEEDS', 'TWIGS'],
  ...['PREPARATIONS', 'DISTILLATES', 'COMPOUNDS', 'HEPTAHYDRATE', 'ETC.', 'ISO', 'INN', 'INNM'],
  ...['물', '정제수', '오일', '추출물', '염', '염류', '에스텔', '에스텔류', '유도체', '알코올', '수지'],
])

/**
 * Words outside parentheses that make a row a description rather than a list of names: a
 * reaction product "of acetophenone, formaldehyde, …", "… with a peroxide value exceeding",
 * "containing more than 0.5% secondary amines", "… 의 반응물", "… 의 합계량", a mixture.
 */
const LIST_GUARD = {
  en: /\b(?:OF|WITH|FROM|CONTAINING|EXCEEDING|EXCEPT|OBTAINED|ORIGINATING|REACTION|PRODUCTS?|MIXTURES?|THEIR|DERIVATIVES?|PREPARATIONS|GRADE|BRANCHED|ETC|SUCH|INCLUDING|OTHER)\b/u,
  ko: /반응|초과|함량|함유|혼합|합계|추출물|오일|유도체|유래|성분|제외|포함|기타|의\s/u,
}

/** Top-level separators of list items (commas are split first, by `splitNameList`). */
const LIST_SEPARATORS = { en: /\s+(?:AND|OR|\/)\s+/gu, ko: /\s+(?:및|또는|\/)\s+/gu }

/** "ITS DIGLUCONATE" / "그 황산염": a form of the list's first substance. */
const LIST_ITS = { en: /^ITS\s+(.+)$/u, ko: /^그\s+(.+)$/u }

/** An anion word ("CHLORIDE", "SACCHARINATE"): "Benzalkonium Chloride, Bromide and …". */
const ANION_WORD = /^[A-Z]+(?:IDE|ATE|ITE)$/u

/**
 * The substances a list row names, for rule 4 of `linkKrRules`: one array of candidate names
 * (normalised) per listed part, first part first; [] when the name is not such a list.
 *  - parts are separated by ", " (not locant commas: `splitNameList`), ";", " and ", " or ",
 *    " / " (Korean 및, 또는) outside parentheses;
 *  - a part "NAME (OTHER NAME, OTHER NAME or …)" also gives NAME and each other name, unless
 *    the parenthesis qualifies (`NOTE`); a single such part is a list of its names
 *    ("Phenolphthalein (3,3-Bis(4-hydroxyphenyl)phthalide)");
 *  - "its X" / "그 X", and single words after it, name the first substance's form:
 *    "Chlorhexidine, its Digluconate, Diacetate and …" → CHLORHEXIDINE DIGLUCONATE, …;
 *  - an anion word after a first part ending in an anion word shares its head: "Benzalkonium
 *    Chloride, Bromide and Saccharinate" → BENZALKONIUM BROMIDE, BENZALKONIUM SACCHARINATE.
 * Not lists: group rows (`parseKrGroup`, rule 3), rows with a description word outside
 * parentheses (LIST_GUARD), inverted chemical names ("Phenol, 2-methoxy-…-, acetate": a part
 * starts or ends with "-"). " and " / " or " is not split when a part would be a common
 * word (LIST_COMMON_WORDS); such words are never candidates.
 */
export function krListNames(name: string, lang: 'ko' | 'en'): string[][] {
  const key = normaliseName(name)
  if (parseKrGroup(key, lang) !== null) return []
  if (LIST_GUARD[lang].test(outsideParentheses(key))) return []
  const items: string[] = []
  // A list comma is followed by a space; "PEG-3,2',2'-…", "ALPHA,ALPHA,ALPHA-…" and
  // "1,4,4A,5,8,8A-…" are shielded here, the rest of the locant commas by `splitNameList`.
  for (const commaPart of splitNameList(key.replace(/,(?!\s)/gu, '\uE001')).map((p) => p.replaceAll('\uE001', ','))) {
    for (const part of splitOutsideParentheses(commaPart, ';')) {
      const pieces = splitTopLevel(part, LIST_SEPARATORS[lang])
      if (pieces.some((p) => LIST_COMMON_WORDS.has(p))) items.push(part)
      else items.push(...pieces)
    }
  }
  if (items.length === 0 || items.some((item) => /^-|-$/u.test(item))) return []
  const firstNames = listItemNames(items[0]!, lang)
  if (firstNames === null || (items.length === 1 && firstNames.length <= 1)) return []
  const firstHead = splitTrailingParenthesis(items[0]!)?.head ?? items[0]!
  const out: string[][] = [firstNames]
  let itsMode = false
  for (const item of items.slice(1)) {
    // "Laureth-8, 9 and 10" → LAURETH-9, LAURETH-10.
    const numbered = /^(.*-)\d+$/u.exec(firstHead)
    if (/^\d+$/u.test(item)) {
      if (numbered) out.push([`${numbered[1]}${item}`])
      continue
    }
    const its = LIST_ITS[lang].exec(item)
    if (its) itsMode = true
    const word = its ? its[1]! : item
    if (itsMode && (its || !/\s/u.test(word))) {
      if (listItemNames(word, lang) === null) return []
      out.push([lang === 'en' ? `${firstHead} ${word}` : `${firstHead}${word}`])
      continue
    }
    itsMode = false
    const head = /^(.*\S)\s+(\S+)$/u.exec(firstHead)
    if (lang === 'en' && head && ANION_WORD.test(head[2]!) && ANION_WORD.test(item)) {
      out.push([`${head[1]} ${item}`])
      continue
    }
    const names = listItemNames(item, lang)
    if (names === null) return []
    out.push(names)
  }
  return out
}

/**
 * A list part's names: itself, then for "NAME (OTHER …)" NAME and the other names ("limited
 * to A, B" / "A, B에 한함" give A and B); null when a parenthesis qualifies the part (`NOTE`:
 * "(except …)", "(e.g. …)", "(… 포함)"), which makes the row no list. Names shorter than
 * three characters (two in Korean), numbers and LIST_COMMON_WORDS are left out.
 */
function listItemNames(item: string, lang: 'ko' | 'en'): string[] | null {
  const names = [item]
  const paren = splitTrailingParenthesis(item)
  if (paren) {
    if (NOTE.test(paren.inner)) return null
    const head = listItemNames(paren.head, lang)
    if (head === null) return null
    names.push(...head, ...alternatives(paren.inner.replace(/^LIMITED TO\s+|\s*에\s*한함$/gu, '')))
  }
  return unique(names).filter((n) => n.length >= (lang === 'en' ? 3 : 2) && !/^[\d.%]+$/u.test(n) && !LIST_COMMON_WORDS.has(n))
}

/** The text with every parenthesised or bracketed span masked ("#", same length). */
function outsideParentheses(text: string): string {
  let depth = 0
  let out = ''
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++
    out += depth > 0 ? '#'.repeat(ch.length) : ch
    if ((ch === ')' || ch === ']') && depth > 0) depth--
  }
  return out
}

/** Splits at matches of `separator` (global) that lie outside parentheses. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const masked = outsideParentheses(text)
  const parts: string[] = []
  let start = 0
  for (const m of masked.matchAll(separator)) {
    parts.push(text.slice(start, m.index))
    start = m.index + m[0].length
  }
  parts.push(text.slice(start))
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/** Which salts a group row names: all salts, alkali-metal salts only, or the sodium salt. */
export type SaltScope = 'all' | 'alkali' | 'sodium'

/** What a group row of the Korean lists covers, parsed from one of its names. */
export interface KrGroup {
  /** Names of the base substance(s), normalised (`normaliseName`), whole name first. */
  bases: string[]
  /** Salts named by the row, or null. */
  salts: SaltScope | null
  /** The row names esters (expanded only through GROUP_MEMBERS). */
  esters: boolean
  /** The row names the monoethanolamide (expanded only through GROUP_MEMBERS). */
  monoethanolamide?: boolean
}

interface GroupSuffix {
  /** Regular-expression source, matched at the end of the normalised name. */
  re: string
  salts: SaltScope | null
  esters: boolean
  /** "their salts": the base is a ", " list of substances (English only). */
  list?: boolean
  monoethanolamide?: boolean
}

/**
 * Group phrases at the end of an English name (upper case, as `normaliseName` leaves it),
 * after ", " or a space. Every phrase here occurs in the transcription (SOURCES.md §4).
 * More specific first: the first that matches wins. "its esters" alone gives the base only.
 */
const EN_SUFFIXES: readonly GroupSuffix[] = [
  { re: 'ITS SALTS AND ITS HALOGENATED AND SULFONATED DERIVATIVES', salts: 'all', esters: false },
  { re: 'ITS ISOMERS, SALTS, HALOGENATED AND SULFONATED DERIVATIVES', salts: 'all', esters: false },
  { re: 'ITS SALTS AND GALENICAL PREPARATIONS', salts: 'all', esters: false },
  { re: 'ITS ESTERS AND ALKALI(?:NE)? SALTS', salts: 'alkali', esters: true },
  { re: 'ITS SALTS AND MONOETHANOLAMIDE', salts: 'all', esters: false, monoethanolamide: true },
  { re: 'ITS DERIVATIVES AND (?:THEIR )?SALTS', salts: 'all', esters: false },
  { re: '(?:AND )?ITS SALTS AND ESTERS', salts: 'all', esters: true },
  { re: 'ITS SALTS AND (?:DERIVATIVES|ETHERS)', salts: 'all', esters: false },
  { re: 'ITS ISOMERS AND SALTS', salts: 'all', esters: false },
  { re: 'AND THEIR ALKALI METAL SALTS', salts: 'alkali', esters: false, list: true },
  { re: 'AND ITS ALKALI(?:NE)? SALTS', salts: 'alkali', esters: false },
  { re: 'AND ITS SODIUM SALT', salts: 'sodium', esters: false },
  { re: 'AND THEIR SALTS', salts: 'all', esters: false, list: true },
  { re: '(?:AND )?ITS SALTS', salts: 'all', esters: false },
  { re: 'AND THEIR DERIVATIVES', salts: null, esters: false, list: true },
  { re: 'AND ITS (?:DERIVATIVES|ESTERS)', salts: null, esters: false },
  { re: 'AND ITS ESTERS WITH A FREE AMINO GROUP', salts: null, esters: false },
]

/**
 * The same for Korean names (그 염류 = its salts, 에스텔류 = esters, 유도체 = derivatives,
 * 알칼리 (금속)염 = alkali (metal) salts, 에텔 = ethers, 생약제제 = galenical preparations).
 * "및 그 에스텔" (esters alone) gives the base only.
 */
const KO_SUFFIXES: readonly GroupSuffix[] = [
  { re: '그 에스텔류 및 알칼리 염류', salts: 'alkali', esters: true },
  { re: '및 그 염류 및 모노에탄올아마이드', salts: 'all', esters: false, monoethanolamide: true },
  { re: '(?:및 )?그 염류 및 에스텔류', salts: 'all', esters: true },
  { re: '그 염류 및 (?:그 )?(?:유도체|에텔|생약제제)', salts: 'all', esters: false },
  { re: '(?:및 )?그 유도체 및 그 염류', salts: 'all', esters: false },
  { re: '및 그 알칼리 (?:금속)?염(?:류)?', salts: 'alkali', esters: false },
  { re: '및 그 염류', salts: 'all', esters: false },
  { re: '및 그 (?:유도체|에스텔(?:류)?)', salts: null, esters: false },
]

const compileSuffixes = (suffixes: readonly GroupSuffix[]) =>
  suffixes.map((s) => ({ ...s, regex: new RegExp(`^(.+?)(?:\\s*,\\s*|\\s+)${s.re}$`, 'u') }))
const SUFFIXES = { en: compileSuffixes(EN_SUFFIXES), ko: compileSuffixes(KO_SUFFIXES) }

/**
 * A parenthesis that qualifies the row rather than naming the substance:
 * "(e.g. Neostigmine bromide)", "(including isethionate)", "(except Basic Red 118 …)",
 * "(다만, 에스텔류 중 페닐은 제외)", "(이세치오네이트 포함)". Never used as a name.
 */
const NOTE = /^(?:E\.G\.|(?:INCLUDING|EXCEPT|EXCLUDING|OTHER THAN|CONTAINING|SUCH AS)\b)|다만|제외|포함/u

/**
 * Parses a group row's name (`lang` picks the suffix table) into its base name(s) and what
 * else it covers; null when the name is not a group. Forms:
 *  - "BASE <suffix>": "Salicylic Acid and its salts" → SALICYLIC ACID, salts;
 *  - "BASE <suffix> (NOTE)": "Hexamidine and its salts (Isethionate and p-Hydroxybenzoate)";
 *    the parenthesis also names the base unless it is a qualifier (NOTE):
 *    "… and its salts (Bromoxynil and its salts)" → also BROMOXYNIL;
 *  - "NAME (BASE <suffix>)": "Tretinoin (Retinoic Acid and its salts)" → TRETINOIN and
 *    RETINOIC ACID, salts.
 * A base "NAME (OTHER NAME)" gives NAME and OTHER NAME too ("1,7-Heptanedicarboxylic acid
 * (Azelaic acid)"); with `list` (English "their salts") a base "A, B" gives A and B.
 */
export function parseKrGroup(name: string, lang: 'ko' | 'en'): KrGroup | null {
  const key = normaliseName(name)
  const direct = matchSuffix(key, lang)
  if (direct) return direct
  const paren = splitTrailingParenthesis(key)
  if (!paren) return null
  const head = matchSuffix(paren.head, lang)
  if (head) {
    if (!NOTE.test(paren.inner)) {
      const inner = parseKrGroup(paren.inner, lang)
      head.bases = unique([...head.bases, ...(inner ? inner.bases : alternatives(paren.inner))])
    }
    return head
  }
  const inner = NOTE.test(paren.inner) ? null : parseKrGroup(paren.inner, lang)
  if (!inner) return null
  return { ...inner, bases: unique([...baseNames(paren.head, lang, false), ...inner.bases]) }
}

function matchSuffix(key: string, lang: 'ko' | 'en'): KrGroup | null {
  for (const suffix of SUFFIXES[lang]) {
    const m = suffix.regex.exec(key)
    if (!m) continue
    const group: KrGroup = { bases: baseNames(m[1]!, lang, suffix.list ?? false), salts: suffix.salts, esters: suffix.esters }
    if (suffix.monoethanolamide) group.monoethanolamide = true
    return group
  }
  return null
}

/** The names a base text gives: itself, without common names, and "A (B)" → A, B. */
function baseNames(text: string, lang: 'ko' | 'en', list: boolean): string[] {
  const items = list && lang === 'en' ? text.split(/\s*,\s+/u) : [text]
  const out: string[] = []
  for (const item of items) {
    out.push(item)
    if (lang === 'en') out.push(stripCommonNames(item))
    const paren = splitTrailingParenthesis(item)
    if (paren) {
      out.push(paren.head)
      if (!NOTE.test(paren.inner)) out.push(...alternatives(paren.inner))
    }
  }
  return unique(out)
}

/** "2,4-Diaminoanisole or 4-Methoxy-m-phenylenediamine or CI 76050", "Amydricaine, Alypine". */
function alternatives(text: string): string[] {
  return text.split(/\s*,\s+|\s+(?:OR|또는)\s+/u)
}

/**
 * "HEAD (INNER)": a balanced parenthesis at the end that is not part of a chemical name, else
 * null. English: a space must precede it (as in `stripCommonNames`), so "HYDROXYPROPYL
 * BIS(N-HYDROXYETHYL-P-PHENYLENEDIAMINE)" stays whole. Korean writes no space before a
 * synonym ("소르빅애씨드(헥사-2,4-디에노익 애씨드)"), so there the head must not end with a
 * multiplying prefix ("히드록시프로필 비스(N-히드록시에칠-P-페닐렌디아민)").
 */
function splitTrailingParenthesis(key: string): { head: string; inner: string } | null {
  if (!key.endsWith(')')) return null
  let depth = 0
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i] === ')') depth++
    else if (key[i] === '(' && --depth === 0) {
      const head = key.slice(0, i)
      const inner = key.slice(i + 1, -1).trim()
      if (head.trim() === '' || inner === '') return null
      if (/[A-Z0-9\]\-']$/u.test(head) || /(?:비스|트리스|테트라키스|폴리|디|트리)$/u.test(head)) return null
      return { head: head.trim(), inner }
    }
  }
  return null
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()))].filter((n) => n !== '')
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
 * Cations of the salts a salts group covers, as INCI writes them before the anion
 * (INCI nomenclature, e.g. SODIUM SALICYLATE, DISODIUM ETIDRONATE, TEA-SALICYLATE).
 * `alkali`: alkali metals only ("its alkali salts"); `sodium`: "its sodium salt".
 */
const CATIONS: Record<SaltScope, readonly string[]> = {
  all: [
    ...['SODIUM', 'POTASSIUM', 'AMMONIUM'].flatMap((c) => [c, `DI${c}`, `TRI${c}`, `TETRA${c}`]),
    ...['CALCIUM', 'MAGNESIUM', 'ZINC', 'ALUMINUM', 'LITHIUM'],
  ].map((c) => `${c} `).concat(['TEA-', 'MEA-', 'DEA-', 'AMP-']),
  alkali: [...['SODIUM', 'POTASSIUM'].flatMap((c) => [c, `DI${c}`, `TRI${c}`, `TETRA${c}`]), 'LITHIUM', 'DILITHIUM'].map((c) => `${c} `),
  sodium: ['SODIUM', 'DISODIUM', 'TRISODIUM', 'TETRASODIUM'].map((c) => `${c} `),
}

/**
 * INCI names of the salts of an acid named "… -IC ACID": the anion is "-ATE" (SALICYLIC ACID
 * → SALICYLATE; "-AIC" also gives "-ATE" without the A: AZELAIC ACID → AZELATE) after a
 * cation of CATIONS[scope]. Empty for any other name. Only names that are ingredients link.
 */
export function acidSaltNames(acid: string, scope: SaltScope): string[] {
  const m = /^(.*[A-Z])IC ACID$/u.exec(acid)
  if (!m) return []
  const stem = m[1]!
  const anions = [`${stem}ATE`]
  if (stem.endsWith('A')) anions.push(`${stem.slice(0, -1)}ATE`)
  return CATIONS[scope].flatMap((cation) => anions.map((anion) => `${cation}${anion}`))
}

/**
 * Base names of the transcription that INCI spells otherwise: p- (para) is 4-; CosIng gives
 * "4-Aminobenzoic acid" as the chemical name of PABA and "Acetylcysteine" of ACETYL CYSTEINE.
 */
const BASE_ALIASES: Readonly<Record<string, string>> = {
  'P-HYDROXYBENZOIC ACID': '4-HYDROXYBENZOIC ACID',
  '4-AMINOBENZOIC ACID': 'PABA',
  ACETYLCYSTEINE: 'ACETYL CYSTEINE',
}

/**
 * Members of a group that the -ATE rule cannot name, by base INCI name. Each list is the
 * "Identified INGREDIENTS" of the EU CosIng annex entry for the same group (the Korean
 * preservative list follows EU Annex V), so it says which esters a Korean "esters" row
 * means in practice.
 */
export const GROUP_MEMBERS: Readonly<
  Record<string, { salts?: readonly string[]; esters?: readonly string[]; esterSalts?: readonly string[]; monoethanolamide?: readonly string[] }>
> = {
  // EU Annex V/12 (4-hydroxybenzoic acid, its methyl and ethyl esters and their salts) and
  // V/12a (propyl and butyl esters and their salts). Not isopropyl-, isobutyl-, phenyl-,
  // benzyl- or pentylparaben: EU Annex II bans them, and the Korean row excludes phenyl.
  '4-HYDROXYBENZOIC ACID': {
    salts: ['SODIUM PARABEN', 'POTASSIUM PARABEN', 'CALCIUM PARABEN'],
    esters: ['METHYLPARABEN', 'ETHYLPARABEN', 'PROPYLPARABEN', 'BUTYLPARABEN'],
    esterSalts: ['METHYL', 'ETHYL', 'PROPYL', 'BUTYL'].flatMap((e) => [`SODIUM ${e}PARABEN`, `POTASSIUM ${e}PARABEN`]),
  },
  // EU Annex V/1a (salts other than sodium, and esters of benzoic acid).
  'BENZOIC ACID': {
    esters: ['METHYL', 'ETHYL', 'PROPYL', 'BUTYL', 'ISOBUTYL', 'ISOPROPYL', 'PHENYL'].map((e) => `${e} BENZOATE`),
  },
  // EU Annex III/2a (thioglycolic acid and its salts) and III/2b (thioglycolic acid esters).
  'THIOGLYCOLIC ACID': {
    salts: ['ETHANOLAMINE THIOGLYCOLATE', 'STRONTIUM THIOGLYCOLATE', 'CALCIUM THIOGLYCOLATE HYDROXIDE'],
    esters: ['BUTYL', 'ETHYL', 'GLYCERYL', 'ISOOCTYL', 'ISOPROPYL', 'METHYL'].map((e) => `${e} THIOGLYCOLATE`),
  },
  // EU Annex III/3 (oxalic acid, its esters and alkaline salts).
  'OXALIC ACID': {
    salts: ['DILITHIUM OXALATE'],
    esters: ['DIBUTYL', 'DIETHYL', 'DIISOBUTYL', 'DIISOPROPYL', 'DIMETHYL', 'DIPROPYL'].map((e) => `${e} OXALATE`),
  },
  // EU Annex V/47 (hexamidine and its salts); the Korean row names isethionate and
  // p-hydroxybenzoate.
  HEXAMIDINE: { salts: ['HEXAMIDINE DIISETHIONATE', 'HEXAMIDINE PARABEN', 'HEXAMIDINE DIPARABEN'] },
  // EU Annex V/18 (undec-10-enoic acid and its salts); the amide's CosIng chemical name is
  // N-(2-hydroxyethyl)undec-10-enamide.
  'UNDECYLENIC ACID': { monoethanolamide: ['UNDECYLENAMIDE MEA'] },
  // CosIng: "Cysteine hydrochloride".
  CYSTEINE: { salts: ['CYSTEINE HCL'] },
  // Phenolates: INCI names the salts of o-phenylphenol "-PHENATE" (CosIng inventory).
  'O-PHENYLPHENOL': { salts: ['SODIUM O-PHENYLPHENATE', 'POTASSIUM O-PHENYLPHENATE', 'MEA O-PHENYLPHENATE'] },
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
