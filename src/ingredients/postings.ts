/**
 * The posting lists of search_terms (src/db/schema.ts): the ascending first positions of the
 * owners of one (term, group), each stored as its difference from the previous one (the first
 * from 0) in unsigned LEB128 — one byte for a gap under 128. Written by the importer, read by
 * the search. Pure.
 */

/**
 * Encodes ascending, distinct, positive integer positions (search_names.pos).
 * @throws RangeError for a position that is not above the previous one.
 */
export function encodePostings(positions: readonly number[]): Uint8Array {
  const out: number[] = []
  let prev = 0
  for (const p of positions) {
    if (!Number.isSafeInteger(p) || p <= prev) throw new RangeError(`posting list: position ${p} after ${prev}`)
    let gap = p - prev
    prev = p
    while (gap >= 0x80) {
      out.push((gap % 0x80) | 0x80)
      gap = Math.floor(gap / 0x80)
    }
    out.push(gap)
  }
  return Uint8Array.from(out)
}

/** Number of positions in an encoded list (bytes without the continuation bit). */
export function postingCount(bytes: Uint8Array): number {
  let n = 0
  for (const b of bytes) if (b < 0x80) n++
  return n
}

/**
 * The positions of an encoded list greater than `after`, in order, at most `limit`
 * (decoding stops there).
 */
export function postingsAfter(bytes: Uint8Array, after: number, limit: number): number[] {
  const out: number[] = []
  let pos = 0
  let gap = 0
  let scale = 1
  for (let i = 0; i < bytes.length && out.length < limit; i++) {
    const b = bytes[i]!
    gap += (b & 0x7f) * scale
    if (b >= 0x80) {
      scale *= 0x80
      continue
    }
    pos += gap
    gap = 0
    scale = 1
    if (pos > after) out.push(pos)
  }
  return out
}

/** True when the encoded list holds `position`. */
export function postingsHas(bytes: Uint8Array, position: number): boolean {
  return postingsAfter(bytes, position - 1, 1)[0] === position
}
