/**
 * `healthcheck` (issue #12, point 4): the local URL is asked directly even when
 * HTTP_PROXY / HTTPS_PROXY are set, and every failure is said in plain words.
 * (The compiled binary is checked the same way in test/regressions/issue-12-resilience.test.ts.)
 */
import { afterAll, expect, test } from 'bun:test'
import { checkHealth, defaultHealthUrl } from '../src/healthcheck.ts'
import { freePort, silentServer } from './helpers/redis.ts'

const healthy = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => Response.json({ status: 'ok' }) })
const sick = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => Response.json({ status: 'unavailable' }, { status: 503 }) })
const proxy = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('proxy says no', { status: 502 }) })
const saved = {
  HTTP_PROXY: process.env.HTTP_PROXY,
  http_proxy: process.env.http_proxy,
  HTTPS_PROXY: process.env.HTTPS_PROXY,
  NO_PROXY: process.env.NO_PROXY,
}
for (const k of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY']) process.env[k] = `http://127.0.0.1:${proxy.port}`
process.env.NO_PROXY = ''
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  for (const s of [healthy, sick, proxy]) s.stop(true)
})

test('with HTTP_PROXY set, a healthy service is healthy (the proxy is never asked)', async () => {
  expect(await checkHealth(`http://127.0.0.1:${healthy.port}/health`)).toEqual({ ok: true })
})

test.each([
  ['a 503', () => `http://127.0.0.1:${sick.port}/health`, 'HTTP 503: {"status":"unavailable"}'],
  ['not a URL', () => 'not a url', 'invalid URL'],
  ['not http', () => 'ftp://127.0.0.1/health', 'invalid URL'],
])('%s: %s', async (_name, url, problem) => {
  expect(await checkHealth(url())).toEqual({ ok: false, problem })
})

test('nothing listening: connection refused', async () => {
  expect(await checkHealth(`http://127.0.0.1:${await freePort()}/health`)).toEqual({ ok: false, problem: 'connection refused' })
})

test('accepts and never answers: timed out, within the deadline', async () => {
  const silent = silentServer()
  const t = performance.now()
  expect(await checkHealth(`http://127.0.0.1:${silent.port}/health`, { timeoutMs: 300 })).toEqual({
    ok: false,
    problem: 'timed out after 300 ms',
  })
  expect(performance.now() - t).toBeLessThan(1_000)
  silent.stop()
})

test.each([
  [{}, 'http://127.0.0.1:8000/health'],
  [{ HOST: '0.0.0.0', PORT: '9000' }, 'http://127.0.0.1:9000/health'],
  [{ HOST: '::1', PORT: '9000' }, 'http://[::1]:9000/health'],
  [{ HOST: '10.1.2.3' }, 'http://10.1.2.3:8000/health'],
])('default URL from %p', (env, url) => {
  expect(defaultHealthUrl(env)).toBe(url)
})
