/** Bodies are read with a byte limit: a chunked body is refused as soon as it passes it. */
import { describe, expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { errorHandler } from '../../src/error-handler.ts'
import { bodyLimit, readBoundedText } from '../../src/security/body-limit.ts'

function stream(chunks: number, size: number): { body: ReadableStream<Uint8Array>; sent: () => number } {
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= chunks) return c.close()
      sent++
      c.enqueue(new Uint8Array(size).fill(0x20))
    },
  })
  return { body, sent: () => sent }
}

const app = new Elysia()
  .use(errorHandler())
  .use(bodyLimit({ maxBytes: 1_000 }))
  .post('/echo', ({ body }) => ({ got: body }))

test('a JSON body within the limit is parsed', async () => {
  const res = await app.handle(
    new Request('http://localhost/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,"글"]}' }),
  )
  expect(await res.json()).toEqual({ got: { a: [1, '글'] } })
})

test('a streamed body past the limit → 413 problem, and reading stops there', async () => {
  const s = stream(10_000, 100)
  const res = await app.handle(
    new Request('http://localhost/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: s.body }),
  )
  expect(res.status).toBe(413)
  expect(await res.json()).toMatchObject({ code: 'payload_too_large', detail: 'Request bodies are limited to 1000 bytes.' })
  expect(s.sent()).toBeLessThan(20)
})

test.each([
  ['not JSON', '{"a":', 'The request body is not valid JSON.'],
  ['invalid UTF-8', new Uint8Array([0x22, 0xff, 0xfe, 0x22]), 'The request body is not valid UTF-8.'],
  ['nested 100,000 deep', '['.repeat(100_000), 'The request body is not valid JSON.'],
])('%s → 400 invalid_body', async (_label, body, detail) => {
  const big = new Elysia()
    .use(errorHandler())
    .use(bodyLimit({ maxBytes: 1_000_000 }))
    .post('/echo', ({ body }) => ({ got: body }))
  const res = await big.handle(
    new Request('http://localhost/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  )
  expect(res.status).toBe(400)
  expect(await res.json()).toMatchObject({ code: 'invalid_body', detail })
})

test('readBoundedText of no body is the empty string', async () => {
  expect(await readBoundedText(null, 10)).toBe('')
})

test('bad options throw when the plugin is built', () => {
  expect(() => bodyLimit({ maxBytes: 0 })).toThrow('maxBytes must be a positive integer')
})

describe('a body with a declared Content-Length (read in one call)', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string>) =>
    app.handle(new Request('http://localhost/echo', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }))

  test('within the limit → parsed as strict UTF-8 JSON', async () => {
    const body = '{"a":[1,"글"]}'
    const res = await post(body, { 'content-length': String(Buffer.byteLength(body)) })
    expect(await res.json()).toEqual({ got: { a: [1, '글'] } })
    const bad = await post(new Uint8Array([0x22, 0xff, 0x22]), { 'content-length': '3' })
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'invalid_body'])
  })

  test('a declared length that does not hold (more bytes than declared, past the limit) → 413, fail closed', async () => {
    const res = await post(`"${'x'.repeat(5_000)}"`, { 'content-length': '10' })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', detail: 'Request bodies are limited to 1000 bytes.' })
  })

  test('a declared length over the limit is read chunk by chunk and refused', async () => {
    const s = stream(10_000, 100)
    const res = await app.handle(
      new Request('http://localhost/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000000' },
        body: s.body,
      }),
    )
    expect(res.status).toBe(413)
    expect(s.sent()).toBeLessThan(20)
  })
})
