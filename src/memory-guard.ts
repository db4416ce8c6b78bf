/**
 * A soft ceiling on the process's resident memory (MEMORY_SOFT_LIMIT_MB).
 *
 * Why: JavaScriptCore sizes its heap from the live heap and the machine's RAM. On a large
 * machine it lets garbage grow to about twice the live heap (at least 32 MB) before a full
 * collection, and the pages it freed stay resident a while longer. Under label analyses and
 * bulk lookups (100–170 kB answers, thousands a second) that put 60–80 MB of garbage on top
 * of a 70 MB process (issue #15: RSS under load ≤ 150 MB per worker). Bun gives a compiled
 * executable no way to tune JavaScriptCore's heap at run time, so the guard watches the
 * result instead: every `everyMs` it reads the resident set size (`process.memoryUsage.rss()`,
 * one read of /proc/self/statm), and above `limitBytes` it runs a full synchronous
 * collection (`Bun.gc(true)`, 25–36 ms on this heap), at most once per `minGapMs`. When a
 * collection leaves the resident set above the limit (live data, or pages not yet given
 * back), the gap doubles up to `maxGapMs`, so a limit set below the live set costs at most
 * one collection per `maxGapMs`; it is back to `minGapMs` once a check finds the resident set
 * under the limit. Under the limit the guard costs one read per tick.
 *
 * It is a soft limit: live data above it is never freed by collecting (the caches are
 * bounded by bytes on their own: ingredients/answer-cache.ts, analysis/fragment-cache.ts).
 */

export type MemoryGuardOptions = {
  /** Resident set size above which a full collection runs, bytes. */
  limitBytes: number
  /** How often the resident set size is read, ms. @default 100 */
  everyMs?: number
  /** Least time between two collections, ms. @default 250 */
  minGapMs?: number
  /** Most time between two collections while the resident set stays above the limit, ms. @default 2000 */
  maxGapMs?: number
  /** Reads the resident set size, bytes. @default process.memoryUsage.rss */
  rss?: () => number
  /** Runs a full collection. @default () => Bun.gc(true) */
  collect?: () => void
  /** Clock, ms. @default performance.now */
  now?: () => number
}

export type MemoryGuard = {
  /** Runs one check now (what the timer runs); true when it collected. */
  check(): boolean
  /** Collections run so far and their total time, ms. */
  stats(): { collections: number; ms: number }
  stop(): void
}

/**
 * Starts the guard (an unref'd timer: it never keeps the process alive).
 * @throws RangeError when `limitBytes` is not a positive number.
 */
export function startMemoryGuard(o: MemoryGuardOptions): MemoryGuard {
  if (!(o.limitBytes > 0)) throw new RangeError('startMemoryGuard: limitBytes must be a positive number')
  const rss = o.rss ?? (() => process.memoryUsage.rss())
  const collect = o.collect ?? (() => Bun.gc(true))
  const now = o.now ?? (() => performance.now())
  const minGapMs = o.minGapMs ?? 250
  const maxGapMs = Math.max(minGapMs, o.maxGapMs ?? 2_000)
  let gap = minGapMs
  let last = Number.NEGATIVE_INFINITY
  let collections = 0
  let ms = 0
  const check = () => {
    if (rss() <= o.limitBytes) {
      gap = minGapMs
      return false
    }
    const t = now()
    if (t - last < gap) return false
    collect()
    last = now()
    collections++
    ms += last - t
    gap = rss() > o.limitBytes ? Math.min(gap * 2, maxGapMs) : minGapMs
    return true
  }
  const timer = setInterval(check, o.everyMs ?? 100)
  timer.unref()
  return { check, stats: () => ({ collections, ms }), stop: () => clearInterval(timer) }
}
