/**
 * What `serve` says when it starts (compiled binary): the listening line writes an IPv6
 * address as [::1]:port and names the database it serves; dev without a secret logs one
 * warning line, prod with a secret none.
 */
import { afterAll, expect, test } from 'bun:test'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { sampleDb } from '../helpers/sample-db.ts'

const running: Running[] = []
afterAll(async () => {
  for (const r of running) await r.stop()
})

const parsed = (r: Running) => r.lines.map((l) => JSON.parse(l) as Record<string, unknown>)

test('HOST=::1 and DB_PATH: "[::1]:port" and the database path in the listening line', async () => {
  const binary = await ensureBinary()
  const db = await sampleDb()
  const r = await startBinary(
    ['serve'],
    { RAPIDAPI_PROXY_SECRET: 'listening-secret-0123456789', PORT: '0', HOST: '::1', DB_PATH: db },
    { binary },
  )
  running.push(r)
  const listening = parsed(r).find((l) => l.msg === 'listening')!
  expect(listening.address).toMatch(/^\[::1\]:\d+$/)
  expect(listening.database).toBe(db)
  expect(parsed(r).filter((l) => l.level === 40 || l.level === 'warn')).toEqual([])
  const res = await fetch(`http://${listening.address as string}/health`)
  expect(res.status).toBe(200)
}, 60_000)

test('dev without a proxy secret: exactly one warning line, before serving', async () => {
  const binary = await ensureBinary()
  const r = await startBinary(['serve'], { APP_ENV: 'dev', ALLOW_MISSING_PROXY_SECRET: 'true', PORT: '0', HOST: '127.0.0.1' }, { binary })
  running.push(r)
  await r.waitForLine((l) => l.includes('no proxy secret'))
  const warnings = parsed(r).filter((l) => l.level === 40 || l.level === 'warn')
  expect(warnings.map((w) => w.msg)).toEqual([
    'no proxy secret: every request is served without one (APP_ENV=dev, ALLOW_MISSING_PROXY_SECRET=true); never expose this instance',
  ])
  expect(parsed(r).find((l) => l.msg === 'listening')!.database).toBe('embedded')
}, 60_000)
