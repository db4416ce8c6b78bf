/**
 * Regression (issue #9): load-balancer health checks send `GET /health HTTP/1.0` without a
 * Host header, or with an odd one. They must answer 200 with the security headers (and
 * never unlock any other path).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { API_HEADERS } from '../../src/security/headers.ts'
import { serveBinary } from '../helpers/binary.ts'
import { rawRequest } from '../helpers/raw-http.ts'

let server: Awaited<ReturnType<typeof serveBinary>>
let port: number
beforeAll(async () => {
  server = await serveBinary('health-no-host-secret-0123456789')
  port = server.port
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

test.each([
  ['HTTP/1.0, no Host', 'GET /health HTTP/1.0\r\n\r\n'],
  ['HTTP/1.0, empty Host', 'GET /health HTTP/1.0\r\nHost:\r\n\r\n'],
  ['HTTP/1.1, Host "a b"', 'GET /health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'],
  ['HTTP/1.1, Host "lb/probe"', 'GET /health HTTP/1.1\r\nHost: lb/probe\r\nConnection: close\r\n\r\n'],
  ['HTTP/1.0, query', 'GET /health?probe=1 HTTP/1.0\r\n\r\n'],
  ['HEAD, HTTP/1.0, no Host', 'HEAD /health HTTP/1.0\r\n\r\n'],
])('%s → 200 with the security headers', async (_label, request) => {
  const res = await rawRequest(port, request)
  expect(res.status).toBe(200)
  for (const [k, v] of Object.entries(API_HEADERS)) expect(res.headers[k]).toBe(v)
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  if (!request.startsWith('HEAD')) expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', ingredients: expect.any(Number) })
})
