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
 * Bounded by bytes (byte-cache.ts, the mechanism analysis/fragment-cache.ts uses too).
 */
import { createByteCache } from '../byte-cache.ts'

export type AnswerCache = {
  /** The body stored for `key`, or undefined. */
  get(key: string): string | undefined
  /** Stores `body` (ignored when larger than a generation). */
  set(key: string, body: string): void
  /** Entries and bytes held now. */
  size(): { entries: number; bytes: number }
}

/** Default bound, bytes (UTF-16 size of the bodies and keys): ≈ 2,000 exact-lookup answers of PRO. */
export const ANSWER_CACHE_BYTES = 8 * 1024 * 1024

/**
 * Creates a bounded answer cache (byte-cache.ts; a body counts its UTF-16 size).
 * @param maxBytes total bound, bytes (both generations); 0 disables the cache.
 */
export function createAnswerCache(maxBytes: number = ANSWER_CACHE_BYTES): AnswerCache {
  const cache = createByteCache<string>(maxBytes, 64)
  return { get: cache.get, set: (key, body) => cache.set(key, body, 2 * body.length), size: cache.size }
}
