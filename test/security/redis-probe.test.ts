/** The start-up Redis check names what is wrong and how to fix it, in one line (issue #12, point 2). */
import { afterAll, expect, test } from 'bun:test'
import { probeRedis } from '../../src/security/redis-probe.ts'
import { freePort, noHelloServer, REDIS_SERVER, type RedisProcess, silentServer, startRedis } from '../helpers/redis.ts'

let redis: RedisProcess | undefined
afterAll(async () => redis?.stop())

test.skipIf(!REDIS_SERVER)('a real redis-server passes', async () => {
  redis = await startRedis()
  expect(await probeRedis(redis.url)).toEqual({ ok: true })
})

test('a Redis without HELLO (older than 6, or a proxy that refuses it) is named as such', async () => {
  const fake = noHelloServer()
  expect(await probeRedis(fake.url, 500)).toEqual({
    ok: false,
    problem: `Redis at 127.0.0.1:${fake.port} does not speak RESP3 (HELLO 3 answered "-ERR unknown command 'HELLO'"); use Redis 6 or newer, or a proxy that passes HELLO through`,
  })
  fake.stop()
})

test('a server that never answers: timed out, within the deadline', async () => {
  const fake = silentServer()
  const t = performance.now()
  const r = await probeRedis(fake.url, 300)
  expect(performance.now() - t).toBeLessThan(1_000)
  expect(r).toEqual({
    ok: false,
    problem: `Redis at 127.0.0.1:${fake.port} accepts connections but did not answer HELLO within 300 ms; check REDIS_URL and that Redis is running and reachable`,
  })
  fake.stop()
})

test('nothing listening: connection refused; the password never appears', async () => {
  const port = await freePort()
  const r = await probeRedis(`redis://:hunter2-secret@127.0.0.1:${port}`, 500)
  expect(r).toEqual({
    ok: false,
    problem: `Redis at 127.0.0.1:${port} connection refused; check REDIS_URL and that Redis is running and reachable`,
  })
})
