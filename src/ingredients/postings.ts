/**
 * The posting lists of search_terms (src/db/schema.ts): ascending positions in search_names
 * (one per owner of a (term, class): the position of its name that has the term), each stored
 * as its difference from the previous one in unsigned LEB128 — one byte for a gap under 128 —
 * in chunks of CHUNK_BYTES. Written by the importer, read by the search. Pure.
 */

/**
 * Encodes ascending, distinct integer positions above `base` (search_names.pos), each as its
 * difference from the previous one (the first from `base`).
 * @throws RangeError for a position that is not above the previous one.
 */
export function encodePostings(positions: readonly number[], base = 0): Uint8Array {
  const out: number[] = []
  let prev = base
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

/**
 * Most bytes of one chunk. Small enough that a page of results reads one or two chunks (a
 * 256-byte chunk holds 128–256 positions; reading is copying and decoding them), and well
 * inside a 4 KiB b-tree page (a blob over ≈ 1,000 bytes spills to overflow pages, most of the
 * last one left empty: 1.4 MB of 6.6 once). 118,000 rows where 900 bytes made 113,000.
 */
export const CHUNK_BYTES = 256

/**
 * Splits ascending positions into chunks of at most CHUNK_BYTES encoded bytes, each encoded on
 * its own (its first position from 0), with its last position and count.
 * @throws RangeError as encodePostings.
 */
export function chunkPostings(positions: readonly number[]): { last: number; n: number; bytes: Uint8Array }[] {
  const out: { last: number; n: number; bytes: Uint8Array }[] = []
  let from = 0
  while (from < positions.length) {
    let to = from + 1
    let size = varintBytes(positions[from]!)
    while (to < positions.length && size + varintBytes(positions[to]! - positions[to - 1]!) <= CHUNK_BYTES) {
      size += varintBytes(positions[to]! - positions[to - 1]!)
      to++
    }
    out.push({ last: positions[to - 1]!, n: to - from, bytes: encodePostings(positions.slice(from, to)) })
    from = to
  }
  return out
}

/** Bytes of `n` (≥ 0) as an unsigned LEB128 varint. */
function varintBytes(n: number): number {
  let bytes = 1
  for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) bytes++
  return bytes
}

/** The positions of one encoded list or chunk (encoded from `base`), in order. */
export function decodePostings(bytes: Uint8Array, base = 0): number[] {
  return decodePostingsInto(bytes, base, Number.NEGATIVE_INFINITY, [])
}

/** Appends to `out` the positions of an encoded list or chunk (from `base`) above `after`; returns `out`. */
export function decodePostingsInto(bytes: Uint8Array, base: number, after: number, out: number[]): number[] {
  let pos = base
  let gap = 0
  let scale = 1
  const n = bytes.length
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!
    if (b >= 0x80) {
      gap += (b & 0x7f) * scale
      scale *= 0x80
      continue
    }
    pos += gap + b * scale
    gap = 0
    scale = 1
    if (pos > after) out.push(pos)
  }
  return out
}
