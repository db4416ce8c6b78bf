/**
 * Regression (issue #9): `GET /v1/ingredients/inci?q=glycerin&x=///health HTTP/1.0` with no
 * Host header and no proxy secret answered 200 with data. Bun gives such a request a
 * path-only `request.url`; the edge parsed its own path out of it ("/health", from the
 * query) while the router dispatched on "/v1/ingredients/inci". The edge now reads the
 * router's own path, so they cannot disagree.
 *
 * Driven over raw sockets against the compiled binary (Bun's HTTP parser decides what the
 * request URL is): Host / request-target variants × {no secret, right secret} × {public
 * route, BASIC route, PRO route, docs, unknown path}. Each cell asserts the status, the
 * security headers, and that no non-200 body carries data.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { serveBinary } from '../helpers/binary.ts'
import { type RawResponse, rawRequest } from '../helpers/raw-http.ts'

const SECRET = 'regression-host-secret-0123456789'
let server: Awaited<ReturnType<typeof serveBinary>>
let port: number

beforeAll(async () => {
  server = await serveBinary(SECRET)
  port = server.port
}, 180_000)

afterAll(async () => {
  await server?.stop()
})

type RouteClass = 'public' | 'basic' | 'pro' | 'docs' | 'unknown'
/** Path (and query) of a request that succeeds for each class, given the secret and a PRO plan. */
const ROUTES: Record<RouteClass, { path: string; query: string; ok: number }> = {
  public: { path: '/health', query: '', ok: 200 },
  basic: { path: '/v1/ingredients/inci', query: '?q=glycerin', ok: 200 },
  pro: { path: '/v1/ingredients/search', query: '?q=glyc', ok: 200 },
  docs: { path: '/docs/json', query: '', ok: 200 },
  unknown: { path: '/v1/nowhere', query: '', ok: 404 },
}

/**
 * How the router sees a variant:
 *  - same: the path as meant (normalised by Bun's URL parser where it is absolute);
 *  - pathless: Bun could not use the Host, the URL is the bare target — only /health is served;
 *  - garbled: pathless, and a "/" in the query makes the router's path another one than
 *    meant — even /health is then refused (fail closed);
 *  - other: the router's path is not the meant one (e.g. "//v1/…") — 404 with the secret;
 *  - loose: a trailing slash — the route answers, but only exactly "/health" is public;
 *  - bun400: Bun's parser refuses the request itself (bare 400, none of our headers).
 */
type Kind = 'same' | 'pathless' | 'garbled' | 'other' | 'loose' | 'bun400'
type Variant = {
  name: string
  kind: Kind
  build: (path: string, query: string) => { target: string; version?: string; host: string | null | string[] }
}

const origin =
  (host: string | null | string[], version = 'HTTP/1.1') =>
  (path: string, query: string) => ({ target: path + query, host, version })

const VARIANTS: Variant[] = [
  // Host header variants with an origin-form target
  { name: 'Host: x', kind: 'same', build: origin('x') },
  { name: 'Host: localhost:8000', kind: 'same', build: origin('localhost:8000') },
  { name: 'Host: 127.0.0.1', kind: 'same', build: origin('127.0.0.1') },
  { name: 'Host: [::1]:8000', kind: 'same', build: origin('[::1]:8000') },
  { name: 'Host: 1.2.3.4:80', kind: 'same', build: origin('1.2.3.4:80') },
  { name: 'Host: x: (empty port)', kind: 'same', build: origin('x:') },
  { name: 'Host: x:99999', kind: 'same', build: origin('x:99999') },
  { name: 'Host: x%2fy', kind: 'same', build: origin('x%2fy') },
  { name: 'Host: ]', kind: 'same', build: origin(']') },
  { name: 'Host: [::1 (unclosed)', kind: 'same', build: origin('[::1') },
  { name: 'Host: 300 letters', kind: 'same', build: origin('a'.repeat(300)) },
  { name: 'two Host headers', kind: 'same', build: origin(['x', 'y']) },
  { name: 'Host: (empty)', kind: 'pathless', build: origin('') },
  { name: 'no Host, HTTP/1.0', kind: 'pathless', build: origin(null, 'HTTP/1.0') },
  { name: 'Host: (empty), HTTP/1.0', kind: 'pathless', build: origin('', 'HTTP/1.0') },
  { name: 'Host: a b', kind: 'pathless', build: origin('a b') },
  { name: 'Host: a/b', kind: 'pathless', build: origin('a/b') },
  { name: 'Host: x/health', kind: 'pathless', build: origin('x/health') },
  { name: 'Host: x/v1/stats', kind: 'pathless', build: origin('x/v1/stats') },
  { name: 'Host: a?b', kind: 'pathless', build: origin('a?b') },
  { name: 'Host: a#b', kind: 'pathless', build: origin('a#b') },
  { name: 'Host: a@b', kind: 'pathless', build: origin('a@b') },
  { name: 'Host: x\\y', kind: 'pathless', build: origin('x\\y') },
  { name: 'Host: x<TAB>y', kind: 'pathless', build: origin('x\ty') },
  { name: 'Host: a b, HTTP/1.0', kind: 'pathless', build: origin('a b', 'HTTP/1.0') },
  { name: 'no Host, HTTP/1.1', kind: 'bun400', build: origin(null) },
  // request-target forms
  { name: 'absolute-form, same host', kind: 'same', build: (p, q) => ({ target: `http://x${p}${q}`, host: 'x' }) },
  { name: 'absolute-form, other host than Host', kind: 'same', build: (p, q) => ({ target: `http://evil.example${p}${q}`, host: 'x' }) },
  { name: 'absolute-form https', kind: 'same', build: (p, q) => ({ target: `https://x${p}${q}`, host: 'x' }) },
  {
    name: 'absolute-form, no Host, HTTP/1.0',
    kind: 'pathless',
    build: (p, q) => ({ target: `http://x${p}${q}`, host: null, version: 'HTTP/1.0' }),
  },
  { name: 'absolute-form, Host: a b', kind: 'pathless', build: (p, q) => ({ target: `http://x${p}${q}`, host: 'a b' }) },
  { name: 'absolute-form, no Host, HTTP/1.1', kind: 'bun400', build: (p, q) => ({ target: `http://x${p}${q}`, host: null }) },
  { name: '"/./" segment', kind: 'same', build: (p, q) => ({ target: `/.${p}${q}`, host: 'x' }) },
  { name: '"/x/../" segment', kind: 'same', build: (p, q) => ({ target: `/x/..${p}${q}`, host: 'x' }) },
  { name: '"%2e" segment', kind: 'same', build: (p, q) => ({ target: `/%2e${p}${q}`, host: 'x' }) },
  { name: '"%2e%2e" segment', kind: 'same', build: (p, q) => ({ target: `/%2e%2e${p}${q}`, host: 'x' }) },
  { name: 'leading "//"', kind: 'other', build: (p, q) => ({ target: `/${p}${q}`, host: 'x' }) },
  { name: 'encoded slashes', kind: 'bun400', build: (p, q) => ({ target: `${p.replaceAll('/', '%2F')}${q}`, host: 'x' }) },
  {
    name: 'encoded slashes after the first',
    kind: 'other',
    build: (p, q) => ({ target: `/${p.slice(1).includes('/') ? p.slice(1).replaceAll('/', '%2F') : `${p.slice(1)}%2F`}${q}`, host: 'x' }),
  },
  { name: 'upper-case path', kind: 'other', build: (p, q) => ({ target: `${p.toUpperCase()}${q}`, host: 'x' }) },
  { name: 'query holding "///health"', kind: 'same', build: (p, q) => ({ target: `${p}${q ? `${q}&` : '?'}x=///health`, host: 'x' }) },
  {
    name: 'query holding "///health", no Host, HTTP/1.0',
    kind: 'garbled',
    build: (p, q) => ({ target: `${p}${q ? `${q}&` : '?'}x=///health`, host: null, version: 'HTTP/1.0' }),
  },
  { name: 'trailing slash', kind: 'loose', build: (p, q) => ({ target: `${p}/${q}`, host: 'x' }) },
  { name: '"/.." above the root', kind: 'same', build: (p, q) => ({ target: `/..${p}${q}`, host: 'x' }) },
  { name: 'target without a leading slash', kind: 'bun400', build: (p, q) => ({ target: `${p.slice(1)}${q}`, host: 'x' }) },
]

const SECURITY_HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'referrer-policy',
  'cache-control',
  'cross-origin-resource-policy',
  'x-request-id',
]

/** Status the service must answer for a route class, a variant kind and whether the secret was sent. */
function expected(cls: RouteClass, kind: Kind, secret: boolean): number {
  if (kind === 'bun400') return 400
  if (cls === 'public' && (kind === 'same' || kind === 'pathless')) return 200 // exactly /health
  if (!secret) return 403 // every other path, unknown ones included
  if (kind === 'pathless' || kind === 'garbled') return 400 // host_invalid
  if (kind === 'other') return 404
  return ROUTES[cls].ok
}

function requestBytes(v: Variant, cls: RouteClass, secret: boolean): string {
  const { target, host, version = 'HTTP/1.1' } = v.build(ROUTES[cls].path, ROUTES[cls].query)
  const lines = [`GET ${target} ${version}`]
  for (const h of Array.isArray(host) ? host : host === null ? [] : [host]) lines.push(`Host: ${h}`)
  if (secret) lines.push(`X-RapidAPI-Proxy-Secret: ${SECRET}`, 'X-RapidAPI-Subscription: PRO', `X-RapidAPI-User: host-table-${cls}`)
  lines.push('Connection: close')
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** True when a body holds data from the database or the OpenAPI document. */
function carriesData(body: string): boolean {
  return /"results"|"items"|"inci_name"|"openapi"|"ingredients":\s*\d|GLYCERIN/i.test(body)
}

test('the variant table has at least 40 Host/request-target variants', () => {
  expect(VARIANTS.length).toBeGreaterThanOrEqual(40)
})

test('the reported request no longer gets data without the secret', async () => {
  const res = await rawRequest(port, 'GET /v1/ingredients/inci?q=glycerin&x=///health HTTP/1.0\r\n\r\n')
  expect(res.status).toBe(403)
  expect(JSON.parse(res.body).code).toBe('proxy_secret_invalid')
  expect(carriesData(res.body)).toBe(false)
})

describe.each(VARIANTS.map((v) => [v.name, v] as const))('%s', (_name, variant) => {
  test.each([
    ['no secret', false],
    ['right secret', true],
  ] as const)('%s', async (_label, secret) => {
    for (const cls of Object.keys(ROUTES) as RouteClass[]) {
      const res: RawResponse = await rawRequest(port, requestBytes(variant, cls, secret))
      const want = expected(cls, variant.kind, secret)
      expect({ cls, status: res.status }).toEqual({ cls, status: want })
      if (res.status !== 200) expect({ cls, data: carriesData(res.body) }).toEqual({ cls, data: false })
      if (variant.kind === 'bun400') continue // Bun's own answer (README: "In front of it")
      for (const h of SECURITY_HEADERS) expect({ cls, h, present: res.headers[h] !== undefined }).toEqual({ cls, h, present: true })
      if (res.status !== 200) {
        expect(res.headers['content-type']).toBe('application/problem+json')
        const code = JSON.parse(res.body).code
        if (want === 403) expect(code).toBe('proxy_secret_invalid')
        if (want === 400) expect(code).toBe('host_invalid')
        if (want === 404) expect(code).toBe('not_found')
      }
    }
  })
})
