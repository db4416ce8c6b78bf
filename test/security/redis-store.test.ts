/**
 * Shared rate limits through Redis: two instances share one budget; when Redis goes away
 * the service keeps answering from memory and returns to Redis when it is back.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { RedisStore } from '../../src/security/redis-store.ts'
import { makeApp } from '../helpers/app.ts'
import { REDIS_SERVER, type RedisProcess, startRedis } from '../helpers/redis.ts'
import { sampleDb } from '../helpers/sample-db.ts'

/** Polls `cond` every 20 ms for at most `ms`. */
async function until(cond: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (cond()) return true
    await Bun.sleep(20)
  }
  return cond()
}

const stores: RedisStore[] = []
afterAll(() => {
  for (const s of stores) s.close()
})

describe.skipIf(!process.env.REDIS_URL)('two instances on one Redis (REDIS_URL)', () => {
  test('share one budget: 60 BASIC requests across both, the 61st is 429 on either', async () => {
    const db = await sampleDb()
    const prefix = `kbeauty-test:${crypto.randomUUID()}:` // isolates this run's keys
    const instances = [0, 1].map(() => {
      const store = new RedisStore({ url: process.env.REDIS_URL!, prefix })
      stores.push(store)
      return makeApp(db, { rateLimitStore: store })
    })
    expect(await until(() => stores.slice(-2).every((s) => s.connected))).toBe(true)
    // stay clear of a minute boundary so all 61 requests share one window
    const intoMinute = Date.now() % 60_000
    if (intoMinute > 55_000) await Bun.sleep(60_500 - intoMinute)
    const h = { 'x-rapidapi-subscription': 'BASIC', 'x-rapidapi-user': 'shared-consumer' }
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) statuses.push((await instances[i % 2]!.call('/v1/stats', h)).status)
    expect(statuses.every((s) => s === 200)).toBe(true)
    const a = await instances[0]!.call('/v1/stats', h)
    const b = await instances[1]!.call('/v1/stats', h)
    expect([a.status, b.status]).toEqual([429, 429])
    expect(Number(b.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(b.headers.get('ratelimit')).toMatch(/^"basic";r=0;t=\d+$/)
  })
})

describe.skipIf(!REDIS_SERVER)('Redis goes away and comes back', () => {
  let redis: RedisProcess
  afterAll(async () => {
    await redis?.stop()
  })

  test('answers from memory while Redis is down, logs the transitions, returns to Redis', async () => {
    redis = await startRedis()
    const events: string[] = []
    const store = new RedisStore({
      url: redis.url,
      timeoutMs: 200,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      onStatus: (s) => events.push(s),
    })
    stores.push(store)
    const t = makeApp(await sampleDb(), { rateLimitStore: store })
    expect(await until(() => store.connected)).toBe(true)
    expect((await t.call('/v1/stats')).status).toBe(200)

    await redis.stop()
    const started = performance.now()
    const res = await t.call('/v1/stats')
    expect(res.status).toBe(200) // served, counted in memory
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(await until(() => !store.connected)).toBe(true)
    for (let i = 0; i < 5; i++) expect((await t.call('/v1/stats')).status).toBe(200)

    await redis.start()
    expect(await until(() => store.connected, 10_000)).toBe(true)
    expect((await t.call('/v1/stats')).status).toBe(200)
    expect(events).toEqual(['up', 'down', 'up'])
  }, 30_000)
})
