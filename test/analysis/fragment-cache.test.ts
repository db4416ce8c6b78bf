/** The bounded cache of analysed items (fragment-cache.ts): answers what was stored, within its bound. */
import { expect, test } from 'bun:test'
import { createFragmentCache } from '../../src/analysis/fragment-cache.ts'

test('gives back what was stored, and nothing for a key never stored', () => {
  const cache = createFragmentCache<{ n: number }>(1_000_000)
  cache.set('WATER', { n: 1 }, 100)
  expect(cache.get('WATER')).toEqual({ n: 1 })
  expect(cache.get('GLYCERIN')).toBeUndefined()
})

test('never holds more than its bound, however many items pass through it', () => {
  const max = 100_000
  const cache = createFragmentCache<number>(max)
  for (let i = 0; i < 10_000; i++) {
    cache.set(`item ${i}`, i, 1_000)
    expect(cache.size().bytes).toBeLessThanOrEqual(max)
  }
  expect(cache.size().entries).toBeGreaterThan(10)
  expect(cache.get('item 9999')).toBe(9999)
  expect(cache.get('item 0')).toBeUndefined()
})

test('an item used since the last turn-over survives it; one not used does not', () => {
  // Two generations of 10,000 bytes: an entry of 1,000 + 512 + 2 × key counts ≈ 1,530.
  const cache = createFragmentCache<string>(20_000)
  cache.set('kept', 'a', 1_000)
  cache.set('dropped', 'b', 1_000)
  for (let i = 0; i < 5; i++) cache.set(`filler ${i}`, 'x', 1_000)
  expect(cache.get('kept')).toBe('a')
  for (let i = 5; i < 12; i++) cache.set(`filler ${i}`, 'x', 1_000)
  expect(cache.get('kept')).toBe('a')
  expect(cache.get('dropped')).toBeUndefined()
})

test('an entry larger than a generation is not kept; a bound of 0 keeps nothing', () => {
  const cache = createFragmentCache<string>(10_000)
  cache.set('huge', 'x', 6_000)
  expect(cache.get('huge')).toBeUndefined()
  const off = createFragmentCache<string>(0)
  off.set('WATER', 'x', 1)
  expect(off.get('WATER')).toBeUndefined()
  expect(off.size()).toEqual({ entries: 0, bytes: 0 })
})
