/**
 * Reference servers for bench/run.ts, printing their port on stdout:
 *
 *   bun bench/peers/bun-peer.ts limit|floor DB_FILE PORT [SEED_JSON]
 *
 * - `limit`: the physical limit of this stack — a bare `Bun.serve` answering the exact
 *   INCI and Korean lookups with ONE prepared bun:sqlite statement per request: an index
 *   seek that returns the response body, byte for byte the one the product sends on the
 *   BASIC plan. The body of a (key, language) is computed once by lookup.sql and kept in an
 *   in-memory table, as the product keeps its records in memory (DESIGN.md: "every
 *   per-request step is a lookup"). /health as the product: a count taken once, a probe per call.
 *   POST /v1/analyze (when the seed holds analyses): the body is read, and the product's
 *   answer to that exact body is sent, as UTF-8 bytes encoded once — the physical limit for
 *   a response of that size on this stack (no parsing, no analysis, no serialization).
 * - `floor`: the same plus the response headers every product answer must carry: the seven
 *   security headers (src/security/headers.ts), a fresh X-Request-Id, RateLimit-Policy and
 *   RateLimit — constant values, no checks, no log.
 * No routing library, no validation, no proxy secret, no log: nothing a product could skip.
 */
import { Database } from 'bun:sqlite'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { API_HEADERS } from '../../src/security/headers.ts'

const [mode, dbFile, port, seedFile] = process.argv.slice(2)
if ((mode !== 'limit' && mode !== 'floor') || !dbFile || !port)
  throw new Error('usage: bun bench/peers/bun-peer.ts limit|floor DB_FILE PORT [SEED_JSON]')
const db = new Database(dbFile, { readonly: true })
const lookup = db.query<{ body: string }, { $query: string; $key: string; $lang: string }>(
  readFileSync(join(import.meta.dir, 'lookup.sql'), 'utf8'),
)
// The body without the echoed query, split where the query goes: {"query":<q>,"match":…}.
const memory = new Database(':memory:')
memory.run('CREATE TABLE bodies (key TEXT NOT NULL, lang TEXT NOT NULL, tail TEXT NOT NULL, PRIMARY KEY (key, lang)) WITHOUT ROWID')
const byKey = memory.query<{ tail: string }, [string, string]>('SELECT tail FROM bodies WHERE key = ? AND lang = ?')
const remember = memory.query('INSERT INTO bodies (key, lang, tail) VALUES (?, ?, ?)')
// Bodies the bench read from the product: lookups ({ key, lang, tail }: when the product's
// answer has grown past what lookup.sql builds, the limit still sends exactly the product's
// bytes) and analyses ({ path, request, response }: the product's answer to that exact body).
type SeedRow = { key: string; lang: string; tail: string } | { path: string; request: string; response: string }
const posts = new Map<string, Uint8Array>()
if (seedFile) {
  for (const b of JSON.parse(readFileSync(seedFile, 'utf8')) as SeedRow[]) {
    if ('path' in b) posts.set(`${b.path}\n${b.request}`, new TextEncoder().encode(b.response))
    else remember.run(b.key, b.lang, b.tail)
  }
}
// /health as the product answers it: the count taken once, a constant-time probe per call.
const records = (db.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n
const probe = db.query<{ ok: number }, []>('SELECT 1 AS ok FROM ingredients LIMIT 1')
const started = performance.now()
const JSON_TYPE = 'application/json;charset=utf-8'
const floor = mode === 'floor'

function headers(rateLimited: boolean): Record<string, string> {
  if (!floor) return { 'content-type': JSON_TYPE }
  const h: Record<string, string> = { ...API_HEADERS, 'content-type': JSON_TYPE, 'x-request-id': crypto.randomUUID() }
  if (rateLimited) {
    h['ratelimit-policy'] = '"basic";q=60;w=60'
    h.ratelimit = '"basic";r=59;t=60'
  }
  return h
}

function byName(url: URL, lang: 'en' | 'ko'): Response {
  const q = url.searchParams.get('q') ?? ''
  const key = q.normalize('NFKC').replace(/\s+/gu, ' ').trim().toUpperCase()
  let tail = byKey.get(key, lang)?.tail
  if (tail === undefined) {
    const body = lookup.get({ $query: '', $key: key, $lang: lang })!.body
    tail = body.slice('{"query":""'.length)
    remember.run(key, lang, tail)
  }
  return new Response(`{"query":${JSON.stringify(q)}${tail}`, { headers: headers(true) })
}

/** A seeded POST answer: the product's bytes for this exact body, else a 404 (not seeded). */
async function seeded(request: Request, path: string): Promise<Response> {
  const bytes = posts.get(`${path}\n${await request.text()}`)
  if (bytes === undefined) return new Response('{"status":404}', { status: 404, headers: headers(false) })
  return new Response(bytes, { headers: headers(true) })
}

Bun.serve({
  port: Number(port),
  hostname: '127.0.0.1',
  development: false,
  fetch(request) {
    const url = new URL(request.url)
    if (request.method === 'POST') return seeded(request, url.pathname)
    switch (url.pathname) {
      case '/v1/ingredients/inci':
        return byName(url, 'en')
      case '/v1/ingredients/korean':
        return byName(url, 'ko')
      case '/health':
        return new Response(
          JSON.stringify({
            status: 'ok',
            version: '1.0.0',
            uptime_s: Math.round((performance.now() - started) / 100) / 10,
            ingredients: probe.get()?.ok === 1 ? records : null,
          }),
          { headers: headers(false) },
        )
      default:
        return new Response('{"status":404}', { status: 404, headers: headers(false) })
    }
  },
})
console.log(port)
