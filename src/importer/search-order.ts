/**
 * The precomputed search order (schema: search_names, search_owners, search_terms).
 * Owners (ingredients and regulated substances) are ranked once by commonness; each owner's
 * names get consecutive positions in that order, so "the first N owners that match, in
 * rank order" is an index walk that stops after N. Pure.
 */
import { normaliseName } from '../ingredients/identifiers.ts'
import { ownerTerms, type TermClass } from '../ingredients/search-terms.ts'
import { type EuStatus, euStatus, type KrStatus, krStatus } from '../ingredients/status.ts'
import type { AnnexLink } from './annex-links.ts'
import { commonnessTier, SUBSTANCE_SCORE } from './commonness.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import type { KrLink } from './kr-links.ts'
import type { KrRule } from './kr-rules.ts'
import { type Catalogue, PRIMARY_KINDS } from './merge.ts'
import type { SubstanceSet } from './substances.ts'

export interface SearchName {
  pos: number
  ownerId: number
  name: string
  key: string
  tier: 0 | 1
}

/** What a search item shows about its owner (schema: search_owners). */
export interface SearchOwner {
  ownerId: number
  firstPos: number
  lastPos: number
  name: string | null
  koreanName: string | null
  euStatus: EuStatus
  krStatus: KrStatus
  /** Commonness tier (0 common … 2 obscure). */
  tier: 0 | 1 | 2
}

export interface SearchOrder {
  names: SearchName[]
  owners: SearchOwner[]
  /**
   * Posting lists of search_terms: term → class (TermClass) → ascending positions, one per
   * owner whose best class for the term it is: the position of the owner's name that has it.
   */
  terms: Map<string, Map<TermClass, number[]>>
  /** Name keys of owners that neither `names` nor `substance_names` holds (the curated common names). */
  extraKeys: { key: string; ownerId: number }[]
  /** Rank (0 = first) per ingredient id and substance id. */
  rank: Map<number, number>
}

interface Owner {
  id: number
  score: number
  sortName: string
  name: string | null
  koreanName: string | null
  eu: EuStatus
  kr: KrStatus
  names: { name: string; key: string; tier: 0 | 1 }[]
}

/** The rule rows search needs to state each owner's statuses. */
export interface RuleRows {
  entries: readonly AnnexEntry[]
  rules: readonly KrRule[]
  annexLinks: readonly AnnexLink[]
  krLinks: readonly KrLink[]
}

/**
 * Orders owners by (commonness tier, score descending, primary-name length, sort name, id)
 * and derives the search tables. `scores` come from `commonnessScores`.
 */
export function buildSearchOrder(
  catalogue: Catalogue,
  substances: SubstanceSet,
  scores: ReadonlyMap<number, number>,
  rows: RuleRows,
  commonNames: readonly { name: string; inci: readonly string[] }[] = [],
): SearchOrder {
  const annexOf = new Map(rows.entries.map((e) => [e.id, e.annex]))
  const ruleOf = new Map(rows.rules.map((r) => [r.id, r.status]))
  const euOf = new Map<number, { annex: AnnexEntry['annex'] }[]>()
  const krOf = new Map<number, { status: KrRule['status'] }[]>()
  const push = <T>(m: Map<number, T[]>, id: number, v: T) => {
    const list = m.get(id)
    if (list) list.push(v)
    else m.set(id, [v])
  }
  for (const l of rows.annexLinks) push(euOf, l.ingredientId, { annex: annexOf.get(l.entryId)! })
  for (const l of rows.krLinks) push(krOf, l.ingredientId, { status: ruleOf.get(l.ruleId)! })
  const owners = new Map<number, Owner>()
  for (const i of catalogue.ingredients) {
    owners.set(i.id, {
      id: i.id,
      score: scores.get(i.id) ?? 0,
      sortName: i.sortName,
      name: i.inciName,
      koreanName: i.koreanName,
      eu: euStatus(euOf.get(i.id) ?? [], i.cosingRefNo !== null),
      kr: krStatus(krOf.get(i.id) ?? []),
      names: [],
    })
  }
  for (const s of substances.substances) {
    owners.set(s.id, {
      id: s.id,
      score: SUBSTANCE_SCORE,
      sortName: s.sortName,
      name: s.name,
      koreanName: s.koreanName,
      eu: euStatus(
        s.euEntryIds.map((e) => ({ annex: annexOf.get(e)! })),
        true,
      ),
      kr: krStatus(s.krRuleIds.map((r) => ({ status: ruleOf.get(r)! }))),
      names: [],
    })
  }
  /** Adds a name to an owner; true when the owner had no name with that key. */
  const addName = (ownerId: number, name: string, key: string, tier: 0 | 1): boolean => {
    const o = owners.get(ownerId)!
    const at = o.names.find((n) => n.key === key)
    if (!at) o.names.push({ name, key, tier })
    else if (tier < at.tier) Object.assign(at, { name, tier })
    return !at
  }
  for (const n of catalogue.names) addName(n.ingredientId, n.name, n.key, PRIMARY_KINDS.has(n.kind) ? 0 : 1)
  for (const n of substances.ingredientNames) addName(n.ingredientId, n.name, n.key, 1)
  for (const n of substances.names) addName(n.substanceId, n.name, n.key, n.tier)
  // The curated common names (src/ingredients/common-names.ts) are searchable too: "vitamin c".
  const byInci = new Map<string, number[]>()
  for (const i of catalogue.ingredients) {
    if (i.cosingRefNo === null || i.inciName === null) continue
    const k = normaliseName(i.inciName)
    byInci.set(k, [...(byInci.get(k) ?? []), i.id])
  }
  const extraKeys: SearchOrder['extraKeys'] = []
  for (const c of commonNames) {
    const key = normaliseName(c.name)
    for (const inci of c.inci)
      for (const id of byInci.get(normaliseName(inci)) ?? []) if (addName(id, c.name, key, 1)) extraKeys.push({ key, ownerId: id })
  }

  const ordered = [...owners.values()]
    .filter((o) => o.names.length > 0)
    .sort(
      (a, b) =>
        commonnessTier(a.score) - commonnessTier(b.score) ||
        b.score - a.score ||
        a.sortName.length - b.sortName.length ||
        (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0) ||
        a.id - b.id,
    )
  const out: SearchOrder = { names: [], owners: [], terms: new Map(), extraKeys, rank: new Map() }
  const post = (term: string, cls: TermClass, pos: number) => {
    let groups = out.terms.get(term)
    if (!groups) {
      groups = new Map()
      out.terms.set(term, groups)
    }
    const list = groups.get(cls)
    if (list) list.push(pos)
    else groups.set(cls, [pos])
  }
  let pos = 0
  ordered.forEach((o, rank) => {
    out.rank.set(o.id, rank)
    o.names.sort((a, b) => a.tier - b.tier || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const first = pos + 1
    for (const n of o.names) out.names.push({ pos: ++pos, ownerId: o.id, name: n.name, key: n.key, tier: n.tier })
    out.owners.push({
      ownerId: o.id,
      firstPos: first,
      lastPos: pos,
      name: o.name,
      koreanName: o.koreanName,
      euStatus: o.eu,
      krStatus: o.kr,
      tier: commonnessTier(o.score),
    })
    // The name a search shows for a term: the item's own INCI / rule name, then its Korean
    // name, then the others in position order.
    const shown = [o.name, o.koreanName].map((n) => (n === null ? null : normaliseName(n)))
    const rankOf = (key: string) => {
      const at = shown.indexOf(key)
      return at < 0 ? shown.length : at
    }
    const preferred = o.names.map((n, i) => ({ key: n.key, tier: n.tier, pos: first + i })).sort((a, b) => rankOf(a.key) - rankOf(b.key))
    for (const [term, { cls, at }] of ownerTerms(preferred)) post(term, cls, preferred[at]!.pos)
  })
  return out
}
