/**
 * Regression (issue #9): the proxy secret reached log lines and responses when sent
 *  - percent-encoded in a query string that also held a malformed percent-sequence
 *    (`?a=%ZZ&s=%6Cocal…`: decoding the whole string failed, so only the raw text was
 *    searched);
 *  - as `X-Request-Id` (echoed in the response header and logged as req_id);
 *  - as `X-RapidAPI-User` (logged as the consumer).
 */
import { beforeAll, expect, test } from 'bun:test'
import { redactQuery } from '../../src/logger.ts'
import { makeApp, SECRET, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const encodedFirst = `%${SECRET.charCodeAt(0).toString(16)}${SECRET.slice(1)}`

test.each([
  ['malformed sequence before', `a=%ZZ&s=${encodedFirst}`],
  ['malformed sequence after', `s=${encodedFirst}&a=%E0%A4%A`],
  ['secret as a parameter name', `${encodedFirst}=1&b=%`],
  ['fully encoded', `q=${[...SECRET].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}&z=%G0`],
  ['plus signs and a bad byte', `q=x+${encodedFirst}+y&z=%FF`],
])('redactQuery: %s → [redacted]', (_label, query) => {
  expect(redactQuery(query, [SECRET])).toBe('[redacted]')
})

test('a secret in a query with a malformed sequence never reaches the request line', async () => {
  await t.call(`/v1/ingredients/inci?a=%ZZ&s=${encodedFirst}`)
  await t.call(`/v1/ingredients/inci?a=%ZZ&s=${encodedFirst}`, { 'x-rapidapi-proxy-secret': null })
  await Bun.sleep(0)
  expect(t.lines.join('')).not.toContain(SECRET)
  expect(t.lines.join('')).not.toContain(SECRET.slice(1))
})

test('X-Request-Id holding the secret is neither echoed nor logged; another id is made', async () => {
  for (const secretHeader of [SECRET, null]) {
    const res = await t.call('/v1/stats', { 'x-request-id': SECRET, 'x-rapidapi-proxy-secret': secretHeader })
    expect(res.headers.get('x-request-id')).not.toContain(SECRET)
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await res.text()).not.toContain(SECRET)
  }
  await Bun.sleep(0)
  expect(t.lines.join('')).not.toContain(SECRET)
})

test("a client's X-Request-Id is taken only once the secret passed", async () => {
  const ok = await t.call('/v1/stats', { 'x-request-id': 'client-chosen-id-0001' })
  expect(ok.headers.get('x-request-id')).toBe('client-chosen-id-0001')
  const refused = await t.call('/v1/stats', {
    'x-request-id': 'client-chosen-id-0002',
    'x-rapidapi-proxy-secret': 'wrong-secret-of-some-length',
  })
  expect(refused.status).toBe(403)
  expect(refused.headers.get('x-request-id')).not.toBe('client-chosen-id-0002')
  const health = await t.call('/health', { 'x-request-id': 'client-chosen-id-0003', 'x-rapidapi-proxy-secret': null })
  expect(health.headers.get('x-request-id')).not.toBe('client-chosen-id-0003')
})

test('X-RapidAPI-User holding the secret is not logged as the consumer', async () => {
  await t.call('/v1/stats', { 'x-rapidapi-user': `user-${SECRET}` })
  await Bun.sleep(0)
  const last = JSON.parse(t.lines.at(-1)!)
  expect(last.consumer).toMatch(/^ip:/)
  expect(t.lines.join('')).not.toContain(SECRET)
})
