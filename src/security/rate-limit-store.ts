/**
 * Rate-limit stores: fixed one-minute windows counted per key. A store answers one
 * question atomically: "count this request; how many so far in this window, and when
 * does the window end?" Two implementations: memory (memory-store.ts, default) and
 * Redis (redis-store.ts, shared by several instances).
 */

/** Result of counting one request. */
export type Hit = {
  /** Requests in the current window including this one. */
  count: number
  /** Milliseconds until the window resets (≥ 1). */
  resetMs: number
}

export interface RateLimitStore {
  /** True when `hit` never returns a promise (lets the edge stay synchronous). */
  readonly synchronous: boolean
  /**
   * Counts one request for `key` in a window of `windowMs` and returns the new count.
   * Never throws for a store-side failure: a store that cannot answer returns a
   * fallback answer itself (see RedisStore).
   */
  hit(key: string, windowMs: number): Hit | Promise<Hit>
  /** Releases connections/timers. */
  close(): void
}

/** One minute, the unit of "requests per minute". */
export const WINDOW_MS = 60_000
