/** Bad input: each gets a clear 4xx problem, and the database file is untouched. */
import { beforeAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
let dbPath: string
let before: string
const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

beforeAll(async () => {
  dbPath = await sampleDb()
  before = hash(dbPath)
  t = makeApp(dbPath)
})

const user = () => ({ 'x-rapidapi-user': `u-${Math.random()}` })

const CASES: [label: string, path: string, init: RequestInit & { headers?: Record<string, string> }, status: number, code: string][] = [
  ['query string over 8192 bytes', `/v1/ingredients/inci?q=${'a'.repeat(8200)}`, {}, 413, 'query_too_long'],
  ['path over 1024 bytes', `/v1/ingredients/cas/${'1'.repeat(1100)}`, {}, 414, 'path_too_long'],
  [
    'body too large',
    '/v1/ingredients/inci?q=x',
    { method: 'POST', body: 'x'.repeat(70_000), headers: { 'content-type': 'application/json', 'content-length': '70000' } },
    413,
    'payload_too_large',
  ],
  [
    'body with the wrong content type',
    '/v1/ingredients/inci?q=x',
    { method: 'POST', body: 'q=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    415,
    'unsupported_media_type',
  ],
  [
    'POST to a GET endpoint',
    '/v1/stats',
    { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
    405,
    'method_not_allowed',
  ],
  ['DELETE an ingredient', '/v1/ingredients/34040', { method: 'DELETE' }, 405, 'method_not_allowed'],
  ['PUT to an unknown path', '/v1/nothing', { method: 'PUT' }, 404, 'not_found'],
  ['duplicate parameter', '/v1/ingredients/inci?q=a&q=b', {}, 400, 'invalid_parameter'],
  ['NUL byte', '/v1/ingredients/inci?q=gly%00cerin', {}, 400, 'invalid_parameter'],
  ['newline (log forging)', '/v1/ingredients/inci?q=a%0A%7B%22msg%22%3A%22forged%22%7D', {}, 400, 'invalid_parameter'],
  ['invalid percent-encoding', '/v1/ingredients/inci?q=%ZZ', {}, 400, 'invalid_request'],
  ['truncated percent-encoding', '/v1/ingredients/inci?q=abc%E', {}, 400, 'invalid_request'],
  ['invalid UTF-8', '/v1/ingredients/inci?q=%C3%28', {}, 400, 'invalid_request'],
  ['overlong UTF-8', '/v1/ingredients/inci?q=%C0%AF', {}, 400, 'invalid_request'],
  ['C1 control (NEL)', '/v1/ingredients/inci?q=a%C2%85b', {}, 400, 'invalid_parameter'],
  ['bidi override (Trojan Source)', '/v1/ingredients/inci?q=a%E2%80%AEb', {}, 400, 'invalid_parameter'],
  ['replacement character (invalid bytes upstream)', '/v1/ingredients/inci?q=a%EF%BF%BDb', {}, 400, 'invalid_parameter'],
  ['invalid percent-encoding in path', '/v1/ingredients/cas/%E0%A4%A', {}, 400, 'invalid_request'],
  ['missing q', '/v1/ingredients/inci', {}, 400, 'invalid_parameter'],
  ['blank q', '/v1/ingredients/inci?q=%20%20', {}, 400, 'invalid_parameter'],
  ['q too long', `/v1/ingredients/inci?q=${'a'.repeat(2001)}`, {}, 400, 'invalid_parameter'],
  ['huge limit', '/v1/ingredients/search?q=gly&limit=99999999999999999999', {}, 400, 'invalid_parameter'],
  ['limit above the plan', '/v1/ingredients/search?q=gly&limit=101', {}, 400, 'invalid_parameter'],
  ['limit zero', '/v1/ingredients/search?q=gly&limit=0', {}, 400, 'invalid_parameter'],
  ['negative limit', '/v1/ingredients/search?q=gly&limit=-1', {}, 400, 'invalid_parameter'],
  ['limit not a number', '/v1/ingredients/search?q=gly&limit=1e3', {}, 400, 'invalid_parameter'],
  ['forged cursor', '/v1/ingredients/search?q=gly&cursor=eyJhIjoxfQ', {}, 400, 'invalid_cursor'],
  ['cursor with bad characters', '/v1/ingredients/search?q=gly&cursor=%27%3B--', {}, 400, 'invalid_parameter'],
  ['id not a number', '/v1/ingredients/12abc', {}, 400, 'invalid_parameter'],
  ['id too large', '/v1/ingredients/99999999999999999999', {}, 400, 'invalid_parameter'],
  ['CAS check digit', '/v1/ingredients/cas/56-81-6', {}, 400, 'invalid_cas'],
  ['CAS shape', '/v1/ingredients/cas/glycerin', {}, 400, 'invalid_cas'],
  ['SQL in CAS', `/v1/ingredients/cas/${encodeURIComponent("1' OR '1'='1")}`, {}, 400, 'invalid_cas'],
  ['unknown id', '/v1/ingredients/999999999', {}, 404, 'ingredient_not_found'],
  ['unknown CAS', '/v1/ingredients/cas/123-45-5', {}, 404, 'ingredient_not_found'],
  ['unknown function', '/v1/functions/NOPE/ingredients', {}, 404, 'function_not_found'],
]

describe('bad input → clear 4xx problem', () => {
  test.each(CASES)('%s', async (_label, path, init, status, code) => {
    const res = await t.call(
      path,
      { ...user(), ...((init.headers ?? {}) as Record<string, string>) },
      { method: init.method, body: init.body },
    )
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as any
    expect(body.code).toBe(code)
    expect(body.status).toBe(status)
    expect(body.request_id).toBe(res.headers.get('x-request-id'))
    expect(res.headers.get('allow')).toBe(status === 405 ? 'GET, HEAD' : null)
    // nothing internal and no unbounded echo of the input
    const text = JSON.stringify(body)
    expect(text.length).toBeLessThan(1200)
    expect(text).not.toMatch(/SQLite|sqlite|SELECT|at \/|\.ts:|node_modules|Error:/)
  })
})

describe('metacharacters match literally', () => {
  test.each(['%', '_', '"', '*', '\\', '%%%', '" OR 1=1 --', 'a*', 'NEAR(a b)', "'; DROP TABLE names; --", '^gly', 'gly*'])(
    'search q=%p returns only names containing it literally',
    async (q) => {
      const res = await t.call(`/v1/ingredients/search?q=${encodeURIComponent(q)}&limit=100`, user())
      expect(res.status).toBe(200)
      const body = (await res.json()) as any
      for (const r of body.results) expect(r.matched_name.toUpperCase()).toContain(q.toUpperCase())
    },
  )

  test.each(['%', '_', 'GLYCERI_', 'GLYC%'])('exact lookup q=%p is not a pattern', async (q) => {
    const res = await t.call(`/v1/ingredients/inci?q=${encodeURIComponent(q)}`, user())
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    // At most a typo match (GLYCERI_ is one edit from GLYCERIN), never a pattern match.
    expect(['none', 'fuzzy']).toContain(body.match)
    if (body.match === 'fuzzy') expect(body.rule).toBe('edit_distance')
  })
})

test('after all of the above the database file is byte-for-byte unchanged', () => {
  expect(hash(dbPath)).toBe(before)
})

describe('names as people type them', () => {
  test.each([
    ['fullwidth letters', 'ＧＬＹＣＥＲＩＮ', 'GLYCERIN'],
    ['decomposed Hangul (NFD)', '글리세린'.normalize('NFD'), 'GLYCERIN'],
    ['runs of spaces between words', 'salicylic    acid', 'SALICYLIC ACID'],
    ['commas in the name (regression: Elysia split them into an array)', '1,2-hexanediol', '1,2-HEXANEDIOL'],
  ])('%s', async (_label, q, inci) => {
    const path = /[가-힣]/.test(q.normalize('NFC')) ? 'korean' : 'inci'
    const res = await t.call(`/v1/ingredients/${path}?q=${encodeURIComponent(q)}`, user())
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).results.map((r: { inci_name: string }) => r.inci_name)).toContain(inci)
  })

  test.each(['[glycerin]', '{"q":"glycerin"}', 'a,b', '[1,2]'])('q=%p is taken as text, never parsed as JSON or a list', async (q) => {
    const res = await t.call(`/v1/ingredients/inci?q=${encodeURIComponent(q)}`, user())
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).query).toBe(q)
  })

  test.each([
    ['Water (Aqua)', 'WATER'],
    ['caprylic / capric triglyceride', 'CAPRYLIC/CAPRIC TRIGLYCERIDE'],
    ['1,2 - Hexanediol', '1,2-HEXANEDIOL'],
    ['1,2\u2013Hexanediol', '1,2-HEXANEDIOL'],
    ['Niacinamide;', 'NIACINAMIDE'],
    ['Water/Aqua', 'AQUA'],
    ['Centella Asiatica (Gotu Kola) Extract', 'CENTELLA ASIATICA EXTRACT'],
  ])('label spelling %p finds %s, marked match "label"', async (q, inci) => {
    const res = await t.call(`/v1/ingredients/inci?q=${encodeURIComponent(q)}`, user())
    const body = (await res.json()) as any
    expect(body.match).toBe('label')
    expect(body.results.map((r: { inci_name: string }) => r.inci_name)).toContain(inci)
  })

  test('exact names say match "exact"; unknown names "none"', async () => {
    expect(((await (await t.call('/v1/ingredients/inci?q=glycerin', user())).json()) as any).match).toBe('exact')
    expect(((await (await t.call('/v1/ingredients/inci?q=no%20such%20thing', user())).json()) as any).match).toBe('none')
  })

  test('a Korean name typed with spaces', async () => {
    const res = await t.call(`/v1/ingredients/korean?q=${encodeURIComponent('부틸렌 글라이콜')}`, user())
    const body = (await res.json()) as any
    expect(body.match).toBe('label')
    expect(body.results[0].korean_name).toBe('부틸렌글라이콜')
  })

  test('CAS RN with leading zeros is the same number', async () => {
    const res = await t.call('/v1/ingredients/cas/0056-81-5', user())
    expect(res.status).toBe(200)
  })

  test('1–2 character searches match name starts and stay fast', async () => {
    const res = await t.call(`/v1/ingredients/search?q=${encodeURIComponent('글')}&limit=100`, user())
    const body = (await res.json()) as any
    expect(body.results.length).toBeGreaterThan(0)
    // Starts of names or of words ("베타-글루칸").
    for (const r of body.results) expect(/(?:^|[\s\-(),/])글/.test(r.matched_name)).toBe(true)
  })
})
