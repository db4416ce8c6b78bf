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
 *  - prefix / word start: search_terms, one posting list per (term, class) holding the
 *    position of each owner's matching name, read in order within each tier's range of
 *    positions and stopped after the page; a query of up to SEARCH_TERM_LENGTH characters is
 *    answered by the lists alone (then one read of the page's rows), a longer one checks the
 *    names in the lists of its first characters and gives up after SCAN_BUDGET names (a short
 *    page whose cursor continues the walk);
 *  - substring: 3-character queries (and 2-character Korean / Chinese ones) read their own
 *    substring lists the same way; 4 or more characters read the FTS5 trigram index in rowid
 *    (= rank) order, matching only the query's rarest trigrams (search_terms counts say which;
 *    each name is then checked to contain the query), stopped after the page or SCAN_BUDGET;
 *    other 1–2 character queries have no substring phase (they would match nearly every name).
 * A query of 4+ characters whose FTS5 matches are few (≤ SMALL_SET names) is answered from
 * those matches directly, with an exact total; queries of up to 3 characters get an exact
 * total from the list counts; the others an upper bound (`total_is_estimate`).
 */
import type { Database } from 'bun:sqlite'
import { SUBSTANCE_ID_OFFSET } from '../db/schema.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { normaliseName } from './identifiers.ts'
import type { SearchItemValue, SearchPageValue } from './model.ts'
import { createSearchIndex, SMALL_SET, type Trigrams } from './search-index.ts'
import { bestMatch, CLASS_ORDER, classify, type MatchClass, SEARCH_TERM_LENGTH, SUBSTRING_SCRIPT, type TermClass } from './search-terms.ts'
import { EU_STATUS_CODES, KR_STATUS_CODES } from './status.ts'

/**
 * Names read and skipped per request before a page is returned short, with a cursor that
 * continues the walk: this bounds the work of one request whatever the query.
 */
export const SCAN_BUDGET = 256
/** Names read per index step when names must be checked. */
const CHUNK = 64

/** `prefix`: exact names and primary-name prefixes only (the BASIC plan); `full`: every class. */
export type SearchMode = 'prefix' | 'full'

/** A search_names row with what an item shows about its owner. */
type Row = {
  pos: number
  matched: string
  key: string
  name_tier: number
  owner_id: number
  name: string | null
  korean_name: string | null
  /** Index in EU_STATUS_CODES / KR_STATUS_CODES. */
  eu_status: number
  kr_status: number
  tier: number
  first_pos: number
  last_pos: number
}
/** What an item shows. */
type Shown = Pick<Row, 'pos' | 'matched' | 'owner_id' | 'name' | 'korean_name' | 'eu_status' | 'kr_status'>
/** A search_names row (`tier`: the name's, 0 primary or 1 synonym). */
type NameRow = { owner_id: number; pos: number; key: string; tier: number }
type Pos = [phase: number, grp: number, pos: number]
/** A result: where it sorts, the position of the name it matched on, how (and that name's row when read). */
type Hit = { at: Pos; pos: number; cls: MatchClass; row?: Row }

const after = (a: Pos, b: Pos) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
const TIERS = [0, 1, 2] as const
const groupOf = (cls: MatchClass, tier: number) => tier * 2 + (cls === 'prefix' ? 0 : 1)

/** Builds the search over an open database; statements are prepared once. */
export function createSearch(db: Database, buildId: string) {
  const ROW = `n.pos, n.name AS matched, n.key, n.tier AS name_tier, o.owner_id, o.name, o.korean_name, o.eu_status, o.kr_status,
               o.tier, o.first_pos, o.last_pos`
  const q = {
    /** Owners having a name keyed ?, through the name tables' key indexes (most keys have none). */
    exactOwners: [
      db.query<{ id: number }, [string]>('SELECT ingredient_id AS id FROM names WHERE key = ?'),
      db.query<{ id: number }, [string]>('SELECT substance_id AS id FROM substance_names WHERE key = ?'),
      db.query<{ id: number }, [string]>('SELECT owner_id AS id FROM search_extra_keys WHERE key = ?'),
    ],
    /** The names keyed ?1 of some owners (a JSON array of ids). */
    exact: db.query<Row, [string, string]>(
      `SELECT ${ROW} FROM json_each(?2) j JOIN search_owners o ON o.owner_id = j.value
         JOIN search_names n ON n.pos BETWEEN o.first_pos AND o.last_pos WHERE n.key = ?1`,
    ),
    /** What the items at some positions (a JSON array) show, in no order. */
    shown: db.query<Shown, [string]>(
      `SELECT n.pos, n.name AS matched, o.owner_id, o.name, o.korean_name, o.eu_status, o.kr_status
         FROM json_each(?) j JOIN search_names n ON n.pos = j.value JOIN search_owners o ON o.owner_id = n.owner_id`,
    ),
    /** The rows at some positions (a JSON array), in no order. */
    rowsAt: db.query<Row, [string]>(
      `SELECT ${ROW} FROM json_each(?) j JOIN search_names n ON n.pos = j.value JOIN search_owners o ON o.owner_id = n.owner_id`,
    ),
    /** Every name of some owners (a JSON array of ids), in position order. */
    namesOf: db.query<NameRow, [string]>(
      `SELECT n.owner_id, n.pos, n.key, n.tier FROM json_each(?) j JOIN search_owners o ON o.owner_id = j.value
         JOIN search_names n ON n.pos BETWEEN o.first_pos AND o.last_pos ORDER BY n.pos`,
    ),
    fts: db.query<NameRow, [string, number, number]>(
      `SELECT n.owner_id, n.pos, n.key, n.tier FROM names_fts f JOIN search_names n ON n.pos = f.rowid
        WHERE names_fts MATCH ?1 AND f.rowid > ?2 ORDER BY f.rowid LIMIT ?3`,
    ),
  }
  const index = createSearchIndex(db)
  const { tierAt } = index

  /** Every name of `owners`, by owner. */
  const namesOf = (owners: Iterable<number>): Map<number, NameRow[]> => {
    const ids = [...new Set(owners)]
    const out = new Map<number, NameRow[]>()
    if (ids.length === 0) return out
    for (const r of q.namesOf.all(JSON.stringify(ids))) {
      const list = out.get(r.owner_id)
      if (list) list.push(r)
      else out.set(r.owner_id, [r])
    }
    return out
  }
  /** The names equal to `key`, in position order (at most one per owner). */
  const exactNames = (key: string): Row[] => {
    const owners = new Set<number>()
    for (const statement of q.exactOwners) for (const { id } of statement.all(key)) owners.add(id)
    return owners.size === 0 ? [] : q.exact.all(key, JSON.stringify([...owners])).sort((a, b) => a.pos - b.pos)
  }
  const rowsAt = (positions: readonly number[]): Map<number, Row> =>
    positions.length === 0 ? new Map() : new Map(q.rowsAt.all(JSON.stringify(positions)).map((r) => [r.pos, r]))
  const groupsFor = (mode: SearchMode) => (mode === 'prefix' ? [0, 2, 4] : [0, 1, 2, 3, 4, 5])

  /**
   * A query whose FTS5 matches are few: every class from the matches themselves, in order;
   * null when they are more than SMALL_SET.
   */
  function smallSet(key: string, mode: SearchMode, grams: Trigrams): Hit[] | null {
    if (grams.small === false) return null
    const matches = q.fts.all(grams.match, 0, SMALL_SET + 1)
    if (grams.small === null) index.setSmall(key, matches.length <= SMALL_SET)
    if (matches.length > SMALL_SET) return null
    const byOwner = new Map<number, NameRow[]>()
    for (const r of matches) {
      if (!r.key.includes(key)) continue
      const names = byOwner.get(r.owner_id)
      if (names) names.push(r)
      else byOwner.set(r.owner_id, [r])
    }
    const hits: Hit[] = []
    for (const names of byOwner.values()) {
      const best = bestMatch(names, key)
      if (best === null) continue
      if (mode === 'prefix' && best.cls !== 'exact' && best.cls !== 'prefix') continue
      const pos = best.name.pos
      const tier = tierAt(pos)
      const at: Pos = best.cls === 'exact' ? [0, 0, pos] : best.cls === 'substring' ? [2, tier, pos] : [1, groupOf(best.cls, tier), pos]
      hits.push({ at, pos, cls: best.cls })
    }
    return hits.sort((a, b) => after(a.at, b.at))
  }

  /**
   * The phases in order, from `from`, until `want` hits are found — or until SCAN_BUDGET
   * names were read and skipped, when `resume` says where the next page goes on (the page
   * then holds fewer items than asked, and its cursor continues the walk).
   */
  function largeSet(
    key: string,
    chars: string[],
    mode: SearchMode,
    from: Pos,
    want: number,
    match: string | null,
    exact: readonly Row[],
    counts: ReadonlyMap<TermClass, number>,
  ): { hits: Hit[]; resume: Pos | null } {
    const hits: Hit[] = []
    let scanned = 0
    const done = (resume: Pos | null = null) => ({ hits, resume: hits.length >= want ? null : resume })
    const exactIds = new Set(exact.map((r) => r.owner_id))
    /** True when `pos` is a name of an owner listed as an exact match. */
    const isExact = (pos: number) => exact.some((r) => pos >= r.first_pos && pos <= r.last_pos)
    for (const r of exact) {
      const at: Pos = [0, 0, r.pos]
      if (after(at, from) <= 0) continue
      hits.push({ at, pos: r.pos, cls: 'exact', row: r })
      if (hits.length >= want) return done()
    }
    const term = chars.slice(0, SEARCH_TERM_LENGTH).join('')
    const inTier = index.listsOf(term, counts)
    const long = chars.length > SEARCH_TERM_LENGTH
    // Group g: commonness tier g >> 1, class g & 1 (0 prefix, 1 word start).
    for (const grp of groupsFor(mode)) {
      if (from[0] > 1 || (from[0] === 1 && grp < from[1])) continue
      const tier = grp >> 1
      const termCls = (grp & 1) as TermClass
      const cls: MatchClass = grp % 2 === 0 ? 'prefix' : 'word_start'
      let pos = from[0] === 1 && grp === from[1] ? from[2] : 0
      if (!long) {
        // The list is the answer: every owner in it has the query as this group's class.
        for (;;) {
          const asked = want - hits.length + exact.length
          const batch = inTier(termCls, tier, pos, asked)
          for (const p of batch) {
            pos = p
            if (isExact(p)) continue
            hits.push({ at: [1, grp, p], pos: p, cls })
            if (hits.length >= want) return done()
          }
          if (batch.length < asked) break
        }
        continue
      }
      // Longer queries: the list of their first characters, each owner's names checked.
      for (;;) {
        const asked = Math.min(CHUNK, SCAN_BUDGET - scanned + 1, Math.max(16, want - hits.length + 8))
        const batch = inTier(termCls, tier, pos, asked)
        const rows = rowsAt(batch)
        const unsure = batch.filter((p) => {
          const r = rows.get(p)
          return r !== undefined && !exactIds.has(r.owner_id) && classify(r.key, r.name_tier, key) !== cls
        })
        const names = namesOf(unsure.map((p) => rows.get(p)!.owner_id))
        for (const p of batch) {
          if (++scanned > SCAN_BUDGET) return done([1, grp, pos])
          pos = p
          const r = rows.get(p)
          if (r === undefined || exactIds.has(r.owner_id)) continue
          const best = names.has(r.owner_id) ? bestMatch(names.get(r.owner_id)!, key) : { cls, name: r }
          if (best === null || (best.cls !== 'prefix' && best.cls !== 'word_start')) continue
          if (mode === 'prefix' && best.cls !== 'prefix') continue
          hits.push({ at: [1, grp, p], pos: best.name.pos, cls: best.cls, row: best.name.pos === p ? r : undefined })
          if (hits.length >= want) return done()
        }
        if (batch.length < asked) break
      }
    }
    if (mode === 'prefix') return done()
    if (!long) {
      // Three characters (or two Korean / Chinese ones): the substring lists, by tier.
      if (chars.length < SEARCH_TERM_LENGTH && !(chars.length === 2 && SUBSTRING_SCRIPT.test(key))) return done()
      for (const tier of TIERS) {
        if (from[0] === 2 && tier < from[1]) continue
        const pos = from[0] === 2 && tier === from[1] ? from[2] : 0
        const batch = inTier(2, tier, pos, want - hits.length)
        for (const p of batch) hits.push({ at: [2, tier, p], pos: p, cls: 'substring' })
        if (hits.length >= want) return done()
      }
      return done()
    }
    if (match === null) return done()
    // Four or more characters: FTS5 in rank order; an owner whose names match better was listed above.
    let rowid = from[0] === 2 ? from[2] : 0
    let lastOwner = -1
    for (;;) {
      const asked = Math.min(CHUNK, SCAN_BUDGET - scanned + 1)
      const rows = q.fts.all(match, rowid, asked)
      const candidates = rows.filter(
        (r) => r.key.includes(key) && !exactIds.has(r.owner_id) && classify(r.key, r.tier, key) === 'substring',
      )
      const names = namesOf(candidates.map((r) => r.owner_id))
      for (const r of rows) {
        if (r.pos <= rowid) continue // a name of an owner already decided
        if (++scanned > SCAN_BUDGET) return done([2, 0, rowid])
        rowid = r.pos
        if (r.owner_id === lastOwner || !r.key.includes(key)) continue
        lastOwner = r.owner_id
        const own = names.get(r.owner_id)
        if (exactIds.has(r.owner_id) || own === undefined) continue
        const best = bestMatch(own, key)
        const lastPos = own.at(-1)!.pos
        rowid = lastPos
        if (best === null || best.cls !== 'substring') continue
        hits.push({ at: [2, 0, lastPos], pos: best.name.pos, cls: 'substring' })
        if (hits.length >= want) return done()
      }
      if (rows.length < asked) break
    }
    return done()
  }

  /**
   * The page's total: exact for small sets and for queries of up to SEARCH_TERM_LENGTH
   * characters (the list counts; an exact match is counted in its list), else an upper bound
   * (owners having the query's rarest trigram; for prefix mode also its lists' counts).
   */
  function totalOf(
    key: string,
    chars: string[],
    mode: SearchMode,
    small: Hit[] | null,
    fewest: number,
    exact: readonly Row[],
    counts: ReadonlyMap<TermClass, number>,
  ): { total: number; estimate: boolean } {
    if (small !== null) return { total: small.length, estimate: false }
    const term = chars.slice(0, SEARCH_TERM_LENGTH).join('')
    const sum = (classes: readonly TermClass[]) => classes.reduce<number>((n, c) => n + (counts.get(c) ?? 0), 0)
    if (mode === 'prefix') {
      // An exact owner is in a prefix list when one of its primary names starts with the term.
      const names = namesOf(exact.filter((r) => r.name_tier !== 0).map((r) => r.owner_id))
      const outside = exact.filter(
        (r) => r.name_tier !== 0 && !names.get(r.owner_id)!.some((n) => n.tier === 0 && n.key.startsWith(term)),
      ).length
      const n = sum([0]) + outside
      return chars.length > SEARCH_TERM_LENGTH ? { total: Math.min(n, fewest), estimate: true } : { total: n, estimate: false }
    }
    if (chars.length > SEARCH_TERM_LENGTH) return { total: fewest, estimate: true }
    const substrings = chars.length === SEARCH_TERM_LENGTH || SUBSTRING_SCRIPT.test(key) ? sum([2]) : 0
    return { total: sum([0, 1]) + substrings, estimate: false }
  }

  function items(hits: readonly Hit[]): SearchItemValue[] {
    const missing = hits.filter((h) => h.row === undefined).map((h) => h.pos)
    const rows = new Map<number, Shown>(missing.length === 0 ? [] : q.shown.all(JSON.stringify(missing)).map((r) => [r.pos, r]))
    return hits.map((h) => {
      const r = h.row ?? rows.get(h.pos)!
      return {
        kind: r.owner_id >= SUBSTANCE_ID_OFFSET ? 'regulated_substance' : 'ingredient',
        id: r.owner_id,
        inci_name: r.name,
        korean_name: r.korean_name,
        match: h.cls,
        matched_name: r.matched,
        eu_status: EU_STATUS_CODES[r.eu_status]!,
        kr_status: KR_STATUS_CODES[r.kr_status]!,
      }
    })
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
      const empty = { query: text, total: 0, total_is_estimate: false, results: [], next_cursor: null }
      if (chars.length === 0) return empty
      const grams = chars.length > SEARCH_TERM_LENGTH ? index.trigramsOf(key) : null
      // A trigram no name has: nothing contains the query.
      if (grams?.fewest === 0) return empty
      const small = grams ? smallSet(key, mode, grams) : null
      // The names equal to the query, and the owners of its term per class (a small set needs neither).
      const exact = small === null ? exactNames(key) : []
      const counts = small === null ? index.counts(chars.slice(0, SEARCH_TERM_LENGTH).join('')) : new Map<TermClass, number>()
      const large = small === null ? largeSet(key, chars, mode, from, limit + 1, grams?.match ?? null, exact, counts) : null
      const page = small !== null ? small.filter((h) => after(h.at, from) > 0).slice(0, limit + 1) : large!.hits
      const shown = page.slice(0, limit)
      const last = shown.at(-1)
      const { total, estimate } = totalOf(key, chars, mode, small, grams?.fewest ?? 0, exact, counts)
      const next = page.length > limit && last ? last.at : (large?.resume ?? null)
      return {
        query: text,
        total,
        total_is_estimate: estimate,
        results: items(shown),
        next_cursor: next ? encodeCursor(buildId, next) : null,
      }
    },
  }
}

export { CLASS_ORDER }
