/**
 * Regression (issue #9): without the proxy secret an unknown path answered 404 and a
 * known path under another method 405 with `Allow`, so routes could be enumerated without
 * the secret. Every path except exactly /health now answers 403 without the secret.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

test.each([
  ['GET', '/nowhere'],
  ['GET', '/v1/nowhere'],
  ['GET', '/v1/ingredients/inci/extra'],
  ['POST', '/v1/stats'],
  ['DELETE', '/v1/ingredients/34040'],
  ['POST', '/health'],
  ['GET', '/health/'],
  ['GET', '//health'],
  ['GET', '/HEALTH'],
])('%s %s without the secret → 403, no Allow, no route named', async (method, path) => {
  const res = await t.call(path, { 'x-rapidapi-proxy-secret': null }, { method })
  expect(res.status).toBe(method === 'POST' && path === '/health' ? 405 : 403)
  const body = (await res.json()) as { code: string; detail: string }
  if (res.status === 403) {
    expect(res.headers.get('allow')).toBeNull()
    expect(body.code).toBe('proxy_secret_invalid')
  }
})

test('with the secret the same requests say what they are (404, 405 with Allow)', async () => {
  expect((await t.call('/v1/nowhere')).status).toBe(404)
  const res = await t.call('/v1/stats', {}, { method: 'POST' })
  expect(res.status).toBe(405)
  expect(res.headers.get('allow')).toBe('GET, HEAD')
})
