/**
 * Regression (issue #9): a body whose declared Content-Length was above 1 MiB got Bun's
 * bare 413 — none of the security headers, no X-Request-Id, no problem body — because
 * Bun's own body limit answered before the app. Bun's limit is now out of reach and the
 * app answers every over-limit body with its 413 problem, whatever the declared size.
 * (Content-Length values of 18 digits or more are refused by Bun's parser itself with a
 * bare 400; README "In front of it".)
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { API_HEADERS } from '../../src/security/headers.ts'
import { serveBinary } from '../helpers/binary.ts'
import { rawRequest } from '../helpers/raw-http.ts'

const SECRET = 'oversized-body-secret-0123456789'
let server: Awaited<ReturnType<typeof serveBinary>>
let port: number
beforeAll(async () => {
  server = await serveBinary(SECRET)
  port = server.port
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

test.each([
  ['64 KiB + 1', '65537'],
  ['1 MiB + 1', '1048577'],
  ['1 GB', '1000000000'],
  ['10^16', '10000000000000000'],
  ['17 digits', '99999999999999999'],
])('declared Content-Length %s → the app’s 413 problem with every header', async (_label, length) => {
  const res = await rawRequest(
    port,
    `POST /v1/ingredients/lookup HTTP/1.1\r\nHost: x\r\nX-RapidAPI-Proxy-Secret: ${SECRET}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n{"names":[`,
  )
  expect(res.status).toBe(413)
  for (const [k, v] of Object.entries(API_HEADERS)) expect(res.headers[k]).toBe(v)
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  expect(res.headers['content-type']).toBe('application/problem+json')
  expect(JSON.parse(res.body)).toMatchObject({ status: 413, code: 'payload_too_large' })
})

test('without the secret an oversized body is a 403, not a 413 (the secret is checked first)', async () => {
  const res = await rawRequest(
    port,
    'POST /v1/ingredients/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n',
  )
  expect(res.status).toBe(403)
  expect(res.headers['strict-transport-security']).toBe(API_HEADERS['strict-transport-security']!)
})
