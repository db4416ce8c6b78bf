/** The soft memory ceiling: a full collection when the resident set passes the limit, never more often than the gap allows. */
import { expect, test } from 'bun:test'
import { startMemoryGuard } from '../src/memory-guard.ts'

function fake(limitBytes: number, minGapMs = 250) {
  let rss = 0
  let clock = 0
  const collected: number[] = []
  const guard = startMemoryGuard({
    limitBytes,
    minGapMs,
    everyMs: 60_000, // the test drives check() itself
    rss: () => rss,
    collect: () => {
      collected.push(clock)
      clock += 4 // a collection takes time
    },
    now: () => clock,
  })
  return {
    guard,
    collected,
    set: (bytes: number, at: number) => {
      rss = bytes
      clock = at
    },
  }
}

test('under or at the limit nothing is collected; above it a full collection runs', () => {
  const f = fake(100)
  f.set(50, 1_000)
  expect(f.guard.check()).toBe(false)
  f.set(100, 2_000)
  expect(f.guard.check()).toBe(false)
  f.set(101, 3_000)
  expect(f.guard.check()).toBe(true)
  expect(f.collected).toEqual([3_000])
  expect(f.guard.stats()).toEqual({ collections: 1, ms: 4 })
  f.guard.stop()
})

test('while collecting leaves the resident set above the limit, the gap doubles up to its most; under the limit it is back to the least', () => {
  const f = fake(100, 250)
  for (let t = 0; t <= 10_000; t += 50) {
    f.set(500, t)
    f.guard.check()
  }
  // Each collection ends 4 ms after it starts; the gaps after it are 500, 1000, 2000, 2000 … ms.
  expect(f.collected).toEqual([0, 550, 1600, 3650, 5700, 7750, 9800])
  f.set(50, 10_100)
  f.guard.check()
  f.set(500, 10_200)
  f.guard.check()
  expect(f.collected.at(-1)).toBe(10_200)
  f.set(500, 10_300)
  expect(f.guard.check()).toBe(false)
  f.set(500, 10_800)
  expect(f.guard.check()).toBe(true)
  f.guard.stop()
})

test('a limit that is not a positive number is refused', () => {
  expect(() => startMemoryGuard({ limitBytes: 0 })).toThrow('limitBytes must be a positive number')
  expect(() => startMemoryGuard({ limitBytes: Number.NaN })).toThrow('limitBytes must be a positive number')
})

test('the real guard collects this process when it is over a tiny limit', () => {
  const guard = startMemoryGuard({ limitBytes: 1, everyMs: 60_000 })
  expect(guard.check()).toBe(true)
  expect(guard.stats().collections).toBe(1)
  guard.stop()
})
