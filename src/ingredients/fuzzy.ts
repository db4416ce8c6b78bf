/**
 * Typo matching: candidates are names sharing a 4-character window with the query (start,
 * middle, end — through the trigram index, common names first, a bounded number per
 * window), scored by edit distance (optimal string alignment: insert, delete, substitute,
 * swap two neighbours). Pure apart from the candidate query passed in.
 */

/** Candidate names read per window. */
export const FUZZY_CANDIDATES_PER_WINDOW = 200

/** Edits allowed for a key of `length` characters: none up to 4, one up to 8, then two. */
export function maxEdits(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2
}

/**
 * Optimal-string-alignment distance between `a` and `b`, or `limit + 1` as soon as it is
 * certain to exceed `limit` (so long candidates cost little).
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  const n = b.length
  let prev2 = new Array<number>(n + 1).fill(0)
  let prev = Array.from({ length: n + 1 }, (_, j) => j)
  let cur = new Array<number>(n + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > limit) return limit + 1
    ;[prev2, prev, cur] = [prev, cur, prev2]
  }
  return prev[n]!
}

/** The 4-character windows of a key used to find candidates: start, middle, end. */
export function fuzzyWindows(key: string): string[] {
  const chars = Array.from(key)
  if (chars.length < 5) return []
  const at = (i: number) => chars.slice(i, i + 4).join('')
  const mid = Math.floor((chars.length - 4) / 2)
  return [...new Set([at(0), at(mid), at(chars.length - 4)])].filter((w) => !/^\s|\s$/u.test(w) || w.trim().length >= 3)
}

export interface FuzzyHit {
  ownerId: number
  name: string
  key: string
  distance: number
  confidence: number
}

/**
 * The best candidates for `key` within `maxEdits(key.length)`: every owner at the smallest
 * distance found, then owners one edit further, at most `max` in all, nearest first.
 * Confidence = 1 − distance / key length.
 */
export function fuzzyMatches(key: string, candidates: Iterable<{ ownerId: number; name: string; key: string }>, max = 5): FuzzyHit[] {
  const limit = maxEdits(Array.from(key).length)
  if (limit === 0) return []
  const best = new Map<number, FuzzyHit>()
  for (const c of candidates) {
    if (c.key === key) continue
    const d = editDistance(key, c.key, limit)
    if (d > limit) continue
    const at = best.get(c.ownerId)
    if (!at || d < at.distance) {
      best.set(c.ownerId, {
        ownerId: c.ownerId,
        name: c.name,
        key: c.key,
        distance: d,
        confidence: round2(1 - d / Math.max(key.length, c.key.length)),
      })
    }
  }
  const hits = [...best.values()].sort((a, b) => a.distance - b.distance)
  if (hits.length === 0) return []
  const cut = hits[0]!.distance + 1
  return hits.filter((h) => h.distance <= cut).slice(0, max)
}

const round2 = (x: number) => Math.round(x * 100) / 100
