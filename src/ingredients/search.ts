/**
 * Partial-name search over every English and Korean name of ingredients and regulated
 * substances, best first, with work bounded by the page size.
 *
 * Order: exact name → primary-name prefix → word start → substring; within a class, the
 * commonness tier (0 common … 2 obscure) and then the precomputed rank (search_names.pos).
 * Prefix and word-start groups interleave by tier: (tier 0 prefix, tier 0 word start,
 * tier 1 prefix, …), so a common SODIUM HYALURONATE comes before an obscure HYALURONIDASE
 * for "hyaluron". Each item's position is (phase, group, pos); the cursor is that tuple.
 *
 * How each phase stays bounded:
 *  - exact: the search_names key index;
 *  - prefix / word start: search_terms, one posting list per group, read in pos order and
 *    stopped after the page (queries longer than SEARCH_TERM_LENGTH filter that bucket);
 *  - substring: the FTS5 trigram index read in rowid (= rank) order and stopped after the
 *    page; 2-character Korean queries use the stored Korean substrings instead; other 1–2
 *    character queries have no substring phase (they would match nearly every name).
 * A query whose FTS5 matches are few (≤ SMALL_SET) is answered from those matches directly,
 * with an exact total.
 */
import type { Database } from 'bun:sqlite'
import { SUBSTANCE_ID_OFFSET } from '../db/schema.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { normaliseName } from './identifiers.ts'
import type { SearchItemValue, SearchPageValue } from './model.ts'
import { postingCount, postingsAfter, postingsHas } from './postings.ts'
import { Lru } from './records.ts'
import { bestClass, CLASS_ORDER, KOREAN_SUBSTRING_GROUP, type MatchClass, SEARCH_TERM_LENGTH, SUBSTRING_SCRIPT } from './search-terms.ts'
import { EU_STATUS_CODES, KR_STATUS_CODES } from './status.ts'

/** Up to this many FTS5 name matches, a query is ranked from its matches directly (exact total). */
export const SMALL_SET = 500
/** Substring matches counted for an estimated total. */
export const COUNT_CAP = 2_000
/** Names read per index step. */
const CHUNK = 64
/**
 * Names read and skipped per request before a page is returned short, with a cursor that
 * continues the walk: this bounds the work of one request whatever the query.
 */
export const SCAN_BUDGET = 256

/** `prefix`: exact names and primary-name prefixes only (the BASIC plan); `full`: every class. */
export type SearchMode = 'prefix' | 'full'

type OwnerRow = {
  owner_id: number
  first_pos: number
  last_pos: number
  name: string | null
  korean_name: string | null
  /** Index in EU_STATUS_CODES / KR_STATUS_CODES. */
  eu_status: number
  kr_status: number
  tier: number
}
type FtsRow = OwnerRow & { pos: number; match_name: string; key: string; name_tier: number }
type Pos = [phase: number, grp: number, pos: number]
type Hit = { at: Pos; owner: OwnerRow; cls: MatchClass; matched: string }

const after = (a: Pos, b: Pos) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/** Builds the search over an open database; statements are prepared once. */
export function createSearch(db: Database, buildId: string) {
  const OWNER = 'owner_id, first_pos, last_pos, name, korean_name, eu_status, kr_status, tier'
  const q = {
    exact: db.query<OwnerRow, [string]>(
      `SELECT ${OWNER} FROM search_owners WHERE owner_id IN (SELECT owner_id FROM search_names WHERE key = ?) ORDER BY first_pos LIMIT 200`,
    ),
    postings: db.query<{ positions: Uint8Array }, [string, number]>(`SELECT positions FROM search_terms WHERE term = ? AND grp = ?`),
    termGroups: db.query<{ grp: number; positions: Uint8Array }, [string]>(
      `SELECT grp, positions FROM search_terms WHERE term = ? ORDER BY grp`,
    ),
    ownerAt: db.query<OwnerRow, [number]>(`SELECT ${OWNER} FROM search_owners WHERE first_pos = ?`),
    ownerOf: db.query<OwnerRow, [number]>(`SELECT ${OWNER} FROM search_owners WHERE owner_id = ?`),
    namesIn: db.query<{ name: string; key: string; tier: number }, [number, number]>(
      `SELECT name, key, tier FROM search_names WHERE pos BETWEEN ? AND ?`,
    ),
    fts: db.query<FtsRow, [string, number, number]>(
      `SELECT n.pos, n.name AS match_name, n.key, n.tier AS name_tier, o.owner_id, o.first_pos, o.last_pos, o.name, o.korean_name,
              o.eu_status, o.kr_status, o.tier
         FROM search_names n JOIN search_owners o ON o.owner_id = n.owner_id
        WHERE n.pos IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?1 AND rowid > ?2 ORDER BY rowid LIMIT ?3) ORDER BY n.pos`,
    ),
    ftsCount: db.query<{ n: number }, [string, number]>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM names_fts WHERE names_fts MATCH ?1 LIMIT ?2)`,
    ),
  }
  const totals = new Lru<string, { total: number; estimate: boolean }>(1_000)
  const smallness = new Lru<string, boolean>(10_000)
  /** True when the key's FTS5 matches are at most SMALL_SET names (cached: read-only data). */
  const isSmall = (key: string) => {
    let small = smallness.get(key)
    if (small === undefined) {
      small = q.ftsCount.get(phrase(key), SMALL_SET + 1)!.n <= SMALL_SET
      smallness.set(key, small)
    }
    return small
  }
  /** The owners of (term, grp) after position `pos`, in position order, at most `limit`. */
  const termOwners = (term: string, grp: number, pos: number, limit: number): OwnerRow[] => {
    const row = q.postings.get(term, grp)
    if (!row) return []
    const out: OwnerRow[] = []
    for (const p of postingsAfter(row.positions, pos, limit)) {
      const owner = q.ownerAt.get(p)
      if (owner) out.push(owner)
    }
    return out
  }
  /** Owners having `term` in group `grp`. */
  const termCount = (term: string, grp: number): number => {
    const row = q.postings.get(term, grp)
    return row ? postingCount(row.positions) : 0
  }
  /** The group of (term, owner at first position `pos`), or undefined (an owner has one per term). */
  const termGroup = (term: string, pos: number): number | undefined => {
    for (const { grp, positions } of q.termGroups.all(term)) if (postingsHas(positions, pos)) return grp
    return undefined
  }
  const namesOf = (o: OwnerRow) => q.namesIn.all(o.first_pos, o.last_pos)
  /**
   * The best class of an owner for `key`, looking at its shown names first (INCI or rule
   * name, Korean name: no query) and reading all its names only when those do not decide.
   */
  const classOfOwner = (o: OwnerRow, key: string, wanted: MatchClass) => {
    const shown = [o.name, o.korean_name].filter((n): n is string => n !== null).map((n) => ({ name: n, key: normaliseName(n), tier: 0 }))
    const quick = bestClass(shown, key)
    if (quick !== null && CLASS_ORDER[quick.cls] <= CLASS_ORDER[wanted]) return quick
    return bestClass(namesOf(o), key)
  }
  const phrase = ftsQuery
  const groupsFor = (mode: SearchMode) => (mode === 'prefix' ? [0, 2, 4] : [0, 1, 2, 3, 4, 5])
  const groupOf = (cls: MatchClass, tier: number) => tier * 2 + (cls === 'prefix' ? 0 : 1)
  const ftsUsable = (chars: number) => chars >= 3

  function item(h: Hit): SearchItemValue {
    const o = h.owner
    return {
      kind: o.owner_id >= SUBSTANCE_ID_OFFSET ? 'regulated_substance' : 'ingredient',
      id: o.owner_id,
      inci_name: o.name,
      korean_name: o.korean_name,
      match: h.cls,
      matched_name: h.matched,
      eu_status: EU_STATUS_CODES[o.eu_status]!,
      kr_status: KR_STATUS_CODES[o.kr_status]!,
    }
  }

  /** Owners whose FTS5 matches are few: every class from the matches themselves. */
  function smallSet(key: string, mode: SearchMode, matches: readonly FtsRow[]): Hit[] {
    const byOwner = new Map<number, { owner: FtsRow; names: { name: string; key: string; tier: number }[] }>()
    for (const r of matches) {
      if (!r.key.includes(key)) continue
      const name = { name: r.match_name, key: r.key, tier: r.name_tier }
      const at = byOwner.get(r.owner_id)
      if (at) at.names.push(name)
      else byOwner.set(r.owner_id, { owner: r, names: [name] })
    }
    const hits: Hit[] = []
    for (const { owner, names } of byOwner.values()) {
      const best = bestClass(names, key)
      if (best === null) continue
      if (mode === 'prefix' && best.cls !== 'exact' && best.cls !== 'prefix') continue
      const at: Pos =
        best.cls === 'exact'
          ? [0, 0, owner.first_pos]
          : best.cls === 'substring'
            ? [2, owner.tier, owner.last_pos]
            : [1, groupOf(best.cls, owner.tier), owner.first_pos]
      hits.push({ at, owner, cls: best.cls, matched: best.name })
    }
    return hits.sort((a, b) => after(a.at, b.at))
  }

  /**
   * The phases in order, from `from`, until `want` hits are found — or until SCAN_BUDGET
   * names were read and skipped, when `resume` says where the next page goes on (the page
   * then holds fewer items than asked, and its cursor continues the walk).
   */
  function largeSet(key: string, chars: string[], mode: SearchMode, from: Pos, want: number): { hits: Hit[]; resume: Pos | null } {
    const hits: Hit[] = []
    let scanned = 0
    const done = (resume: Pos | null = null) => ({ hits, resume: hits.length >= want ? null : resume })
    const exact = q.exact.all(key)
    const exactIds = new Set(exact.map((o) => o.owner_id))
    for (const owner of exact) {
      const at: Pos = [0, 0, owner.first_pos]
      if (after(at, from) <= 0) continue
      const matched = namesOf(owner).find((n) => n.key === key)?.name ?? owner.name ?? ''
      hits.push({ at, owner, cls: 'exact', matched })
      if (hits.length >= want) return done()
    }
    const term = chars.slice(0, SEARCH_TERM_LENGTH).join('')
    const long = chars.length > SEARCH_TERM_LENGTH
    for (const grp of groupsFor(mode)) {
      if (from[0] > 1 || (from[0] === 1 && grp < from[1])) continue
      let pos = from[0] === 1 && grp === from[1] ? from[2] : 0
      for (;;) {
        const rows = termOwners(term, grp, pos, CHUNK)
        for (const owner of rows) {
          pos = owner.first_pos
          if (++scanned > SCAN_BUDGET) return done([1, grp, pos - 1])
          if (exactIds.has(owner.owner_id)) continue
          const best = classOfOwner(owner, key, grp % 2 === 0 ? 'prefix' : 'word_start')
          if (best === null || (best.cls !== 'prefix' && best.cls !== 'word_start')) continue
          if (long && mode === 'prefix' && best.cls !== 'prefix') continue
          hits.push({ at: [1, grp, pos], owner, cls: best.cls, matched: best.name })
          if (hits.length >= want) return done()
        }
        if (rows.length < CHUNK) break
      }
    }
    if (mode === 'prefix') return done()
    if (!ftsUsable(chars.length)) {
      if (!SUBSTRING_SCRIPT.test(key)) return done()
      // Two Korean characters: the stored substrings, by tier (one character: starts only).
      for (let tier = 0; tier <= 2; tier++) {
        if (from[0] === 2 && tier < from[1]) continue
        let pos = from[0] === 2 && tier === from[1] ? from[2] : 0
        for (;;) {
          const rows = termOwners(term, KOREAN_SUBSTRING_GROUP + tier, pos, CHUNK)
          for (const owner of rows) {
            pos = owner.first_pos
            const best = classOfOwner(owner, key, 'substring')
            hits.push({ at: [2, tier, owner.last_pos], owner, cls: 'substring', matched: best?.name ?? owner.korean_name ?? '' })
            if (hits.length >= want) return done()
          }
          if (rows.length < CHUNK) break
        }
      }
      return done()
    }
    let rowid = from[0] === 2 ? from[2] : 0
    let lastOwner = -1
    for (;;) {
      const rows = q.fts.all(phrase(key), rowid, CHUNK)
      for (const r of rows) {
        if (++scanned > SCAN_BUDGET) return done([2, r.tier, rowid])
        rowid = r.pos
        if (r.owner_id === lastOwner || !r.key.includes(key)) continue
        lastOwner = r.owner_id
        if (exactIds.has(r.owner_id)) continue
        const own = classOfRow(r.key, r.name_tier, key)
        if (own !== 'substring') continue
        const owner: OwnerRow = r
        const best = bestClass(namesOf(owner), key)
        if (best === null || best.cls !== 'substring') {
          rowid = owner.last_pos
          continue
        }
        hits.push({ at: [2, owner.tier, owner.last_pos], owner, cls: 'substring', matched: best.name })
        rowid = owner.last_pos
        if (hits.length >= want) return done()
      }
      if (rows.length < CHUNK) break
    }
    return done()
  }

  function totalOf(key: string, chars: string[], mode: SearchMode, small: Hit[] | null): { total: number; estimate: boolean } {
    const cacheKey = `${mode}\n${key}`
    const cached = totals.get(cacheKey)
    if (cached) return cached
    let result: { total: number; estimate: boolean }
    if (small !== null) {
      result = { total: small.length, estimate: false }
    } else {
      const exact = q.exact.all(key)
      const term = chars.slice(0, SEARCH_TERM_LENGTH).join('')
      const groups = groupsFor(mode)
      let n = exact.length
      for (const grp of groups) n += termCount(term, grp)
      // Exact owners are also counted under their term group: subtract them once.
      for (const o of exact) {
        const g = termGroup(term, o.first_pos)
        if (g !== undefined && groups.includes(g)) n--
      }
      let estimate = chars.length > SEARCH_TERM_LENGTH
      if (mode === 'full') {
        if (ftsUsable(chars.length)) {
          n = Math.max(n, q.ftsCount.get(phrase(key), COUNT_CAP)!.n)
          estimate = true
        } else if (SUBSTRING_SCRIPT.test(key)) {
          for (let tier = 0; tier <= 2; tier++) n += termCount(term, KOREAN_SUBSTRING_GROUP + tier)
        }
      }
      result = { total: n, estimate }
    }
    totals.set(cacheKey, result)
    return result
  }

  return {
    /**
     * One page of results for `text` (any language; matched as names are keyed, see
     * `normaliseName`), at most `limit` items, after `cursor` (from the previous page).
     * @throws ProblemError invalid_cursor (400) for a cursor this build did not issue.
     */
    search(text: string, limit: number, cursor: string | undefined, mode: SearchMode = 'full'): SearchPageValue {
      const key = normaliseName(text)
      const chars = Array.from(key)
      const from: Pos = cursor ? (decodeCursor(cursor, buildId, 3) as Pos) : [0, -1, -1]
      let small: Hit[] | null = null
      if (ftsUsable(chars.length) && isSmall(key)) small = smallSet(key, mode, q.fts.all(phrase(key), 0, SMALL_SET + 1))
      const large = small === null ? largeSet(key, chars, mode, from, limit + 1) : null
      const page = small !== null ? small.filter((h) => after(h.at, from) > 0).slice(0, limit + 1) : large!.hits
      const shown = page.slice(0, limit)
      const last = shown.at(-1)
      const { total, estimate } = totalOf(key, chars, mode, small)
      const next = page.length > limit && last ? last.at : (large?.resume ?? null)
      return {
        query: text,
        total,
        total_is_estimate: estimate,
        results: shown.map(item),
        next_cursor: next ? encodeCursor(buildId, next) : null,
      }
    },
  }
}

/** Queries longer than this go to FTS5 as a few spread 3-character windows (then verified). */
export const FTS_WINDOWS_FROM = 9

/**
 * The FTS5 query for a key: the quoted phrase; for long keys, the phrases of five spread
 * 3-character windows ANDed (each matching name is then checked to contain the key), since
 * a phrase reads one doclist per trigram and a 40-character name took 3 ms.
 */
export function ftsQuery(key: string): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
  const chars = Array.from(key)
  if (chars.length < FTS_WINDOWS_FROM) return quote(key)
  const windows = new Set<string>()
  for (let i = 0; i < 5; i++)
    windows.add(
      chars
        .slice(Math.round((i * (chars.length - 3)) / 4))
        .slice(0, 3)
        .join(''),
    )
  return [...windows].map(quote).join(' ')
}

/** The class a single name gives, or null (ranking order in CLASS_ORDER). */
function classOfRow(key: string, tier: number, q: string): MatchClass | null {
  const best = bestClass([{ name: '', key, tier }], q)
  return best ? best.cls : null
}

export { CLASS_ORDER }
