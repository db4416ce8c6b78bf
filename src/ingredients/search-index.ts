/**
 * Reads of the search index built at import (src/db/schema.ts): the term posting lists of
 * search_terms, walked by commonness tier, and what the FTS5 trigram index says about a
 * query of 4+ characters (its rarest trigrams, by the owner counts of search_terms).
 */
import type { Database } from 'bun:sqlite'
import { decodePostingsInto } from './postings.ts'
import { Lru } from './records.ts'
import type { TermClass } from './search-terms.ts'

/** Up to this many FTS5 name matches, a query is ranked from its matches directly (exact total). */
export const SMALL_SET = 300
/** Trigrams of a 4+ character query given to FTS5: its rarest (each match is checked after). */
export const FTS_TRIGRAMS = 3
/** Trigrams of a long query looked up (spread over it) to find its rarest. */
const TRIGRAM_SAMPLE = 24
/** Queries whose trigram facts are kept, and up to which length (the data is read-only). */
const TRIGRAM_CACHE_SIZE = 4_096
const CACHED_KEY_LENGTH = 128

/**
 * What the index says about a 4+ character query: `match`, the FTS5 expression of its
 * FTS_TRIGRAMS rarest trigrams; `fewest`, the owners having its rarest trigram (an upper bound
 * of its matches; 0: nothing matches); `small`, whether `match` finds at most SMALL_SET names
 * (null: not counted, as its rarest trigram is rare enough that reading its matches, at most
 * SMALL_SET + 1, is the count; the caller then reports with `setSmall`).
 */
export type Trigrams = { match: string; fewest: number; small: boolean | null }

/** Positions read from a list: every one after `after` up to the last read (to its end when `complete`). */
type ListRead = { after: number; positions: number[]; complete: boolean }

/** The index reads over an open database; statements are prepared once. */
export function createSearchIndex(db: Database) {
  const q = {
    /** Chunks of (term, cls) from the one holding the first position after ?3, in order, at most ?4. */
    chunks: db.query<{ positions: Uint8Array }, [string, number, number, number]>(
      'SELECT positions FROM search_terms WHERE term = ?1 AND cls = ?2 AND last > ?3 ORDER BY last LIMIT ?4',
    ),
    counts: db.query<{ cls: TermClass; n: number }, [string]>('SELECT cls, sum(n) AS n FROM search_terms WHERE term = ? GROUP BY cls'),
    /** Owners having each trigram (a JSON array), over its classes. */
    owning: db.query<{ term: string; n: number }, [string]>(
      'SELECT term, sum(n) AS n FROM search_terms WHERE term IN (SELECT value FROM json_each(?)) GROUP BY term',
    ),
    ftsCount: db.query<{ n: number }, [string, number]>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM names_fts WHERE names_fts MATCH ?1 LIMIT ?2)',
    ),
  }
  const trigramCache = new Lru<string, Trigrams>(TRIGRAM_CACHE_SIZE)
  const meta = db.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'search_tier_starts'").get()
  const [tier1, tier2] = JSON.parse(meta?.value ?? '[0,0]') as [number, number]
  /** The commonness tier of the owner of the name at `pos` (owners are ordered by tier first). */
  const tierAt = (pos: number) => (pos >= tier2 ? 2 : pos >= tier1 ? 1 : 0)
  /** Positions of tier t: from TIER_START[t] to below TIER_START[t + 1]. */
  const TIER_START = [0, tier1, tier2, Number.POSITIVE_INFINITY]
  /** The positions of (term, cls) after `after`, in order: at least `limit` of them unless the list ends first. */
  const read = (term: string, cls: TermClass, after: number, limit: number): ListRead => {
    const positions: number[] = []
    let from = after
    for (;;) {
      // The chunk holding the next position and the one after it: enough for a page of any tier.
      const chunks = q.chunks.all(term, cls, from, 2)
      for (const c of chunks) decodePostingsInto(c.positions, 0, from, positions)
      if (chunks.length < 2) return { after, positions, complete: true }
      if (positions.length >= limit) return { after, positions, complete: false }
      from = positions.at(-1) ?? from
    }
  }

  /**
   * The lists of one query's term for one request: `inTier(cls, tier, pos, limit)` gives the
   * positions of (term, cls) after `pos` within commonness tier `tier`, at most `limit`,
   * reading each list once for all tiers when its chunks allow (the next tier's positions
   * usually came with the first read).
   */
  function listsOf(term: string, counts: ReadonlyMap<TermClass, number>) {
    const seen = new Map<TermClass, ListRead>()
    return (cls: TermClass, tier: number, pos: number, limit: number): number[] => {
      if (!counts.get(cls)) return []
      const lo = Math.max(pos, TIER_START[tier]! - 1)
      const hi = TIER_START[tier + 1]!
      let r = seen.get(cls)
      // What was read serves when it starts early enough and reaches the tier's end or the limit.
      const serves = (x: ListRead) =>
        x.after <= lo &&
        (x.complete || (x.positions.at(-1) ?? lo) >= hi || firstAbove(x.positions, hi - 1) - firstAbove(x.positions, lo) >= limit)
      if (r === undefined || !serves(r)) {
        r = read(term, cls, lo, limit)
        seen.set(cls, r)
      }
      const from = firstAbove(r.positions, lo)
      return r.positions.slice(from, Math.min(from + limit, firstAbove(r.positions, hi - 1)))
    }
  }

  /** What the index says about a query key of 4+ characters (see Trigrams). */
  function trigramsOf(key: string): Trigrams {
    const cached = trigramCache.get(key)
    if (cached) return cached
    const chars = Array.from(key)
    const grams = new Set<string>()
    // Every trigram, or TRIGRAM_SAMPLE spread ones of a long name: any is an upper bound.
    const windows = chars.length - 2
    const step = Math.max(1, (windows - 1) / (TRIGRAM_SAMPLE - 1))
    for (let i = 0; i < windows; i += step) {
      const at = Math.round(i)
      grams.add(chars.slice(at, at + 3).join(''))
    }
    const owning = new Map(q.owning.all(JSON.stringify([...grams])).map((r) => [r.term, r.n]))
    const rare = [...grams].sort((a, b) => (owning.get(a) ?? 0) - (owning.get(b) ?? 0))
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
    const match = rare.slice(0, FTS_TRIGRAMS).map(quote).join(' ')
    const fewest = owning.get(rare[0]!) ?? 0
    const small = fewest === 0 ? true : fewest <= SMALL_SET ? null : q.ftsCount.get(match, SMALL_SET + 1)!.n <= SMALL_SET
    const out = { match, fewest, small }
    if (key.length <= CACHED_KEY_LENGTH) trigramCache.set(key, out)
    return out
  }

  return {
    tierAt,
    listsOf,
    trigramsOf,
    /** Records what reading the matches of a query whose `small` was null found. */
    setSmall: (key: string, small: boolean) => {
      const known = trigramCache.get(key)
      if (known) known.small = small
    },
    /** Owners having `term`, per class. */
    counts: (term: string): Map<TermClass, number> => new Map(q.counts.all(term).map((r) => [r.cls, r.n])),
  }
}

export type SearchIndex = ReturnType<typeof createSearchIndex>

/** The index of the first element of ascending `xs` greater than `x` (xs.length when none). */
function firstAbove(xs: readonly number[], x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return lo
}
