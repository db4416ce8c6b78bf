/**
 * The edge, table-driven: every route × proxy secret (none, wrong, wrong length, right,
 * rotated) × plan, asserting exact status, exact headers and whole problem bodies.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { API_HEADERS, DOCS_HEADERS } from '../../src/security/headers.ts'
import { ROUTE_PLANS } from '../../src/security/tiers.ts'
import { headersOf, makeApp, ROTATED, SECRET, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

/** Every route with a request that succeeds for a plan high enough. */
const JSON_POST = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const ROUTES: { route: string; path: string; plan: string | null; contentType: string; init?: () => RequestInit }[] = [
  {
    route: 'GET /v1/ingredients/inci',
    path: '/v1/ingredients/inci?q=glycerin',
    plan: 'BASIC',
    contentType: 'application/json;charset=utf-8',
  },
  {
    route: 'GET /v1/ingredients/korean',
    path: `/v1/ingredients/korean?q=${encodeURIComponent('글리세린')}`,
    plan: 'BASIC',
    contentType: 'application/json;charset=utf-8',
  },
  {
    route: 'GET /v1/ingredients/chinese',
    path: `/v1/ingredients/chinese?q=${encodeURIComponent('甘油')}`,
    plan: 'BASIC',
    contentType: 'application/json;charset=utf-8',
  },
  {
    route: 'GET /v1/ingredients/cas/:cas',
    path: '/v1/ingredients/cas/56-81-5',
    plan: 'BASIC',
    contentType: 'application/json;charset=utf-8',
  },
  { route: 'GET /v1/ingredients/:id', path: '/v1/ingredients/34040', plan: 'BASIC', contentType: 'application/json;charset=utf-8' },
  {
    route: 'GET /v1/ingredients/search',
    path: '/v1/ingredients/search?q=glyc',
    plan: 'BASIC',
    contentType: 'application/json;charset=utf-8',
  },
  { route: 'GET /v1/functions', path: '/v1/functions', plan: 'BASIC', contentType: 'application/json;charset=utf-8' },
  {
    route: 'GET /v1/functions/:name/ingredients',
    path: '/v1/functions/humectant/ingredients',
    plan: 'PRO',
    contentType: 'application/json;charset=utf-8',
  },
  { route: 'GET /v1/stats', path: '/v1/stats', plan: 'BASIC', contentType: 'application/json;charset=utf-8' },
  { route: 'GET /docs/json', path: '/docs/json', plan: null, contentType: 'application/json;charset=utf-8' },
  { route: 'GET /docs', path: '/docs', plan: null, contentType: 'text/html; charset=utf-8' },
  {
    route: 'POST /v1/analyze',
    path: '/v1/analyze',
    plan: 'PRO',
    contentType: 'application/json;charset=utf-8',
    init: () => JSON_POST({ text: 'Water, Glycerin, Niacinamide' }),
  },
  {
    route: 'POST /v1/ingredients/lookup',
    path: '/v1/ingredients/lookup',
    plan: 'PRO',
    contentType: 'application/json;charset=utf-8',
    init: () => JSON_POST({ names: ['glycerin', '56-81-5'] }),
  },
]

const SECRETS: [label: string, value: string | null, ok: boolean][] = [
  ['none', null, false],
  ['wrong, same length', SECRET.replace(/.$/, 'X'), false],
  ['wrong, shorter', SECRET.slice(0, 5), false],
  ['wrong, longer', `${SECRET}${SECRET}`, false],
  ['empty', '', false],
  ['right', SECRET, true],
  ['rotated', ROTATED, true],
]

const PLANS: [header: string | null, plan: string][] = [
  [null, 'BASIC'],
  ['BASIC', 'BASIC'],
  ['PRO', 'PRO'],
  ['pro', 'PRO'],
  ['ULTRA', 'ULTRA'],
  ['Mega', 'MEGA'],
  ['GOLD', 'BASIC'],
]
const RANK: Record<string, number> = { BASIC: 0, PRO: 1, ULTRA: 2, MEGA: 3 }
const RPM: Record<string, number> = { BASIC: 60, PRO: 300, ULTRA: 1200, MEGA: 6000 }

function expectSecurityHeaders(res: Response, docs = false) {
  const h = headersOf(res)
  for (const [k, v] of Object.entries(docs ? DOCS_HEADERS : API_HEADERS)) expect(h[k]).toBe(v)
  expect(h['server']).toBeUndefined()
  expect(h['x-powered-by']).toBeUndefined()
  expect(h['x-request-id']).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/)
}

test('the route table covers every route the plan table names', () => {
  const covered = new Set(ROUTES.map((r) => r.route))
  for (const route of Object.keys(ROUTE_PLANS)) expect(covered.has(route)).toBe(true)
})

describe.each(ROUTES)('$route', ({ path, plan: required, contentType, init }) => {
  test.each(SECRETS)('secret %s', async (_label, secret, ok) => {
    // a distinct consumer per request keeps the rate limit out of this table
    const res = await t.call(path, { 'x-rapidapi-proxy-secret': secret, 'x-rapidapi-user': `u-${Math.random()}` }, init?.())
    expectSecurityHeaders(res, path === '/docs')
    if (!ok) {
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.headers.get('ratelimit')).toBeNull()
      expect((await res.json()) as any).toEqual({
        type: 'urn:kbeauty-api:problem:proxy_secret_invalid',
        title: 'Forbidden',
        status: 403,
        detail: 'Requests must come through RapidAPI with a valid proxy secret.',
        code: 'proxy_secret_invalid',
        request_id: res.headers.get('x-request-id')!,
      })
    } else {
      expect(res.status).toBe(200) // helper sends plan MEGA
    }
  })

  test.each(PLANS)('plan header %p → %s', async (header, plan) => {
    const res = await t.call(path, { 'x-rapidapi-subscription': header, 'x-rapidapi-user': `u-${Math.random()}` }, init?.())
    const h = headersOf(res)
    expectSecurityHeaders(res, path === '/docs')
    expect(h['ratelimit-policy']).toBe(`"${plan.toLowerCase()}";q=${RPM[plan]};w=60`)
    expect(h['ratelimit']).toMatch(new RegExp(`^"${plan.toLowerCase()}";r=${RPM[plan]! - 1};t=\\d+$`))
    if (required && RANK[plan]! < RANK[required]!) {
      expect(res.status).toBe(403)
      expect((await res.json()) as any).toEqual({
        type: 'urn:kbeauty-api:problem:plan_upgrade_required',
        title: 'Plan upgrade required',
        status: 403,
        detail: `This endpoint needs the ${required} plan or higher; you are on ${plan}.`,
        code: 'plan_upgrade_required',
        request_id: h['x-request-id']!,
        required_plan: required,
      })
    } else {
      expect(res.status).toBe(200)
      expect(h['content-type']).toBe(contentType)
    }
  })
})

describe('paths outside the route table', () => {
  test('/health needs no secret and ignores the plan header', async () => {
    const res = await t.call('/health', { 'x-rapidapi-proxy-secret': null, 'x-rapidapi-subscription': 'MEGA' })
    expect(res.status).toBe(200)
    expectSecurityHeaders(res)
    expect(res.headers.get('ratelimit-policy')).toBeNull() // /health is outside rate limits
    const body = (await res.json()) as any
    expect(body).toEqual({ status: 'ok', version: '9.9.9-test', uptime_s: expect.any(Number), ingredients: expect.any(Number) })
  })

  test.each(['/health/', '/health/x', '/HEALTH', '//health', '/v1/health'])('%s is not /health: secret required', async (path) => {
    const res = await t.call(path, { 'x-rapidapi-proxy-secret': null })
    expect(res.status).toBe(403)
    expectSecurityHeaders(res)
  })

  test('unknown path with the right secret → 404 problem with all headers', async () => {
    const res = await t.call('/v2/nothing')
    expect(res.status).toBe(404)
    expectSecurityHeaders(res)
    expect(res.headers.get('ratelimit')).toMatch(/^"mega";r=\d+;t=\d+$/)
    expect((await res.json()) as any).toEqual({
      type: 'urn:kbeauty-api:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: 'No such endpoint. See /docs for the API.',
      code: 'not_found',
      request_id: res.headers.get('x-request-id')!,
    })
  })

  test('unknown path without the secret → 403, not 404 (no route discovery)', async () => {
    const res = await t.call('/v2/nothing', { 'x-rapidapi-proxy-secret': null })
    expect(res.status).toBe(403)
  })
})

describe('request id', () => {
  test.each([
    ['abcDEF12-3456.789_x', true],
    ['short', false],
    ['has space in it ok?', false],
    ['x'.repeat(65), false],
    ['-leading-dash-123', false],
  ])('client id %p kept: %p', async (id, kept) => {
    const res = await t.call('/v1/stats', { 'x-request-id': id })
    const got = res.headers.get('x-request-id')!
    if (kept) expect(got).toBe(id)
    else expect(got).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('the problem body carries the same request id as the header', async () => {
    const res = await t.call('/v1/ingredients/cas/56-81-6', { 'x-request-id': 'req-id-for-test-01' })
    expect(res.headers.get('x-request-id')).toBe('req-id-for-test-01')
    expect(((await res.json()) as any).request_id).toBe('req-id-for-test-01')
  })
})

describe('regressions found by attacking the binary', () => {
  test.each([
    'http://a/health?/v1/ingredients/inci?q=glycerin',
    'http://ab/health?/v1/stats',
    'http://abc/health?/docs/json',
    'http://a/health?/v1/ingredients/34040',
  ])('a short Host cannot route %s past the secret (Elysia path parsing)', async (url) => {
    const res = await t.app.handle(new Request(url))
    const text = await res.text()
    expect(text).not.toContain('GLYCERIN')
    expect(text).not.toContain('inci_name')
    expect(text).not.toContain('"paths"')
    expect([200, 403]).toContain(res.status)
    if (res.status === 200) expect(JSON.parse(text).status).toBe('ok') // it is /health
  })

  test('/health is never rate limited (a probe cannot be refused, nor fill the table)', async () => {
    for (let i = 0; i < 150; i++) {
      const res = await t.call('/health', { 'x-rapidapi-proxy-secret': null })
      expect(res.status).toBe(200)
    }
  })

  test('HEAD on a PRO route needs PRO too', async () => {
    for (const path of ['/v1/functions/HUMECTANT/ingredients']) {
      const res = await t.call(path, { 'x-rapidapi-subscription': 'BASIC', 'x-rapidapi-user': `head-${path}` }, { method: 'HEAD' })
      expect(res.status).toBe(403)
    }
  })
})
