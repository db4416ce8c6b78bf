/**
 * Operations against the compiled binary: a failing database alerted once, graceful
 * SIGTERM with requests in flight, failing log destinations, secrets kept out of logs,
 * healthcheck and config check commands. Startup alerts, workers and faults:
 * test/regressions/issue-12-resilience.test.ts.
 * Only loopback; every wait is bounded.
 */

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, copyFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RedisClient } from 'bun'
import { FAKE_BOT_TOKEN, type FakeTelegram, startFakeTelegram } from '../alerts/fake-telegram.ts'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { freePort, REDIS_SERVER, type RedisProcess, startRedis } from '../helpers/redis.ts'
import { sampleDb } from '../helpers/sample-db.ts'

const SECRET = 'lifecycle-proxy-secret-0123456789'
let binary: string
let fake: FakeTelegram
const running: Running[] = []

beforeAll(async () => {
  binary = await ensureBinary()
  fake = await startFakeTelegram()
}, 180_000)

afterAll(async () => {
  for (const r of running) await r.stop('SIGKILL')
  fake?.close()
})

function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ENV: 'prod',
    HOST: '127.0.0.1',
    RAPIDAPI_PROXY_SECRET: SECRET,
    TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
    TELEGRAM_CHAT_ID: '-100123',
    TELEGRAM_API_BASE: fake.url,
    ...extra,
  }
}

async function start(args: string[], env: Record<string, string>, waitListening = true): Promise<Running> {
  const r = await startBinary(args, env, { binary, waitListening })
  running.push(r)
  return r
}

test('a database that breaks under the service: 500 problems without detail, one deduplicated Telegram alert, health 503', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-broken-'))
  const db = join(dir, 'db.sqlite')
  copyFileSync(await sampleDb(), db)
  const r = await start(['serve'], baseEnv({ PORT: '0', DB_PATH: db }))
  const h = { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-Subscription': 'PRO' }
  expect((await fetch(`${r.url}/v1/ingredients/search?q=glyc`, { headers: h })).status).toBe(200)
  const before = fake.messages.length
  truncateSync(db, 0) // the disk under the service goes bad
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${r.url}/v1/ingredients/search?q=zzz${i}`, { headers: { ...h, 'X-RapidAPI-User': `broken-${i}` } })
    statuses.push(res.status)
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('internal_error')
    expect(JSON.stringify(body)).not.toMatch(/sqlite|SQLITE|disk|malformed|\.ts/)
  }
  expect(statuses).toEqual(Array(20).fill(500))
  expect((await fetch(`${r.url}/health`)).status).toBe(503)
  const [alert] = (await fake.waitForMessages(before + 1, 10_000)).slice(before)
  expect(alert!.visibleText).toContain('/v1/ingredients/search')
  await Bun.sleep(1_000)
  expect(fake.messages.length).toBe(before + 1) // 19 repeats suppressed, not sent
  expect(await r.stop()).toBe(0)
}, 60_000)

describe.skipIf(!REDIS_SERVER)('graceful SIGTERM', () => {
  let redis: RedisProcess
  afterAll(async () => redis?.stop())

  test('requests in flight when SIGTERM arrives all complete; then exit 0', async () => {
    redis = await startRedis()
    const r = await start(
      ['serve'],
      baseEnv({ PORT: '0', REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '5000', TELEGRAM_BOT_TOKEN: '', TELEGRAM_CHAT_ID: '' }),
    )
    await r.waitForLine((l) => l.includes('redis connected'))
    expect((await fetch(`${r.url}/v1/stats`, { headers: { 'X-RapidAPI-Proxy-Secret': SECRET } })).status).toBe(200)
    // Pause Redis: every rate-limit check now waits ~1.5 s, so requests stay in flight.
    const admin = new RedisClient(redis.url)
    await admin.send('CLIENT', ['PAUSE', '1500', 'ALL'])
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      fetch(`${r.url}/v1/ingredients/inci?q=glycerin`, {
        headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-User': `slow-${i}` },
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { count: number } })),
    )
    await Bun.sleep(300)
    r.proc.kill('SIGTERM')
    const results = await Promise.all(inFlight)
    expect(results.map((x) => x.status)).toEqual(Array(20).fill(200))
    expect(results.every((x) => x.body.count === 1)).toBe(true)
    expect(await r.stop()).toBe(0)
    expect(r.lines.some((l) => l.includes('"msg":"stopping"'))).toBe(true)
    expect(r.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true)
    admin.close()
  }, 30_000)
})

describe('log destination failures never take the API down', () => {
  test('LOG_FILE=/dev/full: every request still answered correctly', async () => {
    const port = await freePort()
    const r = await start(
      ['serve'],
      baseEnv({ PORT: String(port), LOG_FILE: '/dev/full', TELEGRAM_BOT_TOKEN: '', TELEGRAM_CHAT_ID: '' }),
      false,
    )
    let ok = 0
    const end = Date.now() + 10_000
    while (Date.now() < end && ok === 0) {
      try {
        ok = (await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? 1 : 0
      } catch {
        await Bun.sleep(50)
      }
    }
    expect(ok).toBe(1)
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/ingredients/cas/56-81-5`, {
        headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-User': `full-${i}` },
      })
      expect(res.status).toBe(200)
    }
    expect(await r.stop()).toBe(0)
  }, 30_000)

  test('stdout closed by the reader (EPIPE): still serving', async () => {
    const r = await start(['serve'], baseEnv({ PORT: '0', TELEGRAM_BOT_TOKEN: '', TELEGRAM_CHAT_ID: '' }))
    await (r.proc.stdout as ReadableStream).cancel().catch(() => {})
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${r.url}/v1/ingredients/cas/56-81-5`, {
        headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-User': `pipe-${i}` },
      })
      expect(res.status).toBe(200)
    }
    expect(r.proc.exitCode).toBeNull()
    await r.stop()
  }, 30_000)
})

test('secrets (proxy secret, Telegram token, Redis password) never appear in a log line', async () => {
  const r = await start(['serve'], baseEnv({ PORT: '0', REDIS_URL: 'redis://:redis-password-xyz-123@127.0.0.1:1', LOG_LEVEL: 'debug' }))
  await fetch(`${r.url}/v1/ingredients/search?q=${SECRET}`, {
    headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-Subscription': 'PRO' },
  })
  await fetch(`${r.url}/v1/ingredients/inci?q=${encodeURIComponent(FAKE_BOT_TOKEN)}`, { headers: { 'X-RapidAPI-Proxy-Secret': SECRET } })
  await fetch(`${r.url}/v1/ingredients/inci?q=redis-password-xyz-123`, { headers: { 'X-RapidAPI-Proxy-Secret': SECRET } })
  await fetch(`${r.url}/v1/stats`, { headers: { 'X-RapidAPI-Proxy-Secret': 'wrong' } })
  await Bun.sleep(300)
  await r.stop()
  const all = r.lines.join('\n') + r.stderr()
  expect(r.lines.length).toBeGreaterThan(3)
  for (const secret of [SECRET, FAKE_BOT_TOKEN, FAKE_BOT_TOKEN.split(':')[1]!, 'redis-password-xyz-123']) expect(all).not.toContain(secret)
}, 30_000)

describe('commands', () => {
  test('healthcheck exits 0 when /health is 200 and 1 when nothing answers', async () => {
    const r = await start(['serve'], baseEnv({ PORT: '0', TELEGRAM_BOT_TOKEN: '', TELEGRAM_CHAT_ID: '' }))
    const ok = Bun.spawnSync([binary, 'healthcheck', '--url', `${r.url}/health`])
    expect(ok.exitCode).toBe(0)
    await r.stop()
    const down = Bun.spawnSync([binary, 'healthcheck', '--url', `http://127.0.0.1:${await freePort()}/health`])
    expect(down.exitCode).toBe(1)
  }, 30_000)

  test('config check: ok, or every problem and exit 78; an env file others can read is refused', async () => {
    const ok = Bun.spawnSync([binary, 'config', 'check'], { env: { RAPIDAPI_PROXY_SECRET: SECRET } })
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout.toString()).toContain('configuration ok')
    const bad = Bun.spawnSync([binary, 'config', 'check'], { env: { APP_ENV: 'production', PORT: '-1' } })
    expect(bad.exitCode).toBe(78)
    const err = bad.stderr.toString()
    for (const p of ['APP_ENV', 'PORT', 'RAPIDAPI_PROXY_SECRET']) expect(err).toContain(p)
    const dir = mkdtempSync(join(tmpdir(), 'kbeauty-envfile-'))
    const file = join(dir, 'env')
    writeFileSync(file, `RAPIDAPI_PROXY_SECRET=${SECRET}\n`)
    chmodSync(file, 0o644)
    const open = Bun.spawnSync([binary, 'config', 'check', '--env-file', file], { env: {} })
    expect(open.exitCode).toBe(78)
    expect(open.stderr.toString()).toContain('too open')
    chmodSync(file, 0o600)
    expect(Bun.spawnSync([binary, 'config', 'check', '--env-file', file], { env: {} }).exitCode).toBe(0)
  })
})
