/** Request log lines: fields, secrets never logged, control characters cannot forge lines. */
import { beforeAll, expect, test } from 'bun:test'
import { MAX_LOGGED_QUERY, redactQuery } from '../src/logger.ts'
import { makeApp, SECRET } from './helpers/app.ts'
import { sampleDb } from './helpers/sample-db.ts'

let db: string
beforeAll(async () => {
  db = await sampleDb()
})

test('one JSON line per request with the documented fields', async () => {
  const t = makeApp(db)
  await t.call('/v1/ingredients/inci?q=glycerin', { 'x-request-id': 'log-test-id-0001', 'x-rapidapi-user': 'logger-user', 'x-rapidapi-subscription': 'PRO' })
  await Bun.sleep(0)
  const line = JSON.parse(t.lines.at(-1)!)
  expect(line).toMatchObject({
    level: 'info',
    msg: 'request',
    req_id: 'log-test-id-0001',
    method: 'GET',
    route: '/v1/ingredients/inci',
    status: 200,
    plan: 'PRO',
    consumer: 'user:logger-user',
    query: 'q=glycerin',
  })
  expect(typeof line.response_time_ms).toBe('number')
  expect(typeof line.time).toBe('string')
})

test('errors are logged with their status', async () => {
  const t = makeApp(db)
  await t.call('/v1/ingredients/cas/56-81-6', { 'x-rapidapi-user': 'logger-user2' })
  await t.call('/nowhere', { 'x-rapidapi-user': 'logger-user2' })
  await t.call('/v1/stats', { 'x-rapidapi-proxy-secret': 'wrong-secret-value-here' })
  await Bun.sleep(0)
  const lines = t.lines.map((l) => JSON.parse(l))
  expect(lines.map((l) => [l.route, l.status])).toEqual([
    ['/v1/ingredients/cas/:cas', 400],
    ['unmatched', 404],
    ['unmatched', 403],
  ])
})

test('the proxy secret never appears in any log line; forged lines are impossible', async () => {
  const t = makeApp(db)
  await t.call('/v1/stats')
  await t.call(`/v1/ingredients/inci?q=${encodeURIComponent(`x"}\n{"msg":"forged","level":"fatal`)}`)
  await t.call(`/v1/ingredients/search?q=${encodeURIComponent(SECRET)}`, { 'x-rapidapi-proxy-secret': 'wrong-and-long-enough-secret' })
  await Bun.sleep(0)
  const all = t.lines.join('')
  expect(all).not.toContain(SECRET)
  for (const l of t.lines) {
    expect(l.endsWith('\n')).toBe(true)
    expect(l.slice(0, -1)).not.toContain('\n')
    expect(JSON.parse(l).msg).not.toBe('forged')
  }
})

test.each([
  ['secret as typed', `q=${SECRET}`],
  ['secret percent-encoded differently', `q=${SECRET.replaceAll('-', '%2D')}`],
  ['secret straddling the cut', `x=${'a'.repeat(MAX_LOGGED_QUERY - 12)}&s=${SECRET}`],
])('redactQuery: %s → [redacted]', (_label, query) => {
  expect(redactQuery(query, [SECRET])).toBe('[redacted]')
})

test('redactQuery keeps other queries, cut to the limit', () => {
  expect(redactQuery('q=glycerin', [SECRET])).toBe('q=glycerin')
  expect(redactQuery(`q=${'b'.repeat(500)}`, [SECRET])).toHaveLength(MAX_LOGGED_QUERY)
})
