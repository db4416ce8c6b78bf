/**
 * The hostile-traffic corpus (issue #15): what an attacker, a broken client or a fuzzer
 * sends. Each case has a name so a failure says exactly which input did it.
 *  - `http` cases go through fetch (valid HTTP, any bytes percent-encoded in the target);
 *  - `raw` cases are bytes written to a socket (odd Host headers and request targets,
 *    NUL and invalid UTF-8 in headers, framing Bun's parser itself must refuse).
 */
export type HttpCase = {
  kind: 'http'
  name: string
  method: string
  /** Path and query exactly as sent (already percent-encoded where needed). */
  target: string
  headers?: Record<string, string>
  body?: string
  /** Leave out the proxy secret (unauthorised). */
  noSecret?: boolean
}
export type RawCase = { kind: 'raw'; name: string; bytes: Uint8Array }
export type Case = HttpCase | RawCase

/** Values a fuzzer puts in a name parameter; raw strings, percent-encoded by the caller. */
export const FUZZ_VALUES: Record<string, string> = {
  'sql quote': "' OR 1=1 --",
  'sql drop': "glycerin'; DROP TABLE names; --",
  'sql union': "x' UNION SELECT sql FROM sqlite_schema --",
  'sql comment': 'glycerin/**/--',
  'like wildcards': '%',
  'like underscore': '___',
  'like mixed': '%a%_%',
  'like escape': '\\%\\_',
  'fts quote': '"',
  'fts unbalanced': '"acid',
  'fts star': 'acid*',
  'fts near': 'NEAR(acid glycerin)',
  'fts boolean': 'acid OR water NOT glycerin',
  'fts column': 'name:glycerin',
  'fts caret': '^glycerin',
  'fts parens': '((((((acid',
  'bidi override': 'glyc\u202Eerin',
  'bidi isolate': '\u2066glycerin\u2069',
  'rtl mark': 'glycerin\u200F',
  'combining marks': 'g\u0301l\u0302y\u0303c\u0304e\u0305r\u0306i\u0307n\u0308',
  zalgo: `a${'\u0336\u0337\u0338\u0334'.repeat(200)}`,
  'full-width': 'ＧＬＹＣＥＲＩＮ',
  'nfd korean': '글리세린'.normalize('NFD'),
  'nfd korean partial': `${'나이아신'.normalize('NFD')}아마이드`,
  'zero-width': 'gly\u200Bcer\u200Din',
  emoji: '🧴🧪💧',
  'hangul jamo only': 'ㄱㄴㄷ',
  chinese: '甘油',
  ligature: 'ﬁ',
  'turkish i': 'İ',
  'long 1k': 'a'.repeat(1_000),
  'long 3k': 'b'.repeat(3_000),
  'long korean': '가'.repeat(700),
  'whitespace only': '   \t ',
  empty: '',
  newline: 'glycerin\r\nX-Injected: 1',
}

/** Raw percent-encoded values (sent as they are). */
export const RAW_QUERY_VALUES: Record<string, string> = {
  'nul byte': 'glycerin%00',
  'nul only': '%00',
  'bad percent lone': '%',
  'bad percent digits': '%zz',
  'bad percent truncated': 'gly%E',
  'invalid utf-8 ff': '%FF%FE',
  'invalid utf-8 overlong': '%C0%AF',
  'invalid utf-8 surrogate': '%ED%A0%80',
  'invalid utf-8 truncated': '%E0%A4',
  'utf-8 bom': '%EF%BB%BFglycerin',
  'plus as space': 'sodium+hyaluronate',
  'double encoded': '%2525',
  'encoded ampersand': 'a%26q%3Db',
}

const enc = (s: string) => encodeURIComponent(s)

/** The corpus: every fuzz value in every GET parameter, then the structural cases. */
export function hostileCases(): Case[] {
  const out: Case[] = []
  const getters = [
    (v: string) => `/v1/ingredients/inci?q=${v}`,
    (v: string) => `/v1/ingredients/korean?q=${v}`,
    (v: string) => `/v1/ingredients/chinese?q=${v}`,
    (v: string) => `/v1/ingredients/search?q=${v}`,
    (v: string) => `/v1/ingredients/search?q=acid&limit=${v}`,
    (v: string) => `/v1/ingredients/search?q=acid&cursor=${v}`,
    (v: string) => `/v1/ingredients/cas/${v}`,
    (v: string) => `/v1/ingredients/${v}`,
    (v: string) => `/v1/functions/${v}/ingredients`,
  ]
  for (const [name, value] of Object.entries(FUZZ_VALUES)) {
    for (const g of getters) out.push({ kind: 'http', name: `GET ${g('…')} ${name}`, method: 'GET', target: g(enc(value)) })
  }
  for (const [name, value] of Object.entries(RAW_QUERY_VALUES)) {
    for (const g of getters) out.push({ kind: 'http', name: `GET ${g('…')} ${name}`, method: 'GET', target: g(value) })
  }
  // Malformed, unauthorised, over-plan.
  const http = (name: string, method: string, target: string, extra: Partial<HttpCase> = {}): HttpCase => ({
    kind: 'http',
    name,
    method,
    target,
    ...extra,
  })
  out.push(
    http('missing q', 'GET', '/v1/ingredients/inci'),
    http('repeated q', 'GET', '/v1/ingredients/inci?q=a&q=b'),
    http('unknown parameter', 'GET', '/v1/ingredients/inci?q=glycerin&debug=1'),
    http('limit zero', 'GET', '/v1/ingredients/search?q=acid&limit=0'),
    http('limit negative', 'GET', '/v1/ingredients/search?q=acid&limit=-1'),
    http('limit huge', 'GET', '/v1/ingredients/search?q=acid&limit=99999999999999999999'),
    http('cas bad digit', 'GET', '/v1/ingredients/cas/56-81-6'),
    http('id overflow', 'GET', '/v1/ingredients/99999999999999999999999'),
    http('unknown route', 'GET', '/v1/nope'),
    http('wrong method', 'DELETE', '/v1/ingredients/inci?q=glycerin'),
    http('put on health', 'PUT', '/health', { body: '{}' }),
    http('no secret', 'GET', '/v1/ingredients/inci?q=glycerin', { noSecret: true }),
    http('no secret stats', 'GET', '/v1/stats', { noSecret: true }),
    http('wrong secret', 'GET', '/v1/ingredients/inci?q=glycerin', { noSecret: true, headers: { 'X-RapidAPI-Proxy-Secret': 'wrong' } }),
    http('secret in query', 'GET', '/v1/ingredients/inci?q=glycerin&X-RapidAPI-Proxy-Secret=x', { noSecret: true }),
    http('docs without secret', 'GET', '/docs/json', { noSecret: true }),
    http('over plan search', 'GET', '/v1/ingredients/search?q=acid', { headers: { 'X-RapidAPI-Subscription': 'BASIC' } }),
    http('over plan functions', 'GET', '/v1/functions/HUMECTANT/ingredients', { headers: { 'X-RapidAPI-Subscription': 'BASIC' } }),
    http('over plan bulk', 'POST', '/v1/ingredients/lookup', {
      headers: { 'X-RapidAPI-Subscription': 'BASIC', 'Content-Type': 'application/json' },
      body: '{"names":["water"]}',
    }),
    http('over plan analyze', 'POST', '/v1/analyze', {
      headers: { 'X-RapidAPI-Subscription': 'BASIC', 'Content-Type': 'application/json' },
      body: '{"text":"water"}',
    }),
    http('unknown plan', 'GET', '/v1/ingredients/search?q=acid', { headers: { 'X-RapidAPI-Subscription': 'PLATINUM' } }),
    http('plan lower case', 'GET', '/v1/ingredients/search?q=acid', { headers: { 'X-RapidAPI-Subscription': 'mega' } }),
    http('request id injection', 'GET', '/v1/stats', { headers: { 'X-Request-Id': '../../etc/passwd' } }),
    http('x-forwarded-for spoof', 'GET', '/v1/stats', { headers: { 'X-Forwarded-For': '1.2.3.4, 5.6.7.8' } }),
    http('long path', 'GET', `/v1/ingredients/${'a'.repeat(5_000)}`),
    http('long query', 'GET', `/v1/ingredients/inci?q=${'a'.repeat(10_000)}`),
    http('many parameters', 'GET', `/v1/ingredients/inci?${Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')}`),
  )
  // POST bodies: huge, deeply nested, wrong types, wrong media type.
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
  const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
  const bodies: Record<string, { body: string; type?: string }> = {
    'nested arrays 100k': { body: deep(100_000) },
    'nested arrays 10k': { body: deep(10_000) },
    'nested objects 20k': { body: deepObj(20_000) },
    'nested in field': { body: `{"text":${deep(5_000)}}` },
    'huge 1 MB': { body: `{"text":"${'a'.repeat(1_000_000)}"}` },
    'huge 200 KB': { body: `{"ingredients":[${Array.from({ length: 20_000 }, () => '"water"').join(',')}]}` },
    'just over 64 KB': { body: `{"text":"${'a'.repeat(65_600)}"}` },
    '10k keys': { body: `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":1`).join(',')}}` },
    'invalid json': { body: '{"text": "water",' },
    'json null': { body: 'null' },
    'json number': { body: '12345678901234567890e99999' },
    'json string': { body: '"water"' },
    'text wrong type': { body: '{"text": 42}' },
    'ingredients wrong type': { body: '{"ingredients": "water"}' },
    'names of objects': { body: '{"names":[{"a":1},[1],null,true]}' },
    'proto pollution': { body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"text":"water"}' },
    'nul in json': { body: '{"text":"water\\u0000glycerin"}' },
    'lone surrogate in json': { body: '{"text":"\\ud800water"}' },
    'invalid utf-8 in body': { body: '{"text":"\xff\xfe"}' },
    'text/plain': { body: '{"text":"water"}', type: 'text/plain' },
    form: { body: 'text=water', type: 'application/x-www-form-urlencoded' },
    'no content type': { body: '{"text":"water"}', type: '' },
    'empty body': { body: '' },
  }
  for (const path of ['/v1/analyze', '/v1/ingredients/lookup']) {
    for (const [name, b] of Object.entries(bodies)) {
      const headers: Record<string, string> = { 'X-RapidAPI-Subscription': 'MEGA' }
      if (b.type !== '') headers['Content-Type'] = b.type ?? 'application/json'
      out.push(http(`POST ${path} ${name}`, 'POST', path, { headers, body: b.body }))
    }
  }
  out.push(...rawCases())
  return out
}

const te = new TextEncoder()
const raw = (name: string, text: string | Uint8Array): RawCase => ({
  kind: 'raw',
  name,
  bytes: typeof text === 'string' ? te.encode(text) : text,
})
const concat = (...parts: (string | Uint8Array)[]) => {
  const bufs = parts.map((p) => (typeof p === 'string' ? te.encode(p) : p))
  const out = new Uint8Array(bufs.reduce((a, b) => a + b.length, 0))
  let o = 0
  for (const b of bufs) {
    out.set(b, o)
    o += b.length
  }
  return out
}

/**
 * Raw requests. `SECRET` in the text is replaced by the proxy secret before sending;
 * every request asks to close, so the end of the response is the end of the stream.
 */
function rawCases(): RawCase[] {
  const h = 'X-RapidAPI-Proxy-Secret: SECRET\r\nX-RapidAPI-Subscription: MEGA\r\nConnection: close\r\n'
  const req = (target: string, host: string | null = 'localhost', extra = '') =>
    `GET ${target} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}${h}${extra}\r\n`
  return [
    raw('no Host header', req('/v1/stats', null)),
    raw('empty Host', req('/v1/stats', '')),
    raw('Host 1 char', req('/health?/v1/stats', 'a')),
    raw('Host 3 chars, health bypass attempt without secret', 'GET /health?/v1/stats HTTP/1.1\r\nHost: abc\r\nConnection: close\r\n\r\n'),
    raw('Host with space', req('/v1/stats', 'evil host')),
    raw('Host long', req('/v1/stats', 'h'.repeat(4_000))),
    raw('Host bad port', req('/v1/stats', 'localhost:99999')),
    raw('Host with path', req('/v1/stats', 'localhost/health')),
    raw('Host with at', req('/v1/stats', 'user@evil')),
    raw('two Hosts', req('/v1/stats', 'a', 'Host: b\r\n')),
    raw('absolute-form target', req('http://evil.example/v1/stats')),
    raw('absolute-form health bypass without secret', 'GET http://x/health?/v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('absolute-form to health path, other route', 'GET http://x/v1/stats#/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('double slash', req('//v1/stats')),
    raw('dot segments to v1 without secret', 'GET /health/../v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('encoded dot segments without secret', 'GET /health/%2e%2e/v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('dot segment', req('/./v1/stats')),
    raw('asterisk-form', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('authority-form', 'CONNECT x:443 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('no leading slash', req('v1/stats')),
    raw('fragment', req('/v1/stats#frag')),
    raw('health with trailing slash without secret', 'GET /health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('HEALTH upper case without secret', 'GET /HEALTH HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('HTTP/1.0 no Host', 'GET /v1/stats HTTP/1.0\r\nX-RapidAPI-Proxy-Secret: SECRET\r\n\r\n'),
    raw('HTTP/2.0 request line', 'GET /v1/stats HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('HTTP/9.9', 'GET /v1/stats HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('lower-case method', 'get /v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('unknown method', 'BREW /v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    raw('space in target', req('/v1/ingredients/inci?q=a b')),
    raw('tab in target', req('/v1/ingredients/inci?q=a\tb')),
    raw('NUL in target', concat('GET /v1/ingredients/inci?q=a', new Uint8Array([0]), `b HTTP/1.1\r\nHost: x\r\n${h}\r\n`)),
    raw(
      'invalid UTF-8 in target',
      concat('GET /v1/ingredients/inci?q=', new Uint8Array([0xff, 0xfe, 0xc0, 0xaf]), ` HTTP/1.1\r\nHost: x\r\n${h}\r\n`),
    ),
    raw('raw UTF-8 in target', req('/v1/ingredients/korean?q=글리세린')),
    raw('NUL in header value', concat(`GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}X-RapidAPI-User: a`, new Uint8Array([0]), 'b\r\n\r\n')),
    raw(
      'invalid UTF-8 in consumer header',
      concat(`GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}X-RapidAPI-User: `, new Uint8Array([0xff, 0xc0]), '\r\n\r\n'),
    ),
    raw('obs-fold header', `GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}X-Thing: a\r\n b\r\n\r\n`),
    raw('header without colon', `GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}NoColon\r\n\r\n`),
    raw('space before colon', `GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}X-A : b\r\n\r\n`),
    raw('huge header', `GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}X-Big: ${'a'.repeat(100_000)}\r\n\r\n`),
    raw(
      'many headers',
      `GET /v1/stats HTTP/1.1\r\nHost: x\r\n${h}${Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}\r\n`,
    ),
    raw('bare LF line ends', 'GET /v1/stats HTTP/1.1\nHost: x\nX-RapidAPI-Proxy-Secret: SECRET\nConnection: close\n\n'),
    raw(
      'content-length and chunked',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ),
    raw(
      'bad chunk size',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ),
    raw(
      'negative content-length',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
    ),
    raw(
      'two content-lengths',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ),
    raw(
      'content-length larger than body',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{}`,
    ),
    raw(
      'chunked huge declared',
      `POST /v1/analyze HTTP/1.1\r\nHost: x\r\n${h}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n{}\r\n`,
    ),
    raw(
      'pipelined smuggling attempt',
      `GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\n\r\nGET /v1/stats HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
    raw('garbage', concat(new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)), '\r\n\r\n')),
    raw('TLS client hello on plain port', new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])),
  ]
}
