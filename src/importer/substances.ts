/**
 * Regulated substances: every EU annex entry (II–VI) and every Korean rule row becomes part
 * of a first-class row with its own names, CAS RNs and EC numbers, so "no match" never hides
 * a prohibition when no inventory ingredient is linked to it. Pure: no I/O.
 *
 * Rows that name the same substance — a shared CAS RN (EU entries), or a shared own name
 * (whole rule name or one of its parts, see `ruleNames`) — are one substance: EU Annex II/221
 * "Mercury and its compounds, …" and 별표1 "수은 및 그 화합물 / Mercury and its compounds" are
 * one substance with both markets' rules.
 */
import { KR_RULE_KEY_OFFSET, SUBSTANCE_ID_OFFSET } from '../db/schema.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { AnnexLink } from './annex-links.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import type { KrLink } from './kr-links.ts'
import type { KrRule } from './kr-rules.ts'
import { type Catalogue, type NameRecord, PRIMARY_KINDS } from './merge.ts'
import type { SourceName } from './source-stats.ts'

export type SubstanceNameKind = 'rule_name' | 'rule_name_part' | 'glossary_name' | 'identified_ingredient'

export interface SubstanceNameRecord {
  substanceId: number
  name: string
  key: string
  lang: 'en' | 'ko' | 'zh'
  kind: SubstanceNameKind
  /** 0: the rule's own name as printed; 1: a part of it, or an identified ingredient. */
  tier: 0 | 1
  source: SourceName
}

export interface Substance {
  id: number
  name: string
  koreanName: string | null
  isGroup: boolean
  sortName: string
  euEntryIds: number[]
  krRuleIds: number[]
  cas: string[]
  ec: string[]
  /** Ingredients linked to any member row (annex / Korean links). */
  ingredientIds: number[]
}

export interface SubstanceSet {
  substances: Substance[]
  names: SubstanceNameRecord[]
  /** Names added to a linked ingredient (kind `regulation`), see `buildSubstances`. */
  ingredientNames: NameRecord[]
  /** Per list: rows linked to an ingredient / reachable only by their own names / by nothing. */
  reach: Record<'eu' | 'kr', { linked: number; ownNamesOnly: number; unreachable: number }>
}

/** "except …", "(except …", "with (the) exception of …", "(다만, … 제외)": the rest qualifies, it names nothing. */
const EXCEPTION =
  /(?:,?\s*\(?\s*\b(?:with (?:the )?exception of|except|excluding|other than|unless|when used)\b.*$)|(?:\s*\(?\s*다만.*$)/isu
/** Qualifiers that are no names: "(INN)", "(ISO)", "(USAN)". */
const QUALIFIER = /\s*\((?:INN|INNM|ISO|USAN|BAN|JAN|IUPAC)\)/giu
/** "X and its salts", "X, its salts and esters", "X and their …" → X. */
const EN_GROUP = /^(.+?)(?:,\s*|\s+)(?:(?:and|or)\s+)?(?:its|their)\s+\S.*$/iu
/** "X 및 그 화합물", "X, 그 염류 및 에스텔류", "X 및 그 염류" → X. */
const KO_GROUP = /^(.+?)\s*(?:,\s*)?(?:및\s*)?그\s+\S.*$/u
const GROUP_WORDS = /\b(?:its|their|compounds|salts|esters|derivatives)\b|및\s*그|화합물|염류|에스텔류|유도체/iu
/** Own-name keys too generic to join two rows into one substance. */
export const GENERIC_NAME_KEYS: ReadonlySet<string> = new Set([
  'OIL',
  'EXTRACT',
  'ACID',
  'SALTS',
  'ESTERS',
  'WATER',
  'ALCOHOL',
  'NANO',
  '오일',
  '추출물',
  '염류',
])

/**
 * The names a rule row's name gives, whole first: exception clauses and "(INN)" dropped,
 * the base of a group ("Mercury and its compounds" → Mercury; "수은 및 그 화합물" → 수은),
 * "X (Y or Z)" → X, Y, Z (recursively: "Tretinoin (retinoic acid and its salts)" → Tretinoin,
 * retinoic acid), "A / B" → A, B. Parts shorter than 3 characters (2 in Korean) are dropped.
 */
export function ruleNames(text: string | null, lang: 'en' | 'ko'): string[] {
  return ruleNameParts(text, lang).map((p) => p.name)
}

/**
 * `ruleNames` with, for each name, whether it may join two rows into one substance: the
 * whole name, its clause-free form and group bases may; the other names in a parenthesis
 * ("(nano)", "(Hexachlorophene)") and slash parts only name, never join.
 */
export function ruleNameParts(text: string | null, lang: 'en' | 'ko'): { name: string; join: boolean }[] {
  if (text === null) return []
  const out: { name: string; join: boolean }[] = []
  const push = (s: string, join: boolean) => {
    const t = s
      .replace(/\s+/gu, ' ')
      .trim()
      .replace(/[,;.]$/u, '')
      .trim()
    if (t.length < (lang === 'ko' ? 2 : 3)) return
    const at = out.find((o) => o.name === t)
    if (!at) out.push({ name: t, join })
    else at.join ||= join
  }
  const visit = (s: string, depth: number, join: boolean) => {
    if (depth > 4) return
    const clean = s.replace(QUALIFIER, '').replace(EXCEPTION, '').trim()
    push(clean, join)
    const group = (lang === 'en' ? EN_GROUP : KO_GROUP).exec(clean)
    if (group) visit(group[1]!, depth + 1, join)
    const paren = trailingParenthesis(clean)
    if (paren) {
      visit(paren.head, depth + 1, join)
      for (const alt of paren.inner.split(/\s*,\s+|\s+(?:or|또는)\s+/iu)) visit(alt, depth + 1, false)
    }
    if (/\s\/\s?|\s?\/\s/u.test(clean)) for (const part of clean.split(/\s*\/\s*/u)) visit(part, depth + 1, false)
  }
  visit(text, 0, true)
  return out
}

/** "HEAD (INNER)" when the text ends with a balanced parenthesis preceded by a space (or Hangul). */
function trailingParenthesis(text: string): { head: string; inner: string } | null {
  if (!text.endsWith(')')) return null
  let depth = 0
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++
    else if (text[i] === '(' && --depth === 0) {
      const head = text.slice(0, i)
      if (!/(?:\s|[\uAC00-\uD7A3])$/u.test(head) || head.trim() === '') return null
      return { head: head.trim(), inner: text.slice(i + 1, -1).trim() }
    }
  }
  return null
}

/** Union-find over member keys. */
class Groups {
  private readonly parent = new Map<number, number>()
  find(x: number): number {
    let p = this.parent.get(x) ?? x
    if (p !== x) {
      p = this.find(p)
      this.parent.set(x, p)
    }
    return p
  }
  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb))
  }
}

interface Member {
  key: number
  names: { name: string; lang: 'en' | 'ko'; kind: SubstanceNameKind; tier: 0 | 1; join?: boolean }[]
  cas: string[]
  ec: string[]
  group: boolean
  source: SourceName
}

function euMember(e: AnnexEntry): Member {
  const names: Member['names'] = []
  ruleNameParts(e.chemicalName, 'en').forEach(({ name, join }, i) => {
    names.push({ name, lang: 'en', kind: i === 0 ? 'rule_name' : 'rule_name_part', tier: i === 0 ? 0 : 1, join })
  })
  if (e.glossaryName !== null) {
    const whole = e.glossaryName.replace(/\s+/gu, ' ').trim()
    names.push({ name: whole, lang: 'en', kind: 'glossary_name', tier: 0, join: true })
    for (const part of whole.split(/\s*[/;]\s*/u))
      if (part.length >= 3) names.push({ name: part, lang: 'en', kind: 'glossary_name', tier: 1 })
  }
  for (const key of e.identifiedIngredients) names.push({ name: key, lang: 'en', kind: 'identified_ingredient', tier: 1 })
  const group = GROUP_WORDS.test(e.chemicalName ?? '') || e.identifiedIngredients.length > 1
  return { key: e.id, names, cas: e.casNumbers, ec: e.ecNumbers, group, source: `cosing_annex_${e.annex}` }
}

function krMember(r: KrRule): Member {
  const names: Member['names'] = []
  for (const [text, lang] of [
    [r.nameKo, 'ko'],
    [r.nameEn, 'en'],
  ] as const) {
    ruleNameParts(text, lang).forEach(({ name, join }, i) => {
      names.push({ name, lang, kind: i === 0 ? 'rule_name' : 'rule_name_part', tier: i === 0 ? 0 : 1, join })
    })
  }
  const group = GROUP_WORDS.test(r.nameKo) || GROUP_WORDS.test(r.nameEn ?? '')
  return { key: KR_RULE_KEY_OFFSET + r.id, names, cas: [], ec: [], group, source: 'kr_rules_transcription' }
}

/**
 * Builds the regulated substances and their names. A substance that is not a group and whose
 * member rows are linked to exactly one ingredient also gives that ingredient its own names
 * (kind `regulation`, a synonym) unless the name is another ingredient's primary name or
 * reads as a clause: so 별표1 "히드로퀴논" (the rule's spelling) finds HYDROQUINONE.
 * Ids: SUBSTANCE_ID_OFFSET + the smallest member key (stable for the same sources).
 */
export function buildSubstances(
  catalogue: Catalogue,
  entries: readonly AnnexEntry[],
  rules: readonly KrRule[],
  annexLinks: readonly AnnexLink[],
  krLinks: readonly KrLink[],
): SubstanceSet {
  const members = [...entries.map(euMember), ...rules.map(krMember)]
  const groups = new Groups()
  const byKey = new Map<string, number>()
  const join = (k: string, member: number) => {
    const first = byKey.get(k)
    if (first === undefined) byKey.set(k, member)
    else groups.union(first, member)
  }
  for (const m of members) {
    for (const c of m.cas) join(`cas:${c}`, m.key)
    for (const n of m.names) {
      if (!n.join) continue
      const key = normaliseName(n.name)
      if (key.length < 4 || GENERIC_NAME_KEYS.has(key)) continue
      join(`name:${key}`, m.key)
    }
  }

  const linkedTo = new Map<number, Set<number>>()
  for (const l of annexLinks) addToSet(linkedTo, l.entryId, l.ingredientId)
  for (const l of krLinks) addToSet(linkedTo, KR_RULE_KEY_OFFSET + l.ruleId, l.ingredientId)

  const entryById = new Map(entries.map((e) => [e.id, e]))
  const ruleById = new Map(rules.map((r) => [KR_RULE_KEY_OFFSET + r.id, r]))
  const byRoot = new Map<number, Member[]>()
  for (const m of members) {
    const root = groups.find(m.key)
    const list = byRoot.get(root)
    if (list) list.push(m)
    else byRoot.set(root, [m])
  }

  const primaryOf = new Map<string, Set<number>>()
  for (const n of catalogue.names) if (PRIMARY_KINDS.has(n.kind)) addToSet(primaryOf, `${n.lang}:${n.key}`, n.ingredientId)
  const existing = new Set(catalogue.names.map((n) => `${n.ingredientId}:${n.lang}:${n.key}`))

  const substances: Substance[] = []
  const names: SubstanceNameRecord[] = []
  const ingredientNames: NameRecord[] = []
  for (const list of [...byRoot.values()].sort((a, b) => a[0]!.key - b[0]!.key)) {
    list.sort((a, b) => a.key - b.key)
    const id = SUBSTANCE_ID_OFFSET + list[0]!.key
    const eu = list.filter((m) => entryById.has(m.key))
    const kr = list.filter((m) => ruleById.has(m.key))
    const firstEu = eu[0] ? entryById.get(eu[0].key)! : undefined
    const firstKr = kr[0] ? ruleById.get(kr[0].key)! : undefined
    const name = firstEu?.chemicalName ?? firstEu?.glossaryName ?? firstKr?.nameEn ?? firstKr?.nameKo ?? `${id}`
    const ingredientIds = new Set<number>()
    for (const m of list) for (const i of linkedTo.get(m.key) ?? []) ingredientIds.add(i)
    const substance: Substance = {
      id,
      name,
      koreanName: firstKr?.nameKo ?? null,
      isGroup: list.some((m) => m.group),
      sortName: normaliseName(name),
      euEntryIds: eu.map((m) => m.key),
      krRuleIds: kr.map((m) => m.key - KR_RULE_KEY_OFFSET),
      cas: unique(list.flatMap((m) => m.cas)),
      ec: unique(list.flatMap((m) => m.ec)),
      ingredientIds: [...ingredientIds].sort((a, b) => a - b),
    }
    substances.push(substance)
    const seen = new Set<string>()
    for (const m of list) {
      for (const n of m.names) {
        const key = normaliseName(n.name)
        const k = `${n.lang}:${key}`
        if (key === '' || seen.has(k)) continue
        seen.add(k)
        names.push({ substanceId: id, name: n.name, key, lang: n.lang, kind: n.kind, tier: n.tier, source: m.source })
        if (substance.isGroup || substance.ingredientIds.length !== 1 || n.kind === 'identified_ingredient') continue
        const ingredientId = substance.ingredientIds[0]!
        const owners = primaryOf.get(k)
        if ((owners && !owners.has(ingredientId)) || existing.has(`${ingredientId}:${k}`) || n.name.length > 80) continue
        existing.add(`${ingredientId}:${k}`)
        ingredientNames.push({ ingredientId, name: n.name, key, lang: n.lang, kind: 'regulation', source: m.source })
      }
    }
  }

  return { substances, names, ingredientNames, reach: substanceReach({ substances, names }, annexLinks, krLinks) }
}

/**
 * Per list: member rows linked to an ingredient, reachable only by their substance's own
 * names or CAS RNs, or by nothing — over `annexLinks` and `krLinks` (the importer passes every
 * link, those made through the same substance included).
 */
export function substanceReach(
  set: Pick<SubstanceSet, 'substances' | 'names'>,
  annexLinks: readonly AnnexLink[],
  krLinks: readonly KrLink[],
): SubstanceSet['reach'] {
  const { substances, names } = set
  const linkedTo = new Map<number, Set<number>>()
  for (const l of annexLinks) addToSet(linkedTo, l.entryId, l.ingredientId)
  for (const l of krLinks) addToSet(linkedTo, KR_RULE_KEY_OFFSET + l.ruleId, l.ingredientId)
  const reach = { eu: { linked: 0, ownNamesOnly: 0, unreachable: 0 }, kr: { linked: 0, ownNamesOnly: 0, unreachable: 0 } }
  const named = new Set(names.map((n) => n.substanceId))
  for (const s of substances) {
    for (const [list, ids, offset] of [
      ['eu', s.euEntryIds, 0],
      ['kr', s.krRuleIds, KR_RULE_KEY_OFFSET],
    ] as const) {
      for (const memberId of ids) {
        const r = reach[list]
        if ((linkedTo.get(memberId + offset)?.size ?? 0) > 0) r.linked++
        else if (named.has(s.id) || s.cas.length > 0) r.ownNamesOnly++
        else r.unreachable++
      }
    }
  }
  return reach
}

function addToSet<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}
