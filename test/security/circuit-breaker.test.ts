/** The breaker's backoff grows, is jittered and capped, and reports changes only. */
import { expect, test } from 'bun:test'
import { CircuitBreaker } from '../../src/security/circuit-breaker.ts'

function make(random = () => 0.999999) {
  let t = 0
  const changes: string[] = []
  const b = new CircuitBreaker({
    minMs: 100,
    maxMs: 1_000,
    stableMs: 5_000,
    now: () => t,
    random,
    onChange: (s, r) => changes.push(r ? `${s}:${r}` : s),
  })
  return { b, changes, advance: (ms: number) => (t += ms) }
}

test('consecutive failures double the wait up to the cap; one change reported', () => {
  const { b, changes } = make()
  const waits = Array.from({ length: 6 }, () => b.failure('timeout'))
  expect(waits).toEqual([100, 200, 400, 800, 1_000, 1_000])
  expect(b.closed).toBe(false)
  expect(changes).toEqual(['open:timeout'])
})

test('jitter keeps each wait in [half, whole) of its step', () => {
  const { b } = make(() => 0)
  expect([b.failure('x'), b.failure('x'), b.failure('x')]).toEqual([50, 100, 200])
})

test('a flapping store keeps its backoff; a store closed for stableMs starts again from minMs', () => {
  const { b, changes, advance } = make()
  b.failure('a')
  b.failure('a')
  b.success()
  advance(1_000)
  expect(b.failure('b')).toBe(400) // closed only 1 s: still growing
  b.success()
  advance(5_000)
  expect(b.failure('c')).toBe(100)
  expect(changes).toEqual(['open:a', 'closed', 'open:b', 'closed', 'open:c'])
})

test('bad bounds throw when built', () => {
  expect(() => new CircuitBreaker({ minMs: 0 })).toThrow('minMs')
  expect(() => new CircuitBreaker({ minMs: 10, maxMs: 5 })).toThrow('maxMs')
})
