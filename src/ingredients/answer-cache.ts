/**
 * Serialized answers of the GET ingredient routes, kept so a repeated request is answered
 * without resolving, projecting and serializing again (those were ≈ 60 % of an exact
 * look-up's CPU time: bench/README, issue #15). Sound because every such answer is a pure
 * function of what the key holds: the database is read-only for the process's life, the
 * answer depends on the plan (fields by plan), on the request's path and query as the router
 * saw them (the query is echoed), and on the date statuses are computed for (today in UTC
 * unless `as_of` is given). Per-request facts — request id, rate-limit state — travel in
 * headers, which the edge sets on every response and this cache never holds.
 *
 * Used by routes.ts inside the handler, after every edge check and after validation: a
 * cached answer is never served to a request the edge or the schema would refuse.
 * Bounded: two generations of at most `maxBytes / 2` each (UTF-16 size, 2 bytes a code
 * unit); when the young one fills, the old one is dropped — an answer used since the last
 * turn-over survives it (a cheap approximation of least-recently-used).
 */

export type AnswerCache = {
  /** The body stored for `key`, or undefined. */
  get(key: string): string | undefined
  /** Stores `body` (ignored when larger than a generation). */
  set(key: string, body: string): void
  /** Entries and bytes held now (tests and /health-style introspection). */
  size(): { entries: number; bytes: number }
}

/** Default bound, bytes (UTF-16 size of the bodies and keys): ≈ 2,000 exact-lookup answers of PRO. */
export const ANSWER_CACHE_BYTES = 8 * 1024 * 1024

/**
 * Creates a bounded answer cache.
 * @param maxBytes total bound, bytes (both generations); 0 disables the cache.
 */
export function createAnswerCache(maxBytes: number = ANSWER_CACHE_BYTES): AnswerCache {
  const half = Math.floor(maxBytes / 2)
  let young = new Map<string, string>()
  let old = new Map<string, string>()
  let youngBytes = 0
  let oldBytes = 0
  const cost = (key: string, body: string) => 2 * (key.length + body.length) + 64

  function put(key: string, body: string, bytes: number) {
    if (youngBytes + bytes > half) {
      old = young
      oldBytes = youngBytes
      young = new Map()
      youngBytes = 0
    }
    young.set(key, body)
    youngBytes += bytes
  }

  return {
    get(key) {
      const hit = young.get(key)
      if (hit !== undefined) return hit
      const aged = old.get(key)
      if (aged === undefined) return undefined
      old.delete(key)
      const bytes = cost(key, aged)
      oldBytes -= bytes
      put(key, aged, bytes)
      return aged
    },
    set(key, body) {
      const bytes = cost(key, body)
      if (bytes > half || young.has(key)) return
      put(key, body, bytes)
    },
    size: () => ({ entries: young.size + old.size, bytes: youngBytes + oldBytes }),
  }
}
