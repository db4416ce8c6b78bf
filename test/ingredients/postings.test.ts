/** Posting lists of search_terms (src/ingredients/postings.ts): encoding, decoding, chunks. */
import { expect, test } from 'bun:test'
import { CHUNK_BYTES, chunkPostings, decodePostings, encodePostings } from '../../src/ingredients/postings.ts'

test('a list decodes to its positions; a gap under 128 takes one byte', () => {
  const positions = [1, 2, 130, 131, 20_000, 86_461]
  const bytes = encodePostings(positions)
  expect(decodePostings(bytes)).toEqual(positions)
  expect(encodePostings([5, 6, 7])).toEqual(Uint8Array.from([5, 1, 1]))
  expect(decodePostings(encodePostings([100, 101], 99), 99)).toEqual([100, 101])
})

test('positions must ascend above the base', () => {
  expect(() => encodePostings([3, 3])).toThrow(RangeError)
  expect(() => encodePostings([2, 1])).toThrow(RangeError)
  expect(() => encodePostings([10], 10)).toThrow(RangeError)
})

test('chunks: each at most CHUNK_BYTES, ending at its last position, together the whole list', () => {
  const dense = Array.from({ length: 5_000 }, (_, i) => i + 1)
  const sparse = Array.from({ length: 2_000 }, (_, i) => 1 + i * 997)
  for (const list of [dense, sparse, [42]]) {
    const chunks = chunkPostings(list)
    expect(chunks.every((c) => c.bytes.length <= CHUNK_BYTES)).toBe(true)
    const decoded = chunks.flatMap((c) => {
      const positions = decodePostings(c.bytes)
      expect(positions.at(-1)).toBe(c.last)
      expect(positions.length).toBe(c.n)
      return positions
    })
    expect(decoded).toEqual(list)
  }
  expect(chunkPostings(dense).length).toBe(Math.ceil(5_000 / CHUNK_BYTES))
})
