/** The OpenAPI document: valid OpenAPI 3.1 (checked by a validator library), complete per operation. */

import { beforeAll, describe, expect, test } from 'bun:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { ConfigError } from '../src/config-error.ts'
import { docs } from '../src/docs.ts'
import { PROBLEMS } from '../src/errors.ts'
import { DOCS_HEADERS } from '../src/security/headers.ts'
import { ROUTE_PLANS } from '../src/security/tiers.ts'
import { makeApp, type TestApp } from './helpers/app.ts'
import { sampleDb } from './helpers/sample-db.ts'

let t: TestApp
let doc: any
beforeAll(async () => {
  t = makeApp(await sampleDb())
  doc = await (await t.call('/docs/json')).json()
})

test('is a valid OpenAPI 3.1 document', async () => {
  const result = await new Validator().validate(doc)
  expect(result.errors ?? []).toEqual([])
  expect(result.valid).toBe(true)
  expect(doc.openapi).toBe('3.1.2')
})

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  )

test('documents every route of the plan table, and /health; hides /docs itself', () => {
  const documented = new Set(operations().map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`))
  for (const route of Object.keys(ROUTE_PLANS)) expect(documented.has(route)).toBe(true)
  expect(documented.has('GET /health')).toBe(true)
  expect([...documented].some((r) => r.includes('/docs'))).toBe(false)
})

describe('every operation', () => {
  test('has a summary, a description naming its plan, and x-required-plan', () => {
    for (const { path, method, op } of operations()) {
      expect(op.summary?.length, `${method} ${path}`).toBeGreaterThan(3)
      const plan = ROUTE_PLANS[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`]
      if (plan) {
        expect(op['x-required-plan']).toBe(plan)
        expect(op.description).toContain(`Plan: ${plan}+`)
      }
    }
  })

  test('every parameter has a description and an example, except the opaque cursor', () => {
    for (const { path, op } of operations()) {
      for (const p of op.parameters ?? []) {
        expect(p.schema?.description?.length, `${path} ${p.name}`).toBeGreaterThan(5)
        if (p.name === 'cursor') {
          expect(p.example, `${path} cursor`).toBeUndefined()
          expect(p.schema.examples, `${path} cursor`).toBeUndefined()
        } else expect(p.example, `${path} ${p.name}`).toBeDefined()
      }
    }
  })

  test('"Try it out" with the documented examples answers 200 (no example that fails)', async () => {
    for (const { path, method, op } of operations()) {
      let url = path
      const query = new URLSearchParams()
      for (const p of op.parameters ?? []) {
        if (p.example === undefined) continue
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)))
        else if (p.in === 'query') query.set(p.name, String(p.example))
      }
      // A documented request body example is sent as Swagger UI sends it.
      const body = Object.values(op.requestBody?.content?.['application/json']?.examples ?? {})[0] as { value: unknown } | undefined
      const res = await t.call(`${url}${query.size ? `?${query}` : ''}`, body ? { 'content-type': 'application/json' } : {}, {
        method: method.toUpperCase(),
        ...(body ? { body: JSON.stringify(body.value) } : {}),
      })
      expect(res.status, `${method} ${url}?${query}`).toBe(200)
    }
  })

  test('/health needs no key (security: []); every other operation uses the RapidAPI headers', () => {
    for (const { path, op } of operations()) {
      if (path === '/health') expect(op.security).toEqual([])
      else expect(op.security).toBeUndefined() // the document-level requirement applies
    }
    expect(doc.security).toEqual([{ proxySecret: [], plan: [] }])
  })

  test('413 and 414 on every keyed operation, 415 where there is a body, 405 described once', () => {
    for (const { path, op } of operations()) {
      if (path === '/health') continue
      for (const s of ['413', '414']) expect(op.responses[s]?.content['application/problem+json'], `${path} ${s}`).toBeDefined()
      if (op.requestBody) expect(op.responses['415'], path).toBeDefined()
      else expect(op.responses['415'], path).toBeUndefined()
    }
    expect(doc.components.responses.MethodNotAllowed.headers.Allow).toBeDefined()
    expect(doc.info.description).toContain('405')
  })

  test('no ±(2^53 − 1) bounds anywhere (Swagger UI shows them as example values)', () => {
    expect(JSON.stringify(doc).match(/.{60}9007199254740991/g) ?? []).toEqual([])
  })

  test('has a 200 schema and problem+json responses for its errors', () => {
    for (const { path, op } of operations()) {
      expect(op.responses['200'].content['application/json'].schema, path).toBeDefined()
      const errors = Object.keys(op.responses).filter((s) => s !== '200')
      expect(errors.length, path).toBeGreaterThan(0)
      for (const s of errors) {
        const content = op.responses[s].content
        if (path === '/health') expect(content['application/json']).toBeDefined()
        else expect(content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' })
      }
    }
  })
})

test('the security schemes are the RapidAPI headers', () => {
  expect(doc.components.securitySchemes.proxySecret).toEqual(
    expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-RapidAPI-Proxy-Secret' }),
  )
})

test('Problem.code is an enum of the catalogue, each code with its status and meaning', () => {
  const code = doc.components.schemas.Problem.properties.code
  expect(code.enum).toEqual(Object.keys(PROBLEMS))
  for (const [c, p] of Object.entries(PROBLEMS)) {
    expect((p as { meaning?: string }).meaning?.length, c).toBeGreaterThan(10)
    expect(code.description).toContain(`- \`${c}\` (${p.status}): ${(p as { meaning: string }).meaning}`)
    expect(doc.info.description).toContain(`| \`${c}\` | ${p.status} |`)
  }
})

test('docs options are checked when the app is built (ConfigError naming the option)', () => {
  expect(() => docs({ mode: 'open' as never, version: '1' })).toThrow(ConfigError)
  expect(() => docs({ mode: 'open' as never, version: '1' })).toThrow('docs: option mode must be one of off, protected, public')
  expect(() => docs({ mode: 'public', version: '' })).toThrow('docs: option version must be a non-empty string')
})

describe('the docs page', () => {
  test('is behind the proxy secret', async () => {
    for (const path of ['/docs', '/docs/json', '/docs/assets/swagger-ui-bundle.js']) {
      expect((await t.call(path, { 'x-rapidapi-proxy-secret': null })).status).toBe(403)
    }
  })

  test('serves its embedded assets with the narrow docs CSP; unknown assets are 404 problems', async () => {
    const page = await t.call('/docs')
    expect(page.headers.get('content-security-policy')).toBe(DOCS_HEADERS['content-security-policy']!)
    const html = await page.text()
    expect(html).not.toMatch(/https?:\/\//) // no CDN
    expect(html).not.toMatch(/<script>[^<]/) // no inline script
    const js = await t.call('/docs/assets/swagger-ui-bundle.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(500_000)
    const missing = await t.call('/docs/assets/..%2F..%2Fetc%2Fpasswd')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    const api = await t.call('/v1/stats')
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  })

  test('DOCS=public serves the same page and document', async () => {
    const pub = makeApp(await sampleDb(), { config: { docs: 'public' } })
    expect((await pub.call('/docs')).status).toBe(200)
    expect(((await (await pub.call('/docs/json')).json()) as any).paths['/health']).toBeDefined()
  })

  test('DOCS=off removes the page and the document', async () => {
    const off = makeApp(await sampleDb(), { config: { docs: 'off' } })
    expect((await off.call('/docs')).status).toBe(404)
    expect((await off.call('/docs/json')).status).toBe(404)
  })
})
