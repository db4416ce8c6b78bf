/**
 * The name look-ups the resolver's rules are made of (resolver.ts), over the prepared
 * statements of queries.ts: every name row of a key, one tier and language of them in rank
 * order, and the candidate names of the fuzzy rule. Each look-up is one or two index seeks;
 * what makes them cheap is read from the database once, lazily, and kept small:
 *  - the hashes of the regulated-substance name keys (≈ 8,000 numbers): a key whose hash is
 *    not among them has no substance name, so that statement is not run (a hash that is
 *    there only means the statement runs: no name is ever missed);
 *  - per search position, the UTF-16 length and script of the name there, kept as names are
 *    read (≈ 3 bytes a position): a fuzzy candidate whose length or script cannot pass is not
 *    read again (fuzzy.ts editDistance compares lengths first and never accepts them).
 */
import type { Database } from 'bun:sqlite'
import { FUZZY_CANDIDATES_PER_WINDOW, fuzzyWindows, maxEdits } from './fuzzy.ts'
import type { KeyNameRow, NameHit, Queries } from './queries.ts'

/** Which names to consider: English, Korean, Chinese, or all (the default). */
export type ResolveLanguage = 'en' | 'ko' | 'zh' | 'any'

/** Names (or CAS owners) kept per key, tier and kind of owner. */
export const NAMES_PER_LOOKUP = 50

/** A fuzzy candidate: a name of an owner (ingredient or substance id) with its key. */
export type FuzzyCandidate = { ownerId: number; name: string; key: string }

const HANGUL = /[\uAC00-\uD7A3]/u

/** The look-ups over an open database and its prepared statements. */
export function createNameLookup(db: Database, q: Queries) {
  /** Positions (search_names.pos) of the first ?2 names holding one window (?1, an FTS5 phrase), in order. */
  const fuzzyPositions = db.query<{ rowid: number }, [string, number]>(
    'SELECT rowid FROM names_fts WHERE names_fts MATCH ?1 ORDER BY rowid LIMIT ?2',
  )
  const nameAt = db.query<{ owner_id: number; name: string; key: string }, [number]>(
    'SELECT owner_id, name, key FROM search_names WHERE pos = ?',
  )

  let substanceKeyHashes: Set<number> | undefined
  const mayBeSubstanceName = (key: string): boolean => {
    substanceKeyHashes ??= new Set(q.substanceNameKeys.all().map((r) => Bun.hash.xxHash32(r.key)))
    return substanceKeyHashes.has(Bun.hash.xxHash32(key))
  }

  // Length (0 = not read yet) and script (0 = not read yet, 1 = not Hangul, 2 = Hangul) per search position.
  let shapes: { length: Uint16Array; script: Uint8Array } | undefined
  function keyShapes(): { length: Uint16Array; script: Uint8Array } {
    if (shapes === undefined) {
      const size = (db.query<{ n: number | null }, []>('SELECT max(pos) AS n FROM search_names').get()?.n ?? 0) + 1
      shapes = { length: new Uint16Array(size), script: new Uint8Array(size) }
    }
    return shapes
  }

  /** Every name row of `key` (both tiers, every language), ingredients' first. */
  function rowsOf(key: string): KeyNameRow[] {
    const rows = q.ingredientNamesByKey.all(key)
    return mayBeSubstanceName(key) ? rows.concat(q.substanceNamesByKey.all(key)) : rows
  }

  /**
   * The names of one tier and language among `rows`: ingredients', then substances', each by
   * owner rank, then owner id (ties in index order), at most NAMES_PER_LOOKUP of each.
   */
  function pick(rows: readonly KeyNameRow[], tier: 0 | 1, lang: ResolveLanguage): NameHit[] {
    if (rows.length === 0) return []
    const l = lang === 'any' ? '' : lang
    if (rows.length === 1) {
      const r = rows[0]!
      return r.tier === tier && r.rank !== null && (l === '' || r.lang === l) ? [r] : []
    }
    const side = (substance: 0 | 1) =>
      rows
        .filter((r) => r.substance === substance && r.tier === tier && r.rank !== null && (l === '' || r.lang === l))
        .sort((a, b) => a.rank! - b.rank! || a.owner_id - b.owner_id)
        .slice(0, NAMES_PER_LOOKUP)
    return [...side(0), ...side(1)]
  }

  /**
   * The fuzzy rule's candidates for `key`: per window (fuzzy.ts fuzzyWindows), the first
   * FUZZY_CANDIDATES_PER_WINDOW names holding it in search order, of the script of the key
   * (and of `lang`), without those whose length no allowed edit count bridges.
   */
  function fuzzyPool(key: string, lang: ResolveLanguage): FuzzyCandidate[] {
    const korean = HANGUL.test(key)
    const edits = maxEdits(Array.from(key).length)
    const { length, script } = keyShapes()
    const pool: FuzzyCandidate[] = []
    for (const window of fuzzyWindows(key)) {
      for (const row of fuzzyPositions.values(`"${window.replaceAll('"', '""')}"`, FUZZY_CANDIDATES_PER_WINDOW)) {
        const pos = row[0] as number
        if (pos < length.length && length[pos] !== 0) {
          if (Math.abs(length[pos]! - key.length) > edits) continue
          const h = script[pos] === 2
          if ((lang !== 'any' && h !== (lang === 'ko')) || h !== korean) continue
        }
        const c = nameAt.get(pos)
        if (c === null) continue
        const h = HANGUL.test(c.key)
        if (pos < length.length) {
          length[pos] = Math.min(c.key.length, 0xffff)
          script[pos] = h ? 2 : 1
        }
        if ((lang !== 'any' && h !== (lang === 'ko')) || h !== korean) continue
        pool.push({ ownerId: c.owner_id, name: c.name, key: c.key })
      }
    }
    return pool
  }

  return {
    rowsOf,
    pick,
    /** The names of `key` of one tier and language (rowsOf, then pick). */
    lookup: (key: string, tier: 0 | 1, lang: ResolveLanguage): NameHit[] => pick(rowsOf(key), tier, lang),
    fuzzyPool,
  }
}
