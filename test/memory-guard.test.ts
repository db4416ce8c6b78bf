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

test('at most one collection per gap, however long the resident set stays above the limit', () => {
  const f = fake(100, 250)
  for (let t = 0; t <= 1_000; t += 50) {
    f.set(500, t)
    f.guard.check()
  }
  expect(f.collected).toEqual([0, 300, 600, 900])
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
