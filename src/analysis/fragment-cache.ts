/**
 * Analysed label items kept with their serialized JSON, so an item printed on many labels
 * is resolved, judged and serialized once per plan, product type, markets and day (the
 * analysis answer is those fragments joined: analyze.ts `analyzeJson`). Sound because an
 * item's answer is a pure function of the key: the database is read-only for the process's
 * life, and the key holds every fact of the printed item (its text as printed, the name and
 * alternatives read from it, its concentration, nano and may-contain flags, footnote marks),
 * the plan (fields by plan), the product type, the markets asked and the date of the
 * verdicts. Only the position differs between labels, and it is not in the fragment.
 *
 * Bounded by bytes: two generations of at most `maxBytes / 2` each (the serialized size the
 * caller gives, the key's UTF-16 size, plus a fixed overhead per entry); when the young one fills,
 * the old one is dropped — an item used since the last turn-over survives it (a cheap
 * approximation of least-recently-used, as ingredients/answer-cache.ts).
 */

/** Default bound, bytes: ≈ 1,000 items of a PRO answer (≈ 3.5 KB of UTF-8 JSON each, plus key and overhead). */
export const FRAGMENT_CACHE_BYTES = 4 * 1024 * 1024

/** Bytes counted per entry beyond its strings (the entry, the map slot, the item object). */
const ENTRY_OVERHEAD = 512

export type FragmentCache<V> = {
  /** The value stored for `key`, or undefined. */
  get(key: string): V | undefined
  /** Stores `value`, whose serialized form takes `bytes` (ignored when larger than a generation). */
  set(key: string, value: V, bytes: number): void
  /** Entries and bytes held now. */
  size(): { entries: number; bytes: number }
}

/**
 * Creates a bounded fragment cache.
 * @param maxBytes total bound, bytes (both generations); 0 disables the cache.
 */
export function createFragmentCache<V>(maxBytes: number = FRAGMENT_CACHE_BYTES): FragmentCache<V> {
  const half = Math.floor(maxBytes / 2)
  type Entry = { value: V; bytes: number }
  let young = new Map<string, Entry>()
  let old = new Map<string, Entry>()
  let youngBytes = 0
  let oldBytes = 0

  function put(key: string, entry: Entry) {
    if (youngBytes + entry.bytes > half) {
      old = young
      oldBytes = youngBytes
      young = new Map()
      youngBytes = 0
    }
    young.set(key, entry)
    youngBytes += entry.bytes
  }

  return {
    get(key) {
      const hit = young.get(key)
      if (hit !== undefined) return hit.value
      const aged = old.get(key)
      if (aged === undefined) return undefined
      old.delete(key)
      oldBytes -= aged.bytes
      put(key, aged)
      return aged.value
    },
    set(key, value, size) {
      const bytes = 2 * key.length + size + ENTRY_OVERHEAD
      if (bytes > half || young.has(key)) return
      const stale = old.get(key)
      if (stale !== undefined) {
        old.delete(key)
        oldBytes -= stale.bytes
      }
      put(key, { value, bytes })
    },
    size: () => ({ entries: young.size + old.size, bytes: youngBytes + oldBytes }),
  }
}
