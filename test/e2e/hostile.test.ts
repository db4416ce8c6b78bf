/**
 * Hostile traffic against the compiled binary for 60 s (issue #15; bench/hostile/ has the
 * corpus and the checks): valid, malformed, unauthorised, over-plan and rate-limited
 * requests plus the fuzz corpus, over fetch and raw sockets. HOSTILE_SECONDS shortens it
 * for a local run.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type HostileReport, runHostile } from '../../bench/hostile/attack.ts'
import { freePort, waitFor200 } from '../../bench/lib/procs.ts'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { ROOT } from '../helpers/sample-db.ts'

const SECONDS = Number(process.env.HOSTILE_SECONDS ?? 60)
const SECRET = 'hostile-proxy-secret-0123456789abcdef'
let server: Running
let db: string
let report: HostileReport

beforeAll(
  async () => {
    await ensureBinary()
    const dir = mkdtempSync(join(tmpdir(), 'kbeauty-hostile-'))
    db = join(dir, 'kbeauty.sqlite')
    copyFileSync(join(ROOT, 'data/kbeauty.sqlite'), db) // the database the build embedded, as a DB_PATH file
    // The request log goes to a file: a minute of attack is too many lines to keep in memory.
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    server = await startBinary(
      ['serve'],
      {
        APP_ENV: 'prod',
        PORT: String(port),
        HOST: '127.0.0.1',
        RAPIDAPI_PROXY_SECRET: SECRET,
        DB_PATH: db,
        LOG_FILE: join(dir, 'service.log'),
      },
      { waitListening: false },
    )
    await waitFor200(`${url}/health`, 15_000, () => server.proc.exitCode === null)
    report = await runHostile({ url, secret: SECRET, seconds: SECONDS, restSeconds: 5, pid: server.proc.pid, dbFile: db })
  },
  180_000 + SECONDS * 1000,
)

afterAll(async () => {
  await server?.stop()
})

test('the attack ran: thousands of requests, every kind of answer; the service never exited', () => {
  if (server.proc.exitCode !== null) throw new Error(`the service exited (${server.proc.exitCode}) during the attack:\n${server.stderr()}`)
  expect(report.requests).toBeGreaterThan(SECONDS * 100)
  for (const status of ['200', '400', '403', '404', '429']) expect(report.by_status[status] ?? 0).toBeGreaterThan(0)
})

test('no promise broken: no 5xx, security headers on every answer, no data in a 403, nothing served without the secret, no hang', () => {
  expect(report.findings).toEqual([])
})

test('the database file is unchanged and the service still answers', async () => {
  expect(report.database.after).toBe(report.database.before!)
  expect(report.by_status['200']).toBeGreaterThan(0)
  expect(server.proc.exitCode).toBeNull()
})

test(`memory grows by at most ${100} MB; the normal client's p99 stays within 10 × its p99 at rest (at least 5 ms)`, () => {
  expect(report.rss_mb.growth!).toBeLessThanOrEqual(report.rss_mb.allowed_growth)
  expect(report.normal_client.failed).toBe(0)
  expect(report.normal_client.factor).toBeLessThanOrEqual(report.normal_client.allowed_factor)
})

test("Bun's own answers are only to requests its parser refuses (listed in the README)", () => {
  // Every raw case the service itself never saw, with what Bun did: kept visible in the report.
  for (const what of Object.values(report.bun_own))
    expect(what).toMatch(/^Bun's bare (400|413|431|505)$|^connection closed|^waits for the rest/)
})
