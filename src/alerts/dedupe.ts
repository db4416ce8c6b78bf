/**
 * The dedupe window for error alerts: the first error of a fingerprint is sent, repeats
 * within `windowMs` are only counted, and the count is reported by the next alert of that
 * fingerprint after the window ("(+N similar suppressed since …)") or by `drain()` (at
 * shutdown), so a count is never lost silently. At most `maxFingerprints` are remembered;
 * the least recently alerted is forgotten first, after its count is drained.
 */
import { bound, iso } from './format.ts'
import type { ErrorInfo, StoredError } from './messages.ts'

/**
 * Route, error type and message, lower-cased, with UUIDs, long hex runs and digit runs
 * collapsed and whitespace squeezed: "id 42 not found" and "id 43 not found" are one.
 */
export function errorFingerprint(info: Pick<ErrorInfo, 'route' | 'errorType' | 'message'>): string {
  const norm = (v: string) =>
    bound(v, 1_000)
      .toLowerCase()
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\b(?:0x)?[0-9a-f]{8,}\b/g, '<hex>')
      .replace(/\d+/g, '#')
      .replace(/\s+/g, ' ')
      .trim()
  return `${norm(info.route)}\u0000${norm(info.errorType)}\u0000${norm(info.message)}`
}

export function suppressedNote(count: number, since: number): string {
  return `(+${count} similar suppressed since ${iso(since)})`
}

type Entry = { since: number; suppressed: number; error: StoredError }

/** A repeat count to report: the error, since when, and the note to show. */
export type Summary = { error: StoredError; since: number; note: string }

export class DedupeWindow {
  private readonly seen = new Map<string, Entry>()
  suppressedTotal = 0

  constructor(
    private readonly windowMs: number,
    private readonly maxFingerprints: number,
    private readonly now: () => number,
  ) {}

  /**
   * Null when `error` repeats one alerted within the window (counted); else the notes to
   * send with it, plus summaries of fingerprints forgotten to stay within the bound.
   */
  admit(error: StoredError): { at: number; notes: string[]; evicted: Summary[] } | null {
    const t = this.now()
    const fp = errorFingerprint(error)
    const entry = this.seen.get(fp)
    if (entry && t - entry.since < this.windowMs) {
      entry.suppressed++
      this.suppressedTotal++
      return null
    }
    const notes = entry && entry.suppressed > 0 ? [suppressedNote(entry.suppressed, entry.since)] : []
    this.seen.delete(fp) // re-inserted: Map order is "least recently alerted first"
    this.seen.set(fp, { since: t, suppressed: 0, error })
    const evicted: Summary[] = []
    while (this.seen.size > this.maxFingerprints) {
      const [oldest, e] = this.seen.entries().next().value as [string, Entry]
      if (e.suppressed > 0) evicted.push({ error: e.error, since: e.since, note: suppressedNote(e.suppressed, e.since) })
      this.seen.delete(oldest)
    }
    return { at: t, notes, evicted }
  }

  /** Every pending count, reset to zero (shutdown: nothing is lost). */
  drain(): Summary[] {
    const out: Summary[] = []
    for (const e of this.seen.values()) {
      if (e.suppressed === 0) continue
      out.push({ error: e.error, since: e.since, note: suppressedNote(e.suppressed, e.since) })
      e.suppressed = 0
    }
    return out
  }
}
