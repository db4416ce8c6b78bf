/** Rate limits per consumer and plan: counting, headers, 429 + Retry-After, fake clock. */
import { beforeAll, describe, expect, test } from 'bun:test'
import { clientAddress, consumerKey } from '../../src/security/consumer.ts'
import { MemoryStore } from '../../src/security/memory-store.ts'
import { makeApp, SECRET, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let db: string
beforeAll(async () => {
  db = await sampleDb()
})

/** A clock the test moves by hand. Starts 10 s into a minute. */
function fakeClock(start = Date.UTC(2026, 10, 30, 12, 0, 10)) {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('per consumer and plan', () => {
  let t: TestApp
  let clock: ReturnType<typeof fakeClock>
  beforeAll(() => {
    clock = fakeClock()
    t = makeApp(db, { rateLimitStore: new MemoryStore({ now: clock.now }) })
  })

  test('BASIC: 60 per minute, then 429 with Retry-After = the real time left', async () => {
    const h = { 'x-rapidapi-subscription': 'BASIC', 'x-rapidapi-user': 'alice' }
    for (let i = 1; i <= 60; i++) {
      const res = await t.call('/v1/stats', h)
      expect(res.status).toBe(200)
      expect(res.headers.get('ratelimit')).toBe(`"basic";r=${60 - i};t=50`)
      expect(res.headers.get('retry-after')).toBeNull()
    }
    const res = await t.call('/v1/stats', h)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('50')
    expect(res.headers.get('ratelimit')).toBe('"basic";r=0;t=50')
    expect(res.headers.get('ratelimit-policy')).toBe('"basic";q=60;w=60')
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect(await res.json()).toEqual({
      type: 'urn:kbeauty-api:problem:rate_limited',
      title: 'Too many requests',
      status: 429,
      detail: 'The BASIC plan allows 60 requests per minute; retry in 50 s.',
      code: 'rate_limited',
      request_id: res.headers.get('x-request-id')!,
    })
    // 20 s later: still limited, and Retry-After counts down
    clock.advance(20_000)
    const later = await t.call('/v1/stats', h)
    expect(later.status).toBe(429)
    expect(later.headers.get('retry-after')).toBe('30')
    // another consumer is not affected
    expect((await t.call('/v1/stats', { ...h, 'x-rapidapi-user': 'bob' })).status).toBe(200)
    // the next window opens the budget again
    clock.advance(30_000)
    const next = await t.call('/v1/stats', h)
    expect(next.status).toBe(200)
    expect(next.headers.get('ratelimit')).toBe('"basic";r=59;t=60')
  })

  test('failed requests count too (404, 400, 403 plan)', async () => {
    const h = { 'x-rapidapi-subscription': 'BASIC', 'x-rapidapi-user': 'carol' }
    expect((await t.call('/nope', h)).status).toBe(404)
    expect((await t.call('/v1/ingredients/cas/56-81-6', h)).status).toBe(400)
    expect((await t.call('/v1/functions/HUMECTANT/ingredients', h)).status).toBe(403)
    const res = await t.call('/v1/stats', h)
    expect(res.headers.get('ratelimit')).toMatch(/^"basic";r=56;t=\d+$/)
  })

  test('plans have their own budgets: PRO 300', async () => {
    const res = await t.call('/v1/stats', { 'x-rapidapi-subscription': 'PRO', 'x-rapidapi-user': 'dave' })
    expect(res.headers.get('ratelimit-policy')).toBe('"pro";q=300;w=60')
    expect(res.headers.get('ratelimit')).toMatch(/^"pro";r=299;t=\d+$/)
  })
})

describe('consumer key', () => {
  test.each([
    ['alice', 'user:alice'],
    ['  alice  ', 'user:alice'],
    [null, 'ip:203.0.113.7'],
    ['', 'ip:203.0.113.7'],
    ['x'.repeat(200), 'ip:203.0.113.7'],
    ['bad\u0001user', 'ip:203.0.113.7'],
  ])('X-RapidAPI-User %p → %s', (user, key) => {
    expect(consumerKey(user as string | null, '203.0.113.7')).toBe(key)
  })

  const trusted = new Set(['10.0.0.1', '10.0.0.2'])
  test.each([
    ['untrusted socket: XFF ignored', '198.51.100.9', '1.2.3.4', '198.51.100.9'],
    ['trusted socket: right-most untrusted hop', '10.0.0.1', '1.2.3.4, 5.6.7.8', '5.6.7.8'],
    ['trusted chain skipped', '10.0.0.1', '1.2.3.4, 5.6.7.8, 10.0.0.2', '5.6.7.8'],
    ['spoofed left-most entry ignored', '10.0.0.1', 'evil, 9.9.9.9', '9.9.9.9'],
    ['all hops trusted → socket', '10.0.0.1', '10.0.0.2', '10.0.0.1'],
    ['garbage hop → socket', '10.0.0.1', '1.2.3.4, <script>', '10.0.0.1'],
    ['IPv4-mapped socket address', '::ffff:10.0.0.1', '7.7.7.7', '7.7.7.7'],
    ['no header', '10.0.0.1', null, '10.0.0.1'],
  ])('%s', (_l, socket, xff, expected) => {
    expect(clientAddress(socket, xff as string | null, trusted)).toBe(expected)
  })

  test('without TRUSTED_PROXIES, X-Forwarded-For cannot pick your budget', () => {
    expect(clientAddress('198.51.100.9', '1.2.3.4', new Set())).toBe('198.51.100.9')
  })

  test('on a listening server, callers without X-RapidAPI-User are counted by socket address (and XFF only from a trusted proxy)', async () => {
    const run = async (trustedProxies: string[]) => {
      const t = makeApp(await sampleDb(), { config: { trustedProxies } })
      t.app.listen({ port: 0, hostname: '127.0.0.1' })
      try {
        const get = (xff?: string) =>
          fetch(`http://127.0.0.1:${t.app.server!.port}/v1/ingredients/inci?q=glycerin`, {
            headers: { 'x-rapidapi-proxy-secret': SECRET, 'x-rapidapi-subscription': 'BASIC', ...(xff ? { 'x-forwarded-for': xff } : {}) },
          })
        const first = await get('203.0.113.9')
        const second = await get('203.0.113.9')
        const consumers = t.lines
          .map((l) => JSON.parse(l))
          .filter((l) => l.msg === 'request')
          .map((l) => l.consumer)
        return { consumers, limits: [first.headers.get('ratelimit'), second.headers.get('ratelimit')] }
      } finally {
        await t.app.stop(true)
      }
    }
    const direct = await run([])
    expect(direct.consumers).toEqual(['ip:127.0.0.1', 'ip:127.0.0.1'])
    expect(direct.limits[0]).toMatch(/^"basic";r=59;t=\d+$/)
    expect(direct.limits[1]).toMatch(/^"basic";r=58;t=\d+$/)
    const proxied = await run(['127.0.0.1'])
    expect(proxied.consumers).toEqual(['ip:203.0.113.9', 'ip:203.0.113.9'])
  })
})

describe('memory store', () => {
  test('old keys expire when the window changes', () => {
    const clock = fakeClock()
    const store = new MemoryStore({ now: clock.now })
    for (let i = 0; i < 1000; i++) store.hit(`k${i}`, 60_000)
    expect(store.size).toBe(1000)
    clock.advance(60_000)
    store.hit('fresh', 60_000)
    expect(store.size).toBe(1)
  })

  test('a full table refuses new consumers (fail closed) and reports once', () => {
    const reports: number[] = []
    const store = new MemoryStore({ maxKeys: 3, now: fakeClock().now, onFull: (m) => reports.push(m) })
    for (const k of ['a', 'b', 'c']) expect(store.hit(k, 60_000).count).toBe(1)
    expect(store.hit('a', 60_000).count).toBe(2) // known keys still counted
    expect(store.hit('d', 60_000).count).toBe(Number.MAX_SAFE_INTEGER)
    expect(store.hit('e', 60_000).count).toBe(Number.MAX_SAFE_INTEGER)
    expect(reports).toEqual([3])
  })

  test('1,000,000 distinct consumers stay under 120 MB of extra memory (measured in a child process)', async () => {
    const script = `
      import { MemoryStore } from ${JSON.stringify(new URL('../../src/security/memory-store.ts', import.meta.url).pathname)}
      Bun.gc(true)
      const before = process.memoryUsage().rss
      const store = new MemoryStore({ maxKeys: 1_000_000, now: () => 1_000 })
      for (let i = 0; i < 1_000_000; i++) store.hit('user:consumer-' + i + '-' + (i * 7919), 60_000)
      Bun.gc(true)
      const after = process.memoryUsage().rss
      console.log(JSON.stringify({ size: store.size, mb: (after - before) / 1048576 }))
    `
    const proc = Bun.spawn(['bun', '-e', script], { stdout: 'pipe', stderr: 'pipe' })
    const timer = setTimeout(() => proc.kill(), 60_000)
    const out = await new Response(proc.stdout).text()
    clearTimeout(timer)
    expect(await proc.exited).toBe(0)
    const { size, mb } = JSON.parse(out.trim())
    expect(size).toBeGreaterThan(999_000) // a few hash collisions merge consumers
    expect(mb).toBeLessThan(120)
    console.log(`memory store: ${size} keys → +${mb.toFixed(1)} MB RSS`)
  }, 90_000)
})
