/** GET /health as a load balancer sees it: the documented shape (M.Health), as JSON, on every call. */
import { expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { health } from '../src/health.ts'
import * as M from '../src/ingredients/model.ts'

test('answers the documented shape as application/json, uptime counting, even with a version that needs escaping', async () => {
  const app = new Elysia().use(health({ version: '1.2.3-"rc"\\x', records: 36020, probe: () => {}, startedAt: performance.now() - 1500 }))
  const res = await app.handle(new Request('http://localhost/health'))
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8')
  const body = M.Health.parse(await res.json())
  expect(body).toEqual({ status: 'ok', version: '1.2.3-"rc"\\x', uptime_s: expect.any(Number), ingredients: 36020 })
  expect(body.uptime_s).toBeGreaterThanOrEqual(1.5)
})

test('a database that does not answer: 503 with ingredients null', async () => {
  const app = new Elysia().use(
    health({
      version: '1.0.0',
      records: 10,
      probe: () => {
        throw new Error('disk gone')
      },
    }),
  )
  const res = await app.handle(new Request('http://localhost/health'))
  expect(res.status).toBe(503)
  expect(M.Health.parse(await res.json())).toMatchObject({ status: 'unavailable', ingredients: null })
})
