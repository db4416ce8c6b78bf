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
 * Bounded by bytes (byte-cache.ts, the mechanism ingredients/answer-cache.ts uses too).
 */
import { type ByteCache, createByteCache } from '../byte-cache.ts'

/**
 * Default bound of whole POST answers (analysis, bulk lookup) kept by request, bytes: ≈ 90
 * analyses of 50 items (171 KB each) or 1,000 bulk lookups. Sound for the same reason as the
 * fragments: an answer is a pure function of the validated request, the plan and its limits,
 * and the date of the verdicts (`as_of`, else today in UTC) — the key holds all of them.
 * Shoppers re-check the same product page, catalogues are re-synchronised, clients retry: a
 * repeated label is answered without being parsed again (parsing a 50-item label is ≈ 75 µs,
 * summarising and joining it ≈ 50 µs: the whole of a cached answer's cost otherwise).
 */
export const ANSWER_CACHE_BYTES = 16 * 1024 * 1024

/** Default bound, bytes: ≈ 1,000 items of a PRO answer (≈ 3.5 KB of UTF-8 JSON each, plus key and overhead). */
export const FRAGMENT_CACHE_BYTES = 4 * 1024 * 1024

/** Bytes counted per entry beyond its strings (the entry, the map slot, the item object). */
const ENTRY_OVERHEAD = 512

export type FragmentCache<V> = ByteCache<V>

/** Creates the fragment cache (byte-cache.ts), bounded by `maxBytes`. */
export function createFragmentCache<V>(maxBytes: number = FRAGMENT_CACHE_BYTES): FragmentCache<V> {
  return createByteCache<V>(maxBytes, ENTRY_OVERHEAD)
}
