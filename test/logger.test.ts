/** Request log lines: fields, secrets never logged, control characters cannot forge lines. */
import { beforeAll, expect, test } from 'bun:test'
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_LOGGED_QUERY, redactQuery, safeDestination } from '../src/logger.ts'
import { makeApp, SECRET } from './helpers/app.ts'
import { sampleDb } from './helpers/sample-db.ts'

let db: string
beforeAll(async () => {
  db = await sampleDb()
})

test('one JSON line per request with the documented fields', async () => {
  const t = makeApp(db)
  await t.call('/v1/ingredients/inci?q=glycerin', {
    'x-request-id': 'log-test-id-0001',
    'x-rapidapi-user': 'logger-user',
    'x-rapidapi-subscription': 'PRO',
  })
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

test('every refused request is logged with its method and the route it would reach, else its path', async () => {
  const t = makeApp(db)
  await t.call('/v1/ingredients/cas/56-81-6', { 'x-rapidapi-user': 'logger-user2' })
  await t.call('/nowhere', { 'x-rapidapi-user': 'logger-user2' })
  await t.call('/v1/stats', { 'x-rapidapi-proxy-secret': 'wrong-secret-value-here' })
  await t.call('/v1/stats', {}, { method: 'POST' })
  await t.call(`/v1/ingredients/inci?q=${'a'.repeat(10_000)}`)
  await t.call('/v1/functions/HUMECTANT/ingredients', { 'x-rapidapi-subscription': 'BASIC' })
  await Bun.sleep(0)
  const lines = t.lines.map((l) => JSON.parse(l))
  expect(lines.map((l) => [l.method, l.route, l.path, l.status])).toEqual([
    ['GET', '/v1/ingredients/cas/:cas', undefined, 400],
    ['GET', null, '/nowhere', 404],
    ['GET', '/v1/stats', undefined, 403],
    ['POST', null, '/v1/stats', 405],
    ['GET', '/v1/ingredients/inci', undefined, 413],
    ['GET', '/v1/functions/:name/ingredients', undefined, 403],
  ])
})

test('a 429 is logged with its route; queries are logged decoded (Korean readable)', async () => {
  const t = makeApp(db)
  for (let i = 0; i < 61; i++)
    await t.call(`/v1/ingredients/korean?q=${encodeURIComponent('글리세린')}`, {
      'x-rapidapi-subscription': 'BASIC',
      'x-rapidapi-user': 'rl-log',
    })
  await Bun.sleep(0)
  const last = JSON.parse(t.lines.at(-1)!)
  expect(last).toMatchObject({ method: 'GET', route: '/v1/ingredients/korean', status: 429, query: 'q=글리세린' })
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

test('a log pipe that fills up drops whole batches (counted) and never glues a cut line to the next one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-log-fifo-'))
  const fifo = join(dir, 'log.fifo')
  expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0)
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
  try {
    // A long line already waiting (eight pages and a bit) leaves the pipe room for only part
    // of the first batch: Linux takes the whole free pages and stops, so a line gets cut.
    writeSync(writer, `${JSON.stringify({ prefill: 'p'.repeat(8 * 4096 + 100) })}\n`)
    const dest = safeDestination({ fd: writer })
    const line = (i: number) => `${JSON.stringify({ msg: 'request', i, pad: 'x'.repeat(200) })}\n`
    // About 2.7 MB against a pipe of 64 KiB that nobody reads: most batches cannot be written.
    for (let i = 0; i < 10_000; i++) dest.write(line(i))
    dest.flush()
    expect(dest.dropped()).toBeGreaterThan(0)
    const drain = () => {
      const chunks: Buffer[] = []
      const buf = Buffer.alloc(1 << 16)
      for (let n = 0; n < 1_000; n++) {
        let got = 0
        try {
          got = readSync(reader, buf)
        } catch {
          break // EAGAIN: empty
        }
        if (got <= 0) break
        chunks.push(Buffer.from(buf.subarray(0, got)))
      }
      return Buffer.concat(chunks).toString()
    }
    const first = drain()
    dest.write(line(-1))
    dest.flush()
    const lines = (first + drain()).split('\n').filter((l) => l !== '')
    // Whole lines parse; at most one line (the one the full pipe cut) does not, and the
    // line written after the pipe was drained stands alone.
    const broken = lines.filter((l) => {
      try {
        JSON.parse(l)
        return false
      } catch {
        return true
      }
    })
    expect(broken.length).toBeLessThanOrEqual(1)
    expect(JSON.parse(lines.at(-1)!).i).toBe(-1)
    // Every line is either written whole or counted as dropped.
    expect(lines.length - broken.length + dest.dropped()).toBe(1 + 10_001)
  } finally {
    closeSync(reader)
    closeSync(writer)
    rmSync(dir, { recursive: true, force: true })
  }
})
