/**
 * The counters that `--workers N` threads share (issue #12, point 6): exact counts across
 * threads counting the same consumers at once, windows and the key bound as MemoryStore.
 */
import { expect, test } from 'bun:test'
import { createSharedCounters, SharedMemoryStore } from '../../src/security/shared-memory-store.ts'

function clock(start = 1_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

test('counts per key; a new window starts every key from 1', () => {
  const c = clock()
  const s = new SharedMemoryStore({ buffer: createSharedCounters(1_000), maxKeys: 1_000, now: c.now })
  expect([s.hit('a', 60_000).count, s.hit('a', 60_000).count, s.hit('b', 60_000).count]).toEqual([1, 2, 1])
  expect(s.size).toBe(2)
  c.advance(60_000)
  expect(s.hit('a', 60_000).count).toBe(1)
  expect(s.size).toBe(1)
  expect(s.hit('a', 60_000).resetMs).toBe(59_000)
})

test('past maxKeys a new consumer is refused (fail closed) and onFull fires once per window', () => {
  const full: number[] = []
  const c = clock()
  const s = new SharedMemoryStore({ buffer: createSharedCounters(10), maxKeys: 10, now: c.now, onFull: (m) => full.push(m) })
  for (let i = 0; i < 10; i++) expect(s.hit(`k${i}`, 60_000).count).toBe(1)
  expect(s.hit('k3', 60_000).count).toBe(2) // known consumers still counted
  expect(s.hit('new-1', 60_000).count).toBe(Number.MAX_SAFE_INTEGER)
  expect(s.hit('new-2', 60_000).count).toBe(Number.MAX_SAFE_INTEGER)
  expect(full).toEqual([10])
  c.advance(60_000)
  expect(s.hit('new-1', 60_000).count).toBe(1)
})

test('two stores on one buffer (two threads) see one count', () => {
  const buffer = createSharedCounters(100)
  const a = new SharedMemoryStore({ buffer, maxKeys: 100, now: () => 5 })
  const b = new SharedMemoryStore({ buffer, maxKeys: 100, now: () => 5 })
  expect([a.hit('x', 60_000).count, b.hit('x', 60_000).count, a.hit('x', 60_000).count]).toEqual([1, 2, 3])
})

test('4 threads counting the same 50 consumers at once lose no hit', async () => {
  const buffer = createSharedCounters(1_000)
  const keys = Array.from({ length: 50 }, (_, i) => `basic:consumer-${i}`)
  const n = 2_000
  const threads = Array.from({ length: 4 }, () => new Worker(new URL('./fixtures/shared-counter-thread.ts', import.meta.url).href))
  const done = threads.map((w) => new Promise<number>((resolve) => (w.onmessage = (e) => resolve(e.data as number))))
  for (const w of threads) w.postMessage({ buffer, keys, n, maxKeys: 1_000 })
  await Promise.all(done)
  for (const w of threads) w.terminate()
  const check = new SharedMemoryStore({ buffer, maxKeys: 1_000, now: () => 1_000 })
  for (const k of keys) expect(check.hit(k, 60_000).count).toBe(4 * n + 1)
  expect(check.size).toBe(50)
}, 30_000)

test('a buffer smaller than maxKeys needs is refused when built', () => {
  expect(() => new SharedMemoryStore({ buffer: createSharedCounters(10), maxKeys: 1_000 })).toThrow('buffer too small')
})
