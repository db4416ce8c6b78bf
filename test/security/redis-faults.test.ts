/**
 * Redis faults cost at most one timeout window (issue #12, point 1): a real redis-server
 * frozen with SIGSTOP, paused with CLIENT PAUSE, killed and restarted, and a server that
 * accepts and never answers. Latency is judged against a healthy baseline from the same run.
 */

import { afterAll, describe, expect, test } from 'bun:test'
import { RedisClient } from 'bun'
import { RedisStore } from '../../src/security/redis-store.ts'
import { REDIS_SERVER, type RedisProcess, silentServer, startRedis } from '../helpers/redis.ts'

const WINDOW = 60_000
const TIMEOUT = 150
const stores: RedisStore[] = []
const redises: RedisProcess[] = []
afterAll(async () => {
  for (const s of stores) s.close()
  for (const r of redises) {
    r.signal('SIGCONT')
    await r.stop()
  }
})

async function until(cond: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end && !cond()) await Bun.sleep(10)
  return cond()
}

function store(url: string, events: string[]) {
  const s = new RedisStore({
    url,
    timeoutMs: TIMEOUT,
    reconnectMinMs: 100,
    reconnectMaxMs: 400,
    prefix: `t:${crypto.randomUUID()}:`,
    onStatus: (st) => events.push(st),
  })
  stores.push(s)
  return s
}

/** Times `n` sequential checks, `gapMs` apart; returns each duration in ms. */
async function timeHits(s: RedisStore, n: number, gapMs: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await s.hit(`consumer-${i % 5}`, WINDOW)
    out.push(performance.now() - t)
    if (gapMs) await Bun.sleep(gapMs)
  }
  return out
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!

describe.skipIf(!REDIS_SERVER)('redis-server faults', () => {
  for (const fault of ['SIGSTOP', 'CLIENT PAUSE'] as const) {
    test(`${fault}: one check waits the timeout, the rest answer at once from memory; back to Redis after`, async () => {
      const redis = await startRedis()
      redises.push(redis)
      const events: string[] = []
      const s = store(redis.url, events)
      expect(await until(() => s.connected)).toBe(true)
      const baseline = await timeHits(s, 100, 0)
      // A check that waited for Redis took at least the timeout; one answered from memory is
      // far quicker (the baseline, with a Redis round trip, must be too for the test to mean anything).
      const slow = TIMEOUT * 0.9
      expect(p99(baseline)).toBeLessThan(slow / 3)
      if (fault === 'SIGSTOP') redis.signal('SIGSTOP')
      else await new RedisClient(redis.url).send('CLIENT', ['PAUSE', '2500', 'ALL'])
      const during = await timeHits(s, 60, 20) // ≈ 1.4 s: several probe periods
      expect(during.filter((ms) => ms > slow).length).toBe(1)
      // One "down" for the whole fault, no flapping (a loaded machine may see the pause end already).
      expect(events.slice(0, 2)).toEqual(['up', 'down'])
      expect(events.length).toBeLessThanOrEqual(3)
      if (fault === 'SIGSTOP') redis.signal('SIGCONT')
      expect(await until(() => s.connected, 5_000)).toBe(true)
      expect(events).toEqual(['up', 'down', 'up'])
      expect((await s.hit('after', WINDOW)).count).toBe(1)
    }, 30_000)
  }

  test('killed and restarted: no check waits while it is down; counts return to Redis', async () => {
    const redis = await startRedis()
    redises.push(redis)
    const events: string[] = []
    const s = store(redis.url, events)
    expect(await until(() => s.connected)).toBe(true)
    await redis.stop()
    const during = await timeHits(s, 40, 20)
    expect(during.filter((ms) => ms > TIMEOUT / 2).length).toBeLessThanOrEqual(1)
    expect(events).toEqual(['up', 'down'])
    await redis.start()
    expect(await until(() => s.connected, 5_000)).toBe(true)
    expect(events).toEqual(['up', 'down', 'up'])
  }, 30_000)
})

test('a server that accepts and never answers: never "up", one "down", no check waits', async () => {
  const silent = silentServer()
  const events: string[] = []
  const s = store(silent.url, events)
  const during = await timeHits(s, 50, 20)
  expect(during.filter((ms) => ms > TIMEOUT / 2).length).toBe(0)
  expect(s.connected).toBe(false)
  expect(events).toEqual(['down'])
  silent.stop()
}, 30_000)
