/** Errors: RFC 9457 bodies, nothing internal leaks, hook failures become the right status. */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../src/db/open.ts'
import { PROBLEMS } from '../src/errors.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import type { RateLimitStore } from '../src/security/rate-limit-store.ts'
import { makeApp } from './helpers/app.ts'
import { sampleDb } from './helpers/sample-db.ts'

let db: string
beforeAll(async () => {
  db = await sampleDb()
})

const INTERNAL = 'SQLITE_CORRUPT at /srv/secret/path.ts:12 SELECT * FROM names'

test('a handler that throws → 500 problem without detail, reported once with the route', async () => {
  const reports: unknown[] = []
  const service = createIngredientService(openDatabase({ kind: 'file', path: db }))
  service.byId = () => {
    throw new Error(INTERNAL)
  }
  const t = makeApp(db, { service, onInternalError: (info) => reports.push(info) })
  const res = await t.call('/v1/ingredients/34040')
  expect(res.status).toBe(500)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  const body = (await res.json()) as any
  expect(body).toEqual({
    type: 'urn:kbeauty-api:problem:internal_error',
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; quote the request_id if you contact us.',
    code: 'internal_error',
    request_id: res.headers.get('x-request-id')!,
  })
  expect(reports).toHaveLength(1)
  expect(reports[0]).toMatchObject({ route: '/v1/ingredients/:id', method: 'GET', requestId: body.request_id })
})

test('a failing rate-limit store (a hook) → 500 problem, never 200, never empty', async () => {
  const broken: RateLimitStore = {
    synchronous: true,
    hit: () => {
      throw new Error(INTERNAL)
    },
    close: () => {},
  }
  const t = makeApp(db, { rateLimitStore: broken })
  const res = await t.call('/v1/stats')
  expect(res.status).toBe(500)
  const text = await res.text()
  expect(text.length).toBeGreaterThan(0)
  expect(text).not.toContain('SQLITE')
  expect(JSON.parse(text).code).toBe('internal_error')
})

test('a health check whose database fails → 503', async () => {
  const service = createIngredientService(openDatabase({ kind: 'file', path: db }))
  service.probe = () => {
    throw new Error('database is locked')
  }
  const t = makeApp(db, { service })
  const res = await t.call('/health', { 'x-rapidapi-proxy-secret': null })
  expect(res.status).toBe(503)
  expect(await res.json()).toEqual({ status: 'unavailable', version: '9.9.9-test', uptime_s: expect.any(Number), ingredients: null })
})

test('every catalogue entry has a 4xx/5xx status and a title', () => {
  for (const [code, p] of Object.entries(PROBLEMS)) {
    expect(code).toMatch(/^[a-z_]+$/)
    expect(p.status).toBeGreaterThanOrEqual(400)
    expect(p.title.length).toBeGreaterThan(0)
  }
})
