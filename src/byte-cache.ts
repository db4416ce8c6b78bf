/**
 * A cache bounded by bytes, for answers and fragments of answers that are pure functions of
 * their key (ingredients/answer-cache.ts, analysis/fragment-cache.ts say why each is sound).
 * Two generations of at most `maxBytes / 2` each; an entry counts the size its caller gives,
 * its key's UTF-16 size and `entryOverhead`. When the young generation fills, the old one is
 * dropped — an entry read since the last turn-over is promoted and survives it (a cheap
 * approximation of least-recently-used). A value larger than a generation is not kept.
 */

export type ByteCache<V> = {
  /** The value stored for `key`, or undefined. */
  get(key: string): V | undefined
  /** Stores `value`, whose own size is `bytes` (ignored when the entry is larger than a generation). */
  set(key: string, value: V, bytes: number): void
  /** Entries and bytes held now. */
  size(): { entries: number; bytes: number }
}

/**
 * Creates a byte-bounded cache.
 * @param maxBytes total bound, bytes (both generations); 0 keeps nothing.
 * @param entryOverhead bytes counted per entry beyond its key and value (map slot, entry object).
 */
export function createByteCache<V>(maxBytes: number, entryOverhead: number): ByteCache<V> {
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
      const bytes = 2 * key.length + size + entryOverhead
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
