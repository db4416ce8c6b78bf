/**
 * The answer cache (src/ingredients/answer-cache.ts) on its own, and as a caller of the GET
 * routes sees it: a repeated request gets the same bytes without the service being asked
 * again, and nothing about plans, dates, errors or the edge changes.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { createAnswerCache } from '../../src/ingredients/answer-cache.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { API_HEADERS } from '../../src/security/headers.ts'
import { headersOf, makeApp, type TestApp } from '../helpers/app.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

describe('createAnswerCache', () => {
  test('returns what was stored, and nothing for an unknown key', () => {
    const c = createAnswerCache(1024 * 1024)
    c.set('a', '{"x":1}')
    expect(c.get('a')).toBe('{"x":1}')
    expect(c.get('b')).toBeUndefined()
  })

  test('never holds more than its bound, however many answers are stored', () => {
    const max = 64 * 1024
    const c = createAnswerCache(max)
    for (let i = 0; i < 5_000; i++) {
      c.set(`key-${i}`, 'x'.repeat(100 + (i % 400)))
      expect(c.size().bytes).toBeLessThanOrEqual(max)
    }
    expect(c.get('key-4999')).toBe('x'.repeat(100 + (4999 % 400)))
    expect(c.get('key-0')).toBeUndefined()
  })

  test('an answer read since the last turn-over survives the next one', () => {
    const c = createAnswerCache(8 * 1024)
    c.set('kept', 'k'.repeat(100))
    let i = 0
    // Fill generations while reading "kept" now and then: it is promoted each time.
    for (; i < 200; i++) {
      c.set(`filler-${i}`, 'f'.repeat(100))
      if (i % 10 === 0) expect(c.get('kept')).toBe('k'.repeat(100))
    }
    expect(c.get('filler-0')).toBeUndefined()
  })

  test('an answer larger than a generation is not stored; a bound of 0 stores nothing', () => {
    const c = createAnswerCache(1024)
    c.set('big', 'b'.repeat(1024))
    expect(c.get('big')).toBeUndefined()
    const off = createAnswerCache(0)
    off.set('a', 'x')
    expect(off.get('a')).toBeUndefined()
  })
})

describe('GET routes answer repeats from the cache', () => {
  let t: TestApp
  const calls: Record<string, number> = {}
  let n = 0
  beforeAll(async () => {
    const file = await fixtureDb()
    const real = createIngredientService(openDatabase({ kind: 'file', path: file }))
    // The real service, counting the calls a route makes to it.
    const counted = new Proxy(real, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver)
        if (typeof v !== 'function') return v
        return (...args: unknown[]) => {
          calls[String(prop)] = (calls[String(prop)] ?? 0) + 1
          return v.apply(target, args)
        }
      },
    }) as IngredientService
    t = makeApp(file, { service: counted })
  })
  const get = (path: string, plan: string) => t.call(path, { 'x-rapidapi-subscription': plan, 'x-rapidapi-user': `cache-${n++}` })

  test('the same request twice: the same body, the service asked once, every edge header on both', async () => {
    const before = calls.byEnglishName ?? 0
    const first = await get('/v1/ingredients/inci?q=Glycerin', 'PRO')
    const second = await get('/v1/ingredients/inci?q=Glycerin', 'PRO')
    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    const [a, b] = [await first.text(), await second.text()]
    expect(b).toBe(a)
    expect(JSON.parse(b)).toMatchObject({ query: 'Glycerin', match: 'exact', results: [{ inci_name: 'GLYCERIN' }] })
    expect((calls.byEnglishName ?? 0) - before).toBe(1)
    for (const res of [first, second]) {
      const h = headersOf(res)
      expect(h['content-type']).toBe('application/json;charset=utf-8')
      for (const [name, value] of Object.entries(API_HEADERS)) expect(h[name]).toBe(value)
      expect(h.ratelimit).toMatch(/^"pro";r=\d+;t=\d+$/)
    }
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'))
  })

  test('another plan gets its own answer, with its own fields', async () => {
    const pro = JSON.parse(await (await get('/v1/ingredients/inci?q=Niacinamide', 'PRO')).text())
    const basic = JSON.parse(await (await get('/v1/ingredients/inci?q=Niacinamide', 'BASIC')).text())
    expect(Object.keys(pro.results[0]).length).toBeGreaterThan(Object.keys(basic.results[0]).length)
    const basicAgain = JSON.parse(await (await get('/v1/ingredients/inci?q=Niacinamide', 'BASIC')).text())
    expect(basicAgain).toEqual(basic)
  })

  test('another query string, even the same name spelt otherwise, echoes its own query', async () => {
    const a = JSON.parse(await (await get('/v1/ingredients/inci?q=glycerin', 'BASIC')).text())
    const b = JSON.parse(await (await get('/v1/ingredients/inci?q=GLYCERIN', 'BASIC')).text())
    expect(a.query).toBe('glycerin')
    expect(b.query).toBe('GLYCERIN')
  })

  test('a 404 is not cached: asked again, the service is asked again and the answer is still the problem', async () => {
    const before = calls.byCas ?? 0
    for (let i = 0; i < 2; i++) {
      const res = await get('/v1/ingredients/cas/123-45-5', 'BASIC')
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toStartWith('application/problem+json')
      expect(((await res.json()) as { code: string }).code).toBe('ingredient_not_found')
    }
    expect((calls.byCas ?? 0) - before).toBe(2)
  })

  test('an answer cached for PRO is never served to a plan the route refuses', async () => {
    const path = '/v1/functions/HUMECTANT/ingredients?limit=5'
    expect((await get(path, 'PRO')).status).toBe(200)
    const refused = await get(path, 'BASIC')
    expect(refused.status).toBe(403)
    expect(await refused.text()).not.toContain('"results"')
  })

  test('an answer cached for a valid request is never served for a wrong secret', async () => {
    expect((await get('/v1/ingredients/inci?q=Glycerin', 'PRO')).status).toBe(200)
    const res = await t.call('/v1/ingredients/inci?q=Glycerin', { 'x-rapidapi-proxy-secret': 'wrong-secret-0123456789' })
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain('GLYCERIN')
  })
})
